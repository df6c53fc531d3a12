"""Work done beside the build in a forked process (sphinx_ext.beside), and the exports made
that way: the same files as made in the build's own process, the child's errors raised by
the build, and no child left behind when the build fails."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

import edition.sphinx_ext.standard_exports as writer
from conftest import record_calls
from edition.sphinx_ext import beside
from edition.sphinx_ext.beside import start_beside, wait_beside


def _no_child_left() -> bool:
    """Whether this process has no child, at work or ended and not waited for."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_work_runs_in_another_process_and_its_end_is_waited_for(tmp_path: Path) -> None:
    mark = tmp_path / "pid"
    running = start_beside(lambda: mark.write_text(str(os.getpid()), encoding="utf-8"))
    assert running is not None
    wait_beside(running)
    assert int(mark.read_text(encoding="utf-8")) not in (0, os.getpid())
    assert _no_child_left()


def test_the_childs_exception_is_raised_with_where_it_was_raised() -> None:
    def broken() -> None:
        raise ValueError("a value the exports cannot take")

    running = start_beside(broken)
    assert running is not None
    with pytest.raises(ValueError, match="a value the exports cannot take") as raised:
        wait_beside(running)
    notes = "\n".join(getattr(raised.value, "__notes__", []))
    assert "raised beside the build" in notes and "in broken" in notes
    assert _no_child_left()


class _Unmade(Exception):
    """An exception that cannot be made again from its arguments."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def test_an_exception_that_does_not_unpickle_is_told_as_text() -> None:
    def broken() -> None:
        raise _Unmade("one", "two")

    running = start_beside(broken)
    assert running is not None
    with pytest.raises(RuntimeError, match=r"(?s)raised beside the build.*_Unmade: one and two"):
        wait_beside(running)


def test_a_child_killed_is_an_error() -> None:
    running = start_beside(lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert running is not None
    with pytest.raises(RuntimeError, match=r"ended early \(signal SIGKILL\)"):
        wait_beside(running)
    assert _no_child_left()


def test_where_sphinx_does_not_fork_the_caller_does_the_work(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(beside.parallel, "parallel_available", False)
    assert start_beside(lambda: (tmp_path / "made").touch()) is None
    assert not (tmp_path / "made").exists()


def _build(source: Path, out: Path, jobs: str = "1") -> int:
    return build_main(["-b", "html", "-q", "-E", "-j", jobs, str(source), str(out)])


def test_exports_made_beside_the_build_are_those_made_in_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same files, and the same record of them, whether the exports are made in a
    forked process (here from one part on; also beside Sphinx's own forked workers, with
    ``-j 2``) or in the build's own."""
    from test_incremental import _edition, _exports

    source = _edition(tmp_path)
    forks = record_calls(monkeypatch, os, "fork", lambda: None)
    monkeypatch.setattr(writer, "MADE_BESIDE_FROM", 1)
    assert _build(source, tmp_path / "beside") == 0
    assert len(forks) == 1
    assert _build(source, tmp_path / "beside-j2", "2") == 0  # beside Sphinx's own workers
    assert len(forks) > 2
    forks.clear()
    monkeypatch.setattr(beside.parallel, "parallel_available", False)
    assert _build(source, tmp_path / "within") == 0
    assert forks == []
    made_within = _exports(tmp_path / "within")
    assert any(name.startswith("tei") for name in made_within)
    record = (tmp_path / "within" / writer.MANIFEST_FILE).read_bytes()
    for beside_out in (tmp_path / "beside", tmp_path / "beside-j2"):
        assert _exports(beside_out) == made_within
        assert (beside_out / writer.MANIFEST_FILE).read_bytes() == record
    assert _no_child_left()


def test_an_export_that_fails_beside_the_build_fails_the_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_incremental import _edition

    def broken(*args: object) -> None:
        raise ValueError("no TEI for this document")

    monkeypatch.setattr(writer, "MADE_BESIDE_FROM", 1)
    monkeypatch.setattr(writer, "iter_standard_exports", broken)
    assert _build(_edition(tmp_path), tmp_path / "out") != 0
    assert "no TEI for this document" in capsys.readouterr().err
    assert _no_child_left()


def test_a_build_that_fails_waits_for_the_exports_beside_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A page that fails to be written ends the build; the process making the exports is
    waited for (its files are whole), not left behind."""
    import sphinx.builders.html as html

    from test_incremental import _edition

    def failing(*args: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writer, "MADE_BESIDE_FROM", 1)
    monkeypatch.setattr(html.StandaloneHTMLBuilder, "write_doc", failing)
    out = tmp_path / "out"
    assert _build(_edition(tmp_path), out) != 0
    assert _no_child_left()
    assert (out / writer.MANIFEST_FILE).is_file()  # the child wrote its record last


def test_a_process_left_by_an_interrupted_build_does_not_stand_for_the_next_builds(
    tmp_path: Path,
) -> None:
    """A build interrupted before its end (Ctrl-C) leaves its process in the build's
    state; the next build, making few parts, makes them itself."""
    from edition.sphinx_ext.state import state_of
    from test_incremental import _edition

    source, out = _edition(tmp_path), tmp_path / "out"
    assert _build(source, out) == 0
    shutil.rmtree(out / "annotations")
    left = start_beside(lambda: None)
    assert left is not None

    class _App:
        srcdir = source

    state_of(_App()).exports_beside = left  # type: ignore[arg-type]
    assert build_main(["-b", "html", "-q", str(source), str(out)]) == 0
    assert any((out / "annotations").iterdir())
    wait_beside(left)
    assert _no_child_left()
