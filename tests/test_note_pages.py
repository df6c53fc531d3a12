"""Keeping each note on the page of its mark: the rounds of edition.note_pages, on LaTeX
source in the form edition.latex writes it and on .aux files as xelatex writes them."""

from __future__ import annotations

import pytest

from edition.book.note_pages import (
    Layout,
    NotePlacementError,
    Pages,
    Plan,
    load_plan,
    misplaced_notes,
    place_notes,
    rows_out_of_step,
)

DOC = "sources/essay"


def _note(number: int, name: str, text: str) -> str:
    label = f"{DOC}:{name}"
    return (
        f"%\n%ednote-mark:{label}\n\\ednotemark{{{number}}}{{x}}%\n%ednote:{number}:{label}\n"
        f"\\ednotetext{{\\sphinxAtStartFootnote\n{text}%\n}}%\n%/ednote\n"
        f"\\label{{\\detokenize{{{label}--at}}}}"
    )


def _row(name: str, original: str, translation: str) -> str:
    return (
        f"\n\\begin{{paracol}}{{2}}\n\\label{{\\detokenize{{{DOC}:{name}}}}}%\n"
        f"%edrow:{DOC}:{name}\n{original}\n\\switchcolumn\n%edcolumn\n{translation}\n"
        "%/edrow\n\\end{paracol}\n"
    )


# Row p1: original notes 1 and 2, translation notes 3 and 4; row p2: 5 and 6.
TEX = (
    "\\chapter{Essay}\n"
    + _row(
        "p1",
        f"Один{_note(1, 'n-one', 'Note one.')} два{_note(2, 'n-two', 'Note two.')} три.",
        f"One{_note(3, 'n-three', 'Note three.')} two{_note(4, 'n-four', 'Note four.')}.",
    )
    + _row("p2", f"Четыре{_note(5, 'n-five', 'Five.')}.", f"Four{_note(6, 'n-six', 'Six.')}.")
)


def _aux(**pages: tuple[int, int]) -> str:
    """An .aux with each note's mark and text on the pages given; rows p1 on 1, p2 on 2."""
    lines = [f"\\newlabel{{{DOC}:p1}}{{{{}}{{1}}{{}}{{x}}{{}}}}"]
    lines.append(f"\\newlabel{{{DOC}:p2}}{{{{}}{{2}}{{}}{{x}}{{}}}}")
    for name, (mark, note) in pages.items():
        label = f"{DOC}:n-{name}"
        lines.append(f"\\newlabel{{{label}--at}}{{{{}}{{{mark}}}{{}}{{x}}{{}}}}")
        if note:
            lines.append(f"\\newlabel{{{label}}}{{{{}}{{{note}}}{{}}{{x}}{{}}}}")
    return "\n".join(lines)


IN_PLACE = {"one": (1, 1), "two": (1, 1), "three": (1, 1), "four": (1, 1)}
IN_PLACE |= {"five": (2, 2), "six": (2, 2)}


def test_the_layout_knows_rows_columns_and_numbers() -> None:
    layout = Layout.parse(TEX)
    assert layout.rows[f"{DOC}:p1"] == [f"{DOC}:n-{n}" for n in ("one", "two", "three", "four")]
    assert [layout.notes[f"{DOC}:n-{n}"].column for n in ("one", "three", "six")] == [0, 1, 1]
    assert layout.notes[f"{DOC}:n-four"].number == "4"


def test_misplaced_notes_are_those_off_the_page_of_their_marks() -> None:
    pages = Pages.from_aux(_aux(**IN_PLACE | {"three": (1, 2), "five": (2, 0)}))
    assert [str(note) for note in misplaced_notes(pages)] == [
        f"{DOC}:n-three: mark on page 1, note on page 2",
        f"{DOC}:n-five: mark on page 2, note on page none",
    ]
    assert misplaced_notes(Pages.from_aux(_aux(**IN_PLACE))) == []


def test_a_late_translation_note_moves_after_the_last_original_mark_of_its_page() -> None:
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(_aux(**IN_PLACE | {"two": (2, 2), "four": (1, 2)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    # Note 3, on the same page before it, moves too, so that the foot keeps its order.
    assert plan.moves == {
        f"{DOC}:n-three": f"after:{DOC}:n-one",
        f"{DOC}:n-four": f"after:{DOC}:n-one",
    }
    assert plan.breaks == []
    tex = plan.apply(TEX, layout)
    after_one = tex.index(f"{DOC}:n-one--at}}}}") + len(f"{DOC}:n-one--at}}}}")
    moved = tex[after_one : tex.index(" два")]
    assert moved.index("\\ednotetextfor{3}{") < moved.index("\\ednotetextfor{4}{")
    assert "Note three." in moved and "Note four." in moved
    # The marks stay where they were, without their texts.
    translation = tex[tex.index("%edcolumn") : tex.index("%/edrow")]
    assert "\\ednotemark{3}" in translation and "Note three." not in translation
    assert Layout.parse(TEX).notes  # the source itself is unchanged


def test_without_an_original_mark_on_the_page_the_note_goes_to_the_row_start() -> None:
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(_aux(**IN_PLACE | {"five": (3, 3), "six": (2, 3)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert plan.moves == {f"{DOC}:n-six": f"row:{DOC}:p2"}
    tex = plan.apply(TEX, layout)
    row_start = tex.index(f"%edrow:{DOC}:p2\n")
    assert tex.index("\\ednotetextfor{6}{") < tex.index("Четыре", row_start)


def test_an_original_note_left_behind_moves_the_translation_notes_of_its_page() -> None:
    """paracol made room for notes 3 and 4 by moving the line of mark 2 on, not its note."""
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(_aux(**IN_PLACE | {"two": (2, 1)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert set(plan.moves) == {f"{DOC}:n-three", f"{DOC}:n-four"}
    assert set(plan.moves.values()) == {f"after:{DOC}:n-one"}


def test_a_note_with_nowhere_to_move_starts_a_new_page_then_fails_clearly() -> None:
    layout = Layout.parse(TEX)
    # Row p2 starts on page 2; note 6's mark is on page 3 with no original mark there.
    pages = Pages.from_aux(_aux(**IN_PLACE | {"six": (3, 4)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert plan.moves == {} and plan.breaks == [f"{DOC}:n-six"]
    tex = plan.apply(TEX, layout)
    assert f"%ednote-mark:{DOC}:n-six\n\\edbreakhere%\n\\ednotemark{{6}}" in tex
    with pytest.raises(NotePlacementError, match=r"stays off the page of its mark: .*n-six"):
        plan.mend(misplaced_notes(pages), layout, pages)


def test_a_note_never_set_or_outside_the_rows_is_an_error() -> None:
    layout = Layout.parse(TEX)
    lost = Pages.from_aux(_aux(**IN_PLACE | {"four": (1, 0)}))
    with pytest.raises(NotePlacementError, match=r"never set: .*n-four"):
        Plan().mend(misplaced_notes(lost), layout, lost)
    stray = Pages.from_aux(_aux(**IN_PLACE | {"crosshead": (1, 2)}))
    with pytest.raises(NotePlacementError, match="outside the parallel rows"):
        Plan().mend(misplaced_notes(stray), layout, stray)


def test_only_the_earliest_misplaced_note_of_a_document_is_mended_per_round() -> None:
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(_aux(**IN_PLACE | {"four": (1, 2), "six": (2, 3)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert f"{DOC}:n-six" not in plan.moves and f"{DOC}:n-four" in plan.moves


def test_rounds_until_every_note_is_on_its_page() -> None:
    sources: list[str] = []

    def set_book(source: str) -> str:
        """A book where note 4 is late unless moved, and note 6 late until note 4 is."""
        sources.append(source)
        four_moved = f"%ednote-moved:{DOC}:n-four" in source
        six_moved = f"%ednote-moved:{DOC}:n-six" in source
        pages = IN_PLACE | {"four": (1, 1 if four_moved else 2)}
        if four_moved and not six_moved:
            pages |= {"six": (2, 3)}
        return _aux(**pages)

    plan = place_notes(TEX, set_book)
    assert len(sources) == 3
    assert set(plan.moves) == {f"{DOC}:n-three", f"{DOC}:n-four", f"{DOC}:n-six"}
    # After the last original mark of the page (two, not one): the foot keeps its order.
    assert plan.moves[f"{DOC}:n-four"] == f"after:{DOC}:n-two"
    assert plan.moves[f"{DOC}:n-six"] == f"after:{DOC}:n-five"


def test_a_book_that_never_settles_fails_after_the_last_round() -> None:
    def set_book(source: str) -> str:
        # Note 6 comes back late whatever is done: moved, then broken, then given up.
        return _aux(**IN_PLACE | {"six": (2, 3)})

    with pytest.raises(NotePlacementError, match="n-six"):
        place_notes(TEX, set_book, max_rounds=5)
    with pytest.raises(NotePlacementError, match="after 1 rounds"):
        place_notes(TEX, lambda source: _aux(**IN_PLACE | {"six": (2, 3)}), max_rounds=1)


def test_a_source_with_moved_notes_is_refused() -> None:
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(_aux(**IN_PLACE | {"four": (1, 2)}))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    with pytest.raises(NotePlacementError, match="build it afresh"):
        Layout.parse(plan.apply(TEX, layout))


def test_a_saved_plan_serves_the_same_source_only() -> None:
    plan = Plan({f"{DOC}:n-four": f"after:{DOC}:n-two"}, [f"{DOC}:n-six"])
    saved = plan.to_json(TEX)
    assert load_plan(saved, TEX) == plan
    assert load_plan(saved, TEX + "%") is None
    assert load_plan("{not json", TEX) is None
    assert load_plan('{"source": 1}', TEX) is None


def test_a_rebuild_starts_from_the_saved_plan() -> None:
    rounds: list[str] = []

    def set_book(source: str) -> str:
        rounds.append(source)
        moved = f"%ednote-moved:{DOC}:n-four" in source
        return _aux(**IN_PLACE | {"four": (1, 1 if moved else 2)})

    first = place_notes(TEX, set_book)
    assert len(rounds) == 2
    again = place_notes(TEX, set_book, start=load_plan(first.to_json(TEX), TEX))
    assert len(rounds) == 3 and again == first
    # A plan naming notes the source no longer has is not used.
    stale = Plan({f"{DOC}:n-gone": f"after:{DOC}:n-two"})
    place_notes(TEX, set_book, start=stale)
    assert len(rounds) == 5


def test_a_note_going_back_and_forth_stays_and_its_mark_starts_the_next_page() -> None:
    """Moved after mark 1, note 4's text pulls its own mark's line to the next page; moved
    after mark 2 (on that page), it lets the line go back. Its mark then starts page 2."""
    rounds: list[str] = []

    def set_book(source: str) -> str:
        rounds.append(source)
        moved = source.find(f"%ednote-moved:{DOC}:n-four")
        after_two = moved > source.index(f"{DOC}:n-two--at")
        broken = "\\edbreakhere%\n\\ednotemark{4}" in source
        if moved < 0:
            four = (1, 2)
        elif not after_two:
            four = (2, 1)
        else:
            four = (2, 2) if broken else (1, 2)
        return _aux(**IN_PLACE | {"two": (2, 2), "four": four})

    plan = place_notes(TEX, set_book)
    assert len(rounds) == 4
    assert plan.moves == {
        f"{DOC}:n-three": f"after:{DOC}:n-one",
        f"{DOC}:n-four": f"after:{DOC}:n-two",
    }
    assert plan.breaks == [f"{DOC}:n-four"]


def test_a_row_wholly_on_the_page_moves_whole_before_its_line_is_broken() -> None:
    """Note 5's mark, in the original of row p2, is on page 2 and its note on page 3 with
    nowhere to move: the row, which starts and ends on page 2, starts page 3 instead (a
    break at the line would leave its translation on page 2); then its line; then an
    error."""
    layout = Layout.parse(TEX)
    ends = [f"\\newlabel{{{DOC}:p2--end{c}}}{{{{}}{{2}}{{}}{{x}}{{}}}}" for c in (0, 1)]
    aux = "\n".join([_aux(**IN_PLACE | {"five": (2, 3)}), *ends])
    pages = Pages.from_aux(aux)
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert plan.row_breaks == [f"{DOC}:p2"] and plan.breaks == [] and plan.moves == {}
    tex = plan.apply(TEX, layout)
    assert tex.count("\\newpage") == 1
    assert f"\\newpage%\n\\begin{{paracol}}{{2}}\n\\label{{\\detokenize{{{DOC}:p2}}}}" in tex
    plan.mend(misplaced_notes(pages), layout, pages)
    assert plan.breaks == [f"{DOC}:n-five"]
    with pytest.raises(NotePlacementError, match="n-five"):
        plan.mend(misplaced_notes(pages), layout, pages)
    # Saved and loaded with the rest of the plan.
    assert load_plan(plan.to_json(TEX), TEX) == plan


def test_a_row_running_on_to_the_next_page_has_its_line_broken_not_the_row() -> None:
    layout = Layout.parse(TEX)
    ends = [
        f"\\newlabel{{{DOC}:p2--end{c}}}{{{{}}{{{page}}}{{}}{{x}}{{}}}}"
        for c, page in ((0, 2), (1, 3))
    ]
    pages = Pages.from_aux("\n".join([_aux(**IN_PLACE | {"five": (2, 3)}), *ends]))
    plan = Plan()
    plan.mend(misplaced_notes(pages), layout, pages)
    assert plan.row_breaks == [] and plan.breaks == [f"{DOC}:n-five"]


def test_a_row_starting_a_page_takes_its_heading_and_column_heads_along() -> None:
    heading = (
        "\\section{Crosshead\\sphinxfootnotemark[9]}\n\\label{\\detokenize{sources/essay:x}}%\n"
        "\\begin{footnotetext}[9]\\sphinxAtStartFootnote\nA note.\n%\n"
        "\\end{footnotetext}\\ignorespaces \n\n"
        "\\begin{paracol}{2}\\edlabels{Original}{Translation}\\end{paracol}\n"
    )
    at = TEX.index("\n\\begin{paracol}{2}\n\\label{\\detokenize{sources/essay:p2}}")
    tex = TEX[:at] + "\n\nSome text.\n\n" + heading + TEX[at:]
    plan = Plan(row_breaks=[f"{DOC}:p2"])
    applied = plan.apply(tex, Layout.parse(tex))
    assert "Some text.\n\n\\newpage%\n\\section{Crosshead" in applied
    # Without a heading above it, the break goes just before the row.
    plain = Plan(row_breaks=[f"{DOC}:p2"]).apply(TEX, Layout.parse(TEX))
    assert "\\newpage%\n\\begin{paracol}{2}\n\\label{\\detokenize{sources/essay:p2}}" in plain


def _starts(row: str, original: int, translation: int) -> list[str]:
    """The .aux labels on the first line of each column of ``row``."""
    return [
        f"\\newlabel{{{DOC}:{row}--start{column}}}{{{{}}{{{page}}}{{}}{{x}}{{}}}}"
        for column, page in ((0, original), (1, translation))
    ]


def test_a_row_whose_columns_start_on_two_pages_is_out_of_step() -> None:
    layout = Layout.parse(TEX)
    pages = Pages.from_aux(
        "\n".join([_aux(**IN_PLACE), *_starts("p1", 1, 1), *_starts("p2", 1, 2)])
    )
    assert rows_out_of_step(pages, layout) == [f"{DOC}:p2"]
    in_step = Pages.from_aux("\n".join([_aux(**IN_PLACE), *_starts("p2", 2, 2)]))
    assert rows_out_of_step(in_step, layout) == []


def test_a_row_out_of_step_starts_the_next_page_then_fails_clearly() -> None:
    rounds: list[str] = []

    def set_book(source: str) -> str:
        """Row p2's translation starts a page after its original until the row is moved."""
        rounds.append(source)
        moved = "\\newpage%\n\\begin{paracol}{2}\n\\label{\\detokenize{sources/essay:p2}}" in source
        return "\n".join([_aux(**IN_PLACE), *_starts("p2", 2 if moved else 1, 2)])

    plan = place_notes(TEX, set_book)
    assert plan.row_breaks == [f"{DOC}:p2"] and len(rounds) == 2
    # A row that stays out of step at the top of a page is an error, naming the row.
    stuck = "\n".join([_aux(**IN_PLACE), *_starts("p2", 1, 2)])
    with pytest.raises(NotePlacementError, match="p2 starts its two columns on two pages"):
        place_notes(TEX, lambda source: stuck)


def test_a_moved_note_follows_the_original_notes_numbered_before_it_on_its_page() -> None:
    """Note 4, moved after note 1's mark in an earlier round, would stand before note 2 at
    the foot once note 2 is marked on the same page: it goes after note 2 instead."""
    layout = Layout.parse(TEX)
    plan = Plan({f"{DOC}:n-four": f"after:{DOC}:n-one"})
    pages = Pages.from_aux(_aux(**IN_PLACE))
    assert plan.reorder(layout, pages)
    assert plan.moves[f"{DOC}:n-four"] == f"after:{DOC}:n-two"
    assert not plan.reorder(layout, pages)  # in order now: nothing more to do
    # In the rounds: one more round sets the book with the note in its place.
    rounds: list[str] = []

    def set_book(source: str) -> str:
        rounds.append(source)
        return _aux(**IN_PLACE)

    placed = place_notes(TEX, set_book, start=Plan({f"{DOC}:n-four": f"after:{DOC}:n-one"}))
    assert placed.moves[f"{DOC}:n-four"] == f"after:{DOC}:n-two" and len(rounds) == 2
