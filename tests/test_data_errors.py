"""Bad data is a clear error naming the file and line, from the loader and from the build."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import line_of
from edition.core.problems import Code, Problem
from edition.data.project import load_project


def _problems(root: Path) -> list[Problem]:
    return load_project(root, root / "seeds").problems


def _only(problems: list[Problem], code: Code) -> Problem:
    assert [p.code for p in problems] == [code], [p.format() for p in problems]
    return problems[0]


def test_demo_data_is_clean(demo_root: Path) -> None:
    assert _problems(demo_root) == []


def test_translation_paragraph_without_original(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "translation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: p9\n  text: Лишний абзац.\n", encoding="utf-8"
    )
    problem = _only(_problems(demo_root), Code.ORPHAN_TRANSLATION)
    assert problem.path == path
    assert problem.line == line_of(path, "id: p9")
    assert "'p9'" in problem.message


def test_original_paragraph_without_translation(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "translation.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: p2")
    path.write_text(text[:start], encoding="utf-8")
    problem = _only(_problems(demo_root), Code.UNTRANSLATED)
    original = demo_root / "sources" / "demo" / "original.yaml"
    assert (problem.path, problem.line) == (original, line_of(original, "id: p2"))


def test_duplicate_paragraph_id(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "translation.yaml"
    text = path.read_text(encoding="utf-8").replace("- id: p2", "- id: p1")
    path.write_text(text, encoding="utf-8")
    problems = _problems(demo_root)
    duplicate = next(p for p in problems if p.code == Code.DUPLICATE_ID)
    assert duplicate.path == path
    assert duplicate.line == text.splitlines().index("- id: p1", line_of(path, "id: p1")) + 1
    assert "already used on line" in duplicate.message


def test_seed_checksum_mismatch(demo_root: Path) -> None:
    seed = demo_root / "seeds" / "demo.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "Tampered.\n", encoding="utf-8")
    problem = _only(_problems(demo_root), Code.CHECKSUM)
    meta = demo_root / "sources" / "demo" / "source.yaml"
    assert (problem.path, problem.line) == (meta, line_of(meta, "sha256:"))
    assert "never edit a seed" in problem.hint


def test_transcription_that_departs_from_the_seed(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "original.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("with a [4]", "with the [4]"), encoding="utf-8"
    )
    problem = _only(_problems(demo_root), Code.FIDELITY)
    assert (problem.path, problem.line) == (path, line_of(path, "id: p1"))
    assert "'p1'" in problem.message and "with the [4]" in problem.message


def test_unrecorded_omission_is_a_fidelity_error(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "original.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("- id: o1"), text.index("- id: second-part")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problem = _only(_problems(demo_root), Code.FIDELITY)
    assert "Site boilerplate" in problem.message


def test_missing_seed(demo_root: Path) -> None:
    (demo_root / "seeds" / "demo.txt").unlink()
    problem = _only(_problems(demo_root), Code.SEED_MISSING)
    assert problem.line == line_of(demo_root / "sources" / "demo" / "source.yaml", "file:")


def test_schema_error_is_located(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "translation.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: p2", "- id: P 2"), encoding="utf-8"
    )
    problem = _only(_problems(demo_root), Code.SCHEMA)
    assert (problem.path, problem.line) == (path, line_of(path, "id: P 2"))
    assert "blocks/3/id" in problem.message


def test_broken_yaml_is_located(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "source.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("genre: test fixture", "genre: [unclosed"),
        encoding="utf-8",
    )
    problem = _only(_problems(demo_root), Code.YAML)
    assert problem.path == path
    assert problem.line >= line_of(path, "genre:")


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-orphan")
def test_build_reports_data_problems_as_located_warnings(app_params, make_app) -> None:
    args, kwargs = app_params
    srcdir = kwargs["srcdir"]
    translation = srcdir / "data" / "sources" / "demo" / "translation.yaml"
    translation.write_text(
        translation.read_text(encoding="utf-8") + "- id: p9\n  text: Лишний абзац.\n",
        encoding="utf-8",
    )
    app = make_app(*args, **kwargs)
    app.build()
    warnings = app.warning.getvalue()
    line = line_of(translation, "id: p9")
    assert f"sources/demo/translation.yaml:{line}: WARNING: translation block 'p9'" in warnings
    assert "[edition.orphan-translation]" in warnings


# No file outside the repository is read: a link could bring in any file of the machine.
def _outside(tmp_path: Path, name: str, text: str) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir(exist_ok=True)
    target = outside / name
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "name",
    [
        "sources/demo/notes.yaml",
        "sources/demo/source.yaml",
        "sources/register/actors.yaml",
        "sources/anchors.lock.yaml",
    ],
)
def test_a_data_file_that_is_a_symbolic_link_is_refused(
    demo_root: Path, tmp_path: Path, name: str
) -> None:
    path = demo_root / name
    target = _outside(tmp_path, path.name, path.read_text(encoding="utf-8"))
    path.unlink()
    path.symlink_to(target)
    problem = _only(_problems(demo_root), Code.YAML)
    assert (problem.path, problem.line) == (path, 0)
    assert "symbolic link" in problem.message


def test_a_source_folder_that_is_a_symbolic_link_is_refused(
    demo_root: Path, tmp_path: Path
) -> None:
    folder = demo_root / "sources" / "demo"
    elsewhere = tmp_path / "elsewhere-demo"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    problem = _only(_problems(demo_root), Code.YAML)
    assert problem.path == folder / "source.yaml"
    assert "source folder demo is a symbolic link" in problem.message


def test_a_register_folder_that_is_a_symbolic_link_is_refused(
    demo_root: Path, tmp_path: Path
) -> None:
    folder = demo_root / "sources" / "register"
    elsewhere = tmp_path / "elsewhere-register"
    folder.rename(elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    problem = _only(_problems(demo_root), Code.YAML)
    assert problem.path == folder and "symbolic link" in problem.message


@pytest.mark.parametrize("place", ["seeds", "sources/demo"])
def test_a_seed_that_is_a_symbolic_link_is_refused(
    demo_root: Path, tmp_path: Path, place: str
) -> None:
    seed = demo_root / "seeds" / "demo.txt"
    target = _outside(tmp_path, "demo.txt", seed.read_text(encoding="utf-8"))
    seed.unlink()
    (demo_root / place / "demo.txt").symlink_to(target)
    problem = _only(_problems(demo_root), Code.SEED_MISSING)
    meta = demo_root / "sources" / "demo" / "source.yaml"
    assert (problem.path, problem.line) == (meta, line_of(meta, "file:"))
    assert "is a symbolic link" in problem.message


@pytest.mark.parametrize("name", ["../seeds/demo.txt", "/etc/passwd", "..", ".hidden", "a\\b"])
def test_a_seed_named_with_a_path_is_refused(demo_root: Path, name: str) -> None:
    meta = demo_root / "sources" / "demo" / "source.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("file: demo.txt", f"file: '{name}'"),
        encoding="utf-8",
    )
    problem = _only(_problems(demo_root), Code.SCHEMA)
    assert (problem.line, problem.message.split(":")[0]) == (line_of(meta, "file:"), "seed/file")


def _second_source(root: Path) -> Path:
    """A copy of the demo source as ``other``, whose notes link into ``demo``."""
    folder = root / "sources" / "other"
    shutil.copytree(root / "sources" / "demo", folder)
    meta = folder / "source.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: demo", "id: other"), "utf-8")
    notes = folder / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("{para}`#p2`", "{para}`demo#p2`"), "utf-8"
    )
    page = root / "docs" / "sources"
    (page / "other.md").write_text(
        (page / "demo.md").read_text(encoding="utf-8").replace("demo", "other"), "utf-8"
    )
    return folder


def test_a_second_source_links_into_the_first(demo_root: Path) -> None:
    _second_source(demo_root)
    assert _problems(demo_root) == []


@pytest.mark.parametrize(
    ("name", "broken"),
    [
        ("source.yaml", "id: [\n"),
        ("original.yaml", "lang: en\nrole: original\nblocks: []\n"),
        ("translation.yaml", "{{{\n"),
        ("notes.yaml", "notes:\n- id: n-x\n"),
    ],
)
def test_one_broken_file_is_one_problem_not_a_cascade(
    demo_root: Path, name: str, broken: str
) -> None:
    """Other sources' links into a source, or to its notes, are not reported when that
    source or its notes could not be loaded; nor are its locked anchors."""
    _second_source(demo_root)
    path = demo_root / "sources" / "demo" / name
    path.write_text(broken, encoding="utf-8")
    problems = _problems(demo_root)
    assert problems
    assert {p.path for p in problems} == {path}, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("name", "broken"),
    [
        ("sources/register/actors.yaml", "actors:\n- id: angle-org\n"),
        ("sources/register/events.yaml", "events: [\n"),
        ("sources/anchors.lock.yaml", "pages: {index: [Bad]}\n"),
        ("sources/demo/mentions.yaml", "mentions: 3\n"),
    ],
)
def test_a_broken_shared_file_reports_only_itself(demo_root: Path, name: str, broken: str) -> None:
    _second_source(demo_root)
    path = demo_root / name
    path.write_text(broken, encoding="utf-8")
    problems = _problems(demo_root)
    assert problems
    assert {p.path for p in problems} == {path}, [p.format() for p in problems]


def test_130_kb_of_brackets_is_a_located_problem_not_a_crash(demo_root: Path) -> None:
    # In a child process: before the depth check, libyaml died of SIGSEGV on this file.
    notes = demo_root / "sources" / "demo" / "notes.yaml"
    notes.write_text("notes: " + "[" * 130_000, encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from edition.data.project import load_project; "
        "root = Path(sys.argv[1]); "
        "print(*[p.format(root) for p in load_project(root, root / 'seeds').problems])"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(demo_root)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        "sources/demo/notes.yaml:1:71: yaml: lists and mappings are nested more than 64 levels"
    )
