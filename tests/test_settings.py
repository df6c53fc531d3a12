"""The edition's settings are declared once and checked when Sphinx starts: a wrong value
in conf.py stops the build at once, naming the setting."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main
from sphinx.errors import ConfigError

from conftest import ROOTS
from edition.sphinx_ext.settings import EditionConfig


def test_every_setting_says_what_it_is_for() -> None:
    for setting in dataclasses.fields(EditionConfig):
        # What a change makes Sphinx do again: read every page, write every page, or nothing
        # (a setting of how the build runs, not of what it makes).
        assert setting.metadata["help"] and setting.metadata["rebuild"] in ("env", "html", "")
        EditionConfig(**{setting.name: setting.default})  # the defaults are valid


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("issued", "23 November 2026"),
        ("base_url", "javascript:alert(1)"),
        ("plain_panels", "yes"),
        ("editors", ""),
    ],
)
def test_a_wrong_setting_is_refused_with_its_name(name: str, value: object) -> None:
    with pytest.raises(ConfigError, match=f"edition_{name} = "):
        EditionConfig(**{name: value})


def test_a_build_with_a_wrong_setting_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", source)
    conf = source / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'edition_issued = "soon"\n', encoding="utf-8"
    )
    assert build_main(["-b", "html", "-q", str(source), str(tmp_path / "out")]) != 0
    assert "edition_issued = 'soon'" in capsys.readouterr().err
