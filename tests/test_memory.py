"""Python's cycle collector during a build (edition.sphinx_ext.memory): paused while Sphinx
reads its environment back and the edition loads its data, restored when the build ends,
and what is alive at the interpreter's exit frozen, not traversed."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from test_incremental import _build, _edition


@pytest.fixture
def collector_at_env_load(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on each time Sphinx read its environment back."""
    from sphinx.application import Sphinx

    seen: list[bool] = []
    load = Sphinx._load_existing_env

    def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return load(self, *args, **kwargs)

    monkeypatch.setattr(Sphinx, "_load_existing_env", recorded)
    return seen


def test_the_collector_rests_while_sphinx_reads_its_environment_back(
    tmp_path: Path, collector_at_env_load: list[bool]
) -> None:
    """Four full collections traversed the environment as it was read back (a tenth of a
    one-note rebuild at N = 1000): the collector is off then, and on again, with nothing
    left frozen, when the build has ended; the build's own setting turns this off."""
    source, out = _edition(tmp_path), tmp_path / "out"
    assert gc.isenabled()
    assert _build(source, out, "1", clean=True) == ""
    (source / "index.md").write_text(
        (source / "index.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    assert _build(source, out, "1", clean=False) == ""
    assert collector_at_env_load == [False]
    assert gc.isenabled() and gc.get_freeze_count() == 0
    conf = source / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nedition_lean_memory = False\n")
    assert _build(source, out, "1", clean=False) == ""
    assert collector_at_env_load[1:] == [True]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_build_that_never_loaded_its_data_leaves_the_collector_as_it_found_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that stops between the pause and the data's load (here its data load fails)
    keeps the collector's first state: the next build restores it, whatever it was."""
    from edition.sphinx_ext import config

    source, out = _edition(tmp_path), tmp_path / "out"
    load = config._load

    def failing(app: Any) -> None:
        raise RuntimeError("the data could not be loaded")

    monkeypatch.setattr(config, "_load", failing)
    from sphinx.cmd.build import build_main

    assert build_main(["-b", "html", "-q", str(source), str(out)]) != 0
    assert not gc.isenabled()  # the pause of the failed build
    monkeypatch.setattr(config, "_load", load)
    assert _build(source, out, "1", clean=True) == ""
    assert gc.isenabled() and gc.get_freeze_count() == 0


CHECK_AT_EXIT = """
import atexit, gc, sys
# Registered first, run last: after the edition's own handler.
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
from sphinx.cmd.build import build_main
status = build_main(sys.argv[1:])
print("frozen after the build:", gc.get_freeze_count() > 0)
sys.exit(status)
"""


@pytest.mark.parametrize("lean", [True, False])
def test_what_lives_at_exit_is_frozen_not_traversed(tmp_path: Path, lean: bool) -> None:
    """The interpreter's exit collected everything the build left alive (a third of a
    one-note rebuild at N = 1000): the edition freezes it at exit, after the build has
    unfrozen it, unless the build's setting says otherwise."""
    source, out = _edition(tmp_path), tmp_path / "out"
    setting = ["-D", f"edition_lean_memory={int(lean)}"]
    command = [sys.executable, "-c", textwrap.dedent(CHECK_AT_EXIT), "-q", "-b", "html"]
    done = subprocess.run(
        [*command, *setting, str(source), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "frozen after the build: False" in done.stdout
    assert f"frozen at exit: {lean}" in done.stdout
