"""Doctree snapshots of the test root's document page for the html, latex and epub builders,
in the manner of sphinx-design's snippet regressions: a change to what the extension
makes of the data shows up here as a diff, to be read and accepted on purpose.

To accept a deliberate change: ``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest
tests/test_doctree_snapshots.py``, then read the diff of ``tests/snapshots/`` before
committing it.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS

SNAPSHOTS = Path(__file__).parent / "snapshots"
PAGES = ("sources/demo", "register/actors")


def _normalised(text: str, srcdir: Path) -> str:
    """Without what differs between two runs: the temporary folder, absolute paths."""
    text = text.replace(str(srcdir), "<srcdir>")
    return re.sub(r"/tmp/[^\s\"'<>]+", "<tmp>", text)


def _compare(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "snapshot", "now", lineterm="", n=2
        )
        pytest.fail(f"{name} changed:\n" + "\n".join(list(diff)[:80]))


@pytest.mark.parametrize("builder", ["html", "latex", "epub"])
def test_resolved_doctrees_match_their_snapshots(builder: str, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", srcdir)  # the build writes beside its pages
    # The e-book: panels as plain sections (as make epub sets), and the metadata EPUB3 needs.
    overrides: dict[str, object] = {}
    if builder == "epub":
        overrides = {"edition_plain_panels": True, "copyright": "2026", "version": "0"}
    app = SphinxTestApp(builder, srcdir=srcdir, builddir=tmp_path / "out", confoverrides=overrides)
    try:
        app.build()
        assert app.warning.getvalue() == ""
        for docname in PAGES:
            doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
            text = _normalised(doctree.pformat(), srcdir)
            _compare(f"{builder}-{docname.replace('/', '-')}.xml", text)
    finally:
        app.cleanup()
