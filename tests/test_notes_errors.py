"""Every bad note is a clear error at its file and line, and fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import line_of
from edition.problems import Code, Problem
from edition.project import load_project


def _add_note(root: Path, note: str) -> Path:
    path = root / "sources" / "demo" / "notes.yaml"
    path.write_text(path.read_text(encoding="utf-8") + note, encoding="utf-8")
    return path


def _note(
    phrase: str = "First paragraph",
    *,
    id: str = "n-new",
    paragraph: str = "p1",
    column: str = "original",
    body: str = "A body.",
    extra: str = "",
) -> str:
    return (
        f"- id: {id}\n  paragraph: {paragraph}\n  column: {column}\n"
        f"  phrase: '{phrase}'\n{extra}  kind: context\n  body: '{body}'\n"
        "  credit: {by: Tester, date: 2026-11-23}\n"
    )


def _only(root: Path, code: Code) -> Problem:
    problems = load_project(root, root / "seeds").problems
    assert [p.code for p in problems] == [code], [p.format() for p in problems]
    return problems[0]


def test_a_good_note_is_accepted(demo_root: Path) -> None:
    _add_note(demo_root, _note())
    assert load_project(demo_root, demo_root / "seeds").problems == []


def test_phrase_not_in_the_paragraph(demo_root: Path) -> None:
    path = _add_note(demo_root, _note("Fist paragraph"))
    problem = _only(demo_root, Code.NOTE_PHRASE)
    assert (problem.path, problem.line) == (path, line_of(path, "phrase: 'Fist paragraph'"))
    assert "'Fist paragraph' is not in the original of 'p1'" in problem.message


def test_phrase_in_the_other_column_is_not_found(demo_root: Path) -> None:
    _add_note(demo_root, _note("Первый абзац"))
    assert "not in the original" in _only(demo_root, Code.NOTE_PHRASE).message


def test_repeated_phrase_needs_an_occurrence(demo_root: Path) -> None:
    path = _add_note(demo_root, _note('"'))
    problem = _only(demo_root, Code.NOTE_AMBIGUOUS)
    assert problem.line == line_of(path, "phrase: '\"'")
    assert "occurs 2 times" in problem.message
    assert "occurrence: 1 … 2" in problem.hint


def test_occurrence_picks_the_phrase(demo_root: Path) -> None:
    _add_note(demo_root, _note('"', extra="  occurrence: 2\n"))
    project = load_project(demo_root, demo_root / "seeds")
    assert project.problems == []
    note = next(n for n in project.sources["demo"].notes if n.id == "n-new")
    text = project.sources["demo"].original.by_id()["p1"].text
    assert note.start == text.rindex('"')


def test_occurrence_beyond_the_count(demo_root: Path) -> None:
    path = _add_note(demo_root, _note('"', extra="  occurrence: 3\n"))
    problem = _only(demo_root, Code.NOTE_PHRASE)
    assert problem.line == line_of(path, "occurrence: 3")


def test_unknown_paragraph(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(paragraph="p7"))
    problem = _only(demo_root, Code.NOTE_TARGET)
    assert problem.line == line_of(path, "paragraph: p7")
    assert "no paragraph 'p7'" in problem.message


def test_omitted_text_cannot_be_annotated(demo_root: Path) -> None:
    _add_note(demo_root, _note("Site", paragraph="o1"))
    assert _only(demo_root, Code.NOTE_TARGET).message.endswith("no paragraph 'o1' on this page")


def test_unknown_column(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(column="margin"))
    problem = _only(demo_root, Code.SCHEMA)
    assert problem.line == line_of(path, "column: margin")
    assert "'margin' is not one of ['original', 'translation']" in problem.message


def test_unknown_bibtex_key(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(body="See {cite:p}`nosuch2020`."))
    problem = _only(demo_root, Code.NOTE_CITATION)
    assert problem.line == line_of(path, "nosuch2020")
    assert "'nosuch2020', which is not in bibliography.bib" in problem.message


def test_duplicate_annotation_id(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(id="n-marker"))
    problem = _only(demo_root, Code.DUPLICATE_ID)
    assert problem.line == len(path.read_text(encoding="utf-8").splitlines()) - 6
    assert f"already used by line {line_of(path, 'id: n-marker')}" in problem.message


def test_empty_body(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(body="   "))
    problem = _only(demo_root, Code.NOTE_BODY)
    assert problem.line == line_of(path, "body: '   '")
    assert problem.message.endswith("the body is empty")


def test_mark_inside_another_phrase_is_an_overlap(demo_root: Path) -> None:
    # "First paragraph" ends inside "paragraph with" of the new note: the marks would nest wrongly
    _add_note(demo_root, _note("First paragraph", id="n-one"))
    path = _add_note(demo_root, _note("paragraph with", id="n-two"))
    problem = _only(demo_root, Code.NOTE_OVERLAP)
    assert problem.line == line_of(path, "phrase: 'First paragraph'")
    assert "inside the phrase 'paragraph with' of note 'n-two'" in problem.message


def test_nested_phrases_ending_together_are_fine(demo_root: Path) -> None:
    _add_note(demo_root, _note("First paragraph", id="n-one"))
    _add_note(demo_root, _note("paragraph", id="n-two"))
    assert load_project(demo_root, demo_root / "seeds").problems == []


def test_raw_html_in_a_body_is_refused(demo_root: Path) -> None:
    _add_note(demo_root, _note(body="Look <script>alert(1)</script>"))
    assert "raw HTML" in _only(demo_root, Code.UNSAFE).message


def test_link_to_an_unknown_paragraph(demo_root: Path) -> None:
    path = _add_note(demo_root, _note(body="Compare {para}`demo#p9`."))
    problem = _only(demo_root, Code.NOTE_LINK)
    assert problem.line == line_of(path, "demo#p9")


def test_broken_note_does_not_also_report_its_anchor(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("phrase: пометой", "phrase: меткой"),
        encoding="utf-8",
    )
    assert _only(demo_root, Code.NOTE_PHRASE).path == path


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bad-note")
def test_build_fails_on_a_bad_note_with_its_location(app_params, make_app) -> None:
    args, kwargs = app_params
    path = _add_note(kwargs["srcdir"] / "data", _note("Fist paragraph"))
    app = make_app(*args, **kwargs)
    app.build()
    line = line_of(path, "Fist paragraph")
    assert (
        f"sources/demo/notes.yaml:{line}: WARNING: note 'n-new': phrase" in app.warning.getvalue()
    )
    assert "[edition.note-phrase]" in app.warning.getvalue()
