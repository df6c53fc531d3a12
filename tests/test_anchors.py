"""Stable anchors: the lock fails the check when a published anchor disappears, unless a
redirect or tombstone is declared; the lock only grows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import REPO, line_of
from edition.problems import Code
from edition.project import Project, load_project
from edition.writers import lock_anchors


def _rename_p2(root: Path, new_id: str = "p3") -> None:
    """Give paragraph p2 a new ID everywhere: both texts and the notes that name it."""
    for name, old, new in (
        ("original.yaml", "- id: p2", f"- id: {new_id}"),
        ("translation.yaml", "- id: p2", f"- id: {new_id}"),
        ("notes.yaml", "paragraph: p2", f"paragraph: {new_id}"),
        ("notes.yaml", "{para}`#p2`", f"{{para}}`#{new_id}`"),
        ("mentions.yaml", "paragraph: p2", f"paragraph: {new_id}"),
    ):
        path = root / "sources" / "demo" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _codes(root: Path) -> list[str]:
    return [p.code for p in load_project(root, root / "seeds").problems]


def test_removed_anchor_fails_naming_it(demo_root: Path) -> None:
    _rename_p2(demo_root)
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.ANCHOR_REMOVED]
    lock = demo_root / "sources" / "anchors.lock.yaml"
    assert "'sources/demo#p2'" in problems[0].message
    assert (problems[0].path, problems[0].line) == (lock, line_of(lock, "sources/demo:"))


def test_redirect_keeps_the_anchor(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p3\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == []


def test_tombstone_keeps_the_anchor(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#p2\n  reason: merged into p1\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == []


def test_redirect_to_nowhere_is_an_error(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p4\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == [Code.RETIRED_TARGET]


def test_retiring_a_live_anchor_is_an_error(demo_root: Path) -> None:
    (demo_root / "sources" / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#p1\n  reason: mistake\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == [Code.RETIRED_LIVE]


def test_removed_page_fails(demo_root: Path) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8") + "  old-page: []\n", encoding="utf-8")
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.PAGE_REMOVED]
    assert "'old-page'" in problems[0].message


def test_lock_only_grows(demo_root: Path) -> None:
    _rename_p2(demo_root)
    project = load_project(demo_root, demo_root / "seeds")
    assert lock_anchors(project.lock_path, project.anchors()) == 1
    pages = yaml.safe_load(project.lock_path.read_text(encoding="utf-8"))["pages"]
    assert pages["sources/demo"] == [
        "head",
        "p1",
        "second-part",
        "p2",
        "n-head",
        "n-marker",
        "n-trans",
        "n-second",
        "p3",
    ]


def test_the_real_lock_covers_every_published_anchor(edition: Project, tmp_path: Path) -> None:
    """The committed lock is up to date: `edition lock` would add nothing."""
    copy = tmp_path / "anchors.lock.yaml"
    shutil.copyfile(edition.lock_path, copy)
    added = lock_anchors(copy, edition.anchors())
    assert added == 0, "run `edition lock` and commit sources/anchors.lock.yaml"
    assert edition.problems == []


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-retired")
def test_retired_anchor_still_lands(app_params, make_app) -> None:
    args, kwargs = app_params
    data = kwargs["srcdir"] / "data"
    _rename_p2(data)
    (data / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p3\n  since: 0.2.0\n"
        "- from: sources/old-demo\n  to: sources/demo\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    lock = data / "sources" / "anchors.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8") + "  sources/old-demo: []\n", encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    assert 'id="p2"' in page and 'href="#p3"' in page
    redirect = (app.outdir / "sources" / "old-demo.html").read_text(encoding="utf-8")
    assert 'url=demo.html"' in redirect


def test_ids_are_written_in_the_data_not_invented() -> None:
    """No Sphinx-made ids (id1, term-0) stand for a paragraph on a real page."""
    for path in (REPO / "sources").glob("*/original.yaml"):
        ids = [b["id"] for b in yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]]
        assert not any(i.startswith(("id", "term-")) and i[-1].isdigit() for i in ids), path
