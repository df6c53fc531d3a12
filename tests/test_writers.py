"""The commands that write files: they never overwrite, never renumber or drop an ID, are
idempotent, and leave everything they do not add exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from edition.atomic import LOCK_NAME
from edition.cli import main
from edition.problems import Code
from edition.project import load_project
from edition.writers import WriteError, lock_anchors, new_note, new_source, split_paragraphs

SEED = "Первый абзац текста.\n\nВторой абзац, с «кавычками» и *звёздочкой*.\n\n\nТретий.\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes; the write lock's empty file is no data, and is not listed."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != LOCK_NAME
    }


def test_paragraphs_split_at_blank_lines_or_lines() -> None:
    assert split_paragraphs("\ufeffA\r\nstill A\r\n\r\nB\r\n") == ["A\nstill A", "B"]
    assert split_paragraphs("one\ntwo\nthree\n") == ["one", "two", "three"]


def test_new_source_imports_a_document(demo_root: Path, tmp_path: Path) -> None:
    seed = tmp_path / "tass.txt"
    seed.write_text(SEED, encoding="utf-8")
    written = new_source(demo_root, seed, "tass-2019", "ru", "en")
    folder = demo_root / "sources" / "tass-2019"
    assert folder / "original.yaml" in written
    original = yaml.safe_load((folder / "original.yaml").read_text(encoding="utf-8"))
    assert [b["id"] for b in original["blocks"]] == ["p1", "p2", "p3"]
    assert original["blocks"][1]["text"] == "Второй абзац, с «кавычками» и *звёздочкой*."
    assert (demo_root / "docs" / "sources" / "tass-2019.md").is_file()
    assert "sources/tass-2019" in (demo_root / "docs" / "index.md").read_text(encoding="utf-8")
    project = load_project(demo_root, demo_root / "seeds")
    # The skeleton is valid; what is missing is the translation, paragraph by paragraph.
    assert [p.code for p in project.problems] == [Code.UNTRANSLATED] * 3
    assert project.sources["tass-2019"].meta["seed"]["file"] == "seed.txt"


def test_new_source_never_overwrites(demo_root: Path, tmp_path: Path) -> None:
    seed = tmp_path / "again.txt"
    seed.write_text(SEED, encoding="utf-8")
    before = _snapshot(demo_root)
    with pytest.raises(WriteError, match="sources/demo exists"):
        new_source(demo_root, seed, "demo", "ru", "en")
    assert _snapshot(demo_root) == before


def test_new_source_refuses_bad_input(demo_root: Path, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(WriteError, match="not UTF-8"):
        new_source(demo_root, latin1, "latin", "en", "ru")
    with pytest.raises(WriteError, match="slug 'Bad Slug'"):
        new_source(demo_root, latin1, "Bad Slug", "en", "ru")
    with pytest.raises(WriteError, match="language 'fr'"):
        new_source(demo_root, latin1, "latin", "fr", "ru")


def test_new_note_appends_a_stub_and_keeps_the_file(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    before = (folder / "notes.yaml").read_text(encoding="utf-8")
    note_id = new_note(folder, "p1", "marker", kind="context", date="2026-11-23")
    after = (folder / "notes.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing else changed
    assert note_id == "n-marker-2"  # n-marker is taken: never reuse an ID
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [(p.code, "stub" in p.message) for p in problems] == [(Code.NOTE_BODY, True)]
    # The same call again adds nothing.
    assert new_note(folder, "p1", "marker", kind="context", date="2026-11-23") == note_id
    assert (folder / "notes.yaml").read_text(encoding="utf-8") == after


def test_new_note_checks_the_phrase(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    before = _snapshot(demo_root)
    with pytest.raises(WriteError, match="is not in the original of 'p1'"):
        new_note(folder, "p1", "no such words", date="2026-11-23")
    with pytest.raises(WriteError, match="occurs 2 times"):
        new_note(folder, "p1", '"', date="2026-11-23")
    with pytest.raises(WriteError, match="no paragraph 'p9'"):
        new_note(folder, "p9", "x", date="2026-11-23")
    assert _snapshot(demo_root) == before


def test_new_note_command(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--root", str(demo_root), "new-note", "demo", "p2", "second line",
                   "--column", "original", "--kind", "context", "--id", "n-line"])  # fmt: skip
    assert status == 0
    assert "added note n-line" in capsys.readouterr().out
    notes = yaml.safe_load((demo_root / "sources/demo/notes.yaml").read_text(encoding="utf-8"))
    assert notes["notes"][-1]["id"] == "n-line"
    assert main(["--root", str(demo_root), "new-note", "demo", "p2", "absent"]) == 1


def test_lock_only_adds_and_keeps_comments(demo_root: Path) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text("# kept by the editors\n" + lock.read_text(encoding="utf-8"), encoding="utf-8")
    project = load_project(demo_root, demo_root / "seeds")
    anchors = project.anchors()
    anchors["sources/demo"].append("p99")
    assert lock_anchors(lock, anchors) == 1
    text = lock.read_text(encoding="utf-8")
    assert text.startswith("# kept by the editors\n")
    assert yaml.safe_load(text)["pages"]["sources/demo"][-1] == "p99"
    assert lock_anchors(lock, anchors) == 0
    assert lock.read_text(encoding="utf-8") == text  # idempotent


def test_every_data_file_names_its_schema_for_editors() -> None:
    """The `yaml-language-server` comment lets editors complete and validate as you type."""
    from conftest import REPO

    for path in sorted((REPO / "sources").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.is_file(), (path, schema)
