"""`edition check` prints every problem as file:line:column: code: message, and fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, line_of
from edition.cli.main import main


def test_check_passes_on_the_edition(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(REPO), "check", "--seeds", str(seeds_dir)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    # It says where the seeds were found: the transcriptions were checked against them.
    assert lines[0] == f"seeds: {seeds_dir} (each transcription is checked against its seed)"
    assert re.fullmatch(r"4 sources checked, 0 problems \(\d+\.\d s\)", lines[-1])


def test_check_reports_located_problems(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_root / "sources" / "demo" / "translation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: p9\n  text: Лишнее.\n", encoding="utf-8"
    )
    status = main(["--root", str(demo_root), "check", "--seeds", str(demo_root / "seeds")])
    out = capsys.readouterr().out
    assert status == 1
    line = line_of(path, "id: p9")
    assert f"sources/demo/translation.yaml:{line}:1: orphan-translation: " in out
    assert "hint: use the ID of the original paragraph" in out
    assert re.fullmatch(r"1 source checked, 1 problem \(\d+\.\d s\)", out.strip().splitlines()[-1])


def test_check_requires_seeds_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        ["--root", str(REPO), "check", "--seeds", str(tmp_path / "none"), "--require-seeds"]
    )
    assert status == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.parametrize("command", [[], ["check"], ["new-note"], ["init"], ["lock"]])
def test_help_is_plain_text(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The help a reader sees in a terminal has no reST markup (``edition``)."""
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    shown = capsys.readouterr().out
    assert "usage: edition" in shown and "``" not in shown
