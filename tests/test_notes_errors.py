"""Every bad note is a clear error at its file and line, and fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import line_of
from edition.core.problems import Code, Problem
from edition.data.note_phrases import overlap_problems
from edition.data.notes import Note
from edition.data.project import load_project
from edition.data.yamlio import LocatedDict


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


def _placed(index: int, paragraph: str, start: int, length: int) -> Note:
    return Note(
        f"n-{index}", paragraph, "original", "x" * length, None, "context", "A body.",
        "X", "2026-01-01", Path("notes.yaml"), index + 1, index + 1,
        start=start, end=start + length,
    )  # fmt: skip


def _located() -> LocatedDict:
    where = LocatedDict()
    where.line, where.column, where.key_lines = 1, 1, {}
    return where


spans = st.lists(
    st.tuples(st.sampled_from(["p1", "p2"]), st.integers(0, 30), st.integers(1, 10)),
    max_size=14,
)


@settings(max_examples=200, deadline=None)
@given(spans=spans)
def test_overlaps_reports_exactly_the_marks_inside_another_phrase(
    spans: list[tuple[str, int, int]],
) -> None:
    notes = [_placed(i, *span) for i, span in enumerate(spans)]
    lines = {note.id: _located() for note in notes}
    reported = {p.message.split("'")[1]: p.message for p in overlap_problems(notes, lines)}
    assert len(reported) == len(overlap_problems(notes, lines))  # each note once
    for note in notes:
        containing = [
            other
            for other in notes
            if other is not note
            and other.paragraph == note.paragraph
            and other.start < note.end < other.end
        ]
        assert (note.id in reported) == bool(containing)
        if containing:
            named = reported[note.id].split("of note ")[1].strip("'")
            assert named in {other.id for other in containing}


def test_overlaps_of_many_nested_notes_are_found_in_one_sweep() -> None:
    # 20,000 notes whose marks each fall inside the next phrase: the pairwise check took
    # minutes here; the sweep takes about a second.
    notes = [_placed(i, "p1", i, 50) for i in range(20_000)]
    lines = {note.id: _located() for note in notes}
    problems = overlap_problems(notes, lines)
    assert len(problems) == 20_000 - 1
    assert "of note 'n-1'" in problems[0].message
