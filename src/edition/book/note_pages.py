"""Every note of the printed book on the page of its mark.

paracol sets the two columns of a parallel row one after the other: the original column
first, over all the pages the row takes, then the translation beside it. A note of the
translation column on a page the original has already filled cannot be set there, and
paracol carries it to the next page; on the row's last page paracol makes room for it by
moving the original's last lines on, but not their notes, which then come a page early.
Inside TeX neither can be seen while the page is made; the ``.aux`` file shows both
afterwards: each note is labelled where its text is set (``<doc>:<id>``) and just after its
mark (``<doc>:<id>--at``; docutils IDs never hold two hyphens in a row).

So the book is set in rounds (:func:`place_notes`). After each round the first misplaced
note of each document (on the earliest page) is mended, and the book is set again:

- A translation note (with the translation notes of its row marked on the same page
  before it) has its text moved into the original column, just after the last original
  mark of the row on that page, or to the row's start: the original column then makes
  room for it as for its own notes, and the notes stay in their order at the foot.
- Where no such place exists, or a moved note would go back to a place it has left (its
  text pulling its own mark's line over to the next page, then letting it go back), the
  note's row starts a new page if it stood wholly on the mark's page (broken at the mark's
  line, its two columns would stand on two pages), else the mark's line does (a break
  before the line, in its column).

- A row whose two columns start on two pages (a long note on the first line of one column
  pushed that line over while the other column began at the foot of the page) starts the
  next page; if it is still out of step there, the build fails, naming the row.

A change moves nothing before it, so notes already in place stay there. The LaTeX writer
(:mod:`edition.latex`) marks rows, columns and notes with comment lines for this.

The LaTeX source and the ``.aux`` are read in :mod:`edition.book.note_layout`; here, the
plan of each round and the rounds themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.latex_markers import MARK, MARK_SUFFIX, MOVED, NOTE, NOTE_END, ROW
from .note_layout import (
    Layout,
    MisplacedNote,
    NotePlacementError,
    NoteSite,
    Pages,
    break_before_row,
    misplaced_notes,
    notes_marked_on,
    row_within_page,
    rows_out_of_step,
)

__all__ = [
    "Layout",
    "MisplacedNote",
    "NotePlacementError",
    "NoteSite",
    "Pages",
    "Plan",
    "load_plan",
    "misplaced_notes",
    "place_notes",
    "rows_out_of_step",
]


Anchor = str  # "after:<note>" (just after that note's mark) or "row:<row>" (its start)


@dataclass
class Plan:
    """What the next round changes in the LaTeX source: translation notes moved into the
    original column, marks whose line starts a new page, and rows that start one."""

    moves: dict[str, Anchor] = field(default_factory=dict)
    breaks: list[str] = field(default_factory=list)
    row_breaks: list[str] = field(default_factory=list)  # rows that start a new page
    # Every place each note was moved to, in this build.
    tried: dict[str, list[Anchor]] = field(default_factory=dict, compare=False)

    def apply(self, tex: str, layout: Layout) -> str:
        for row in self.row_breaks:
            at = break_before_row(
                tex, tex.rfind("\\begin{paracol}{2}", 0, _find(tex, f"{ROW}{row}\n"))
            )
            tex = f"{tex[:at]}\\newpage%\n{tex[at:]}"
        for note in self.breaks:
            tex = _replace_once(tex, f"{MARK}{note}\n", f"{MARK}{note}\n\\edbreakhere%\n")
        moved: dict[Anchor, list[str]] = {}
        for note in sorted(self.moves, key=list(layout.notes).index):
            number = layout.notes[note].number
            start = f"{NOTE}{number}:{note}\n"
            begin = _find(tex, start) + len(start)
            end = _find(tex, f"{NOTE_END}\n", begin)
            text = tex[begin:end].replace("\\ednotetext{", f"\\ednotetextfor{{{number}}}{{", 1)
            tex = tex[:begin] + tex[end:]
            moved.setdefault(self.moves[note], []).append(f"%\n{MOVED}{note}\n{text}")
        for anchor, texts in moved.items():
            kind, _, target = anchor.partition(":")
            if kind == "after":
                place = f"\\label{{\\detokenize{{{target}{MARK_SUFFIX}}}}}"
            else:
                place = f"{ROW}{target}\n"
            at = _find(tex, place) + len(place)
            tex = tex[:at] + "".join(texts) + tex[at:]
        return tex

    def fits(self, layout: Layout) -> bool:
        """Whether every note and anchor of the plan is in ``layout`` (a plan from an
        earlier build may name notes that are gone)."""
        anchors = {a.partition(":")[2] for a in self.moves.values()}
        known = set(layout.notes) | set(layout.rows)
        named = set(self.moves) | set(self.breaks) | set(self.row_breaks) | anchors
        return named <= known

    def to_json(self, source: str) -> str:
        """The plan, tied to the LaTeX source it was made for (by its SHA-256)."""
        digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
        return json.dumps(
            {
                "source": digest,
                "moves": self.moves,
                "breaks": self.breaks,
                "row_breaks": self.row_breaks,
            },
            indent=1,
        )

    def mend(self, misplaced: list[MisplacedNote], layout: Layout, pages: Pages) -> None:
        """Mend the earliest misplaced note of each document (one change each: a change
        moves everything after it, which may bring the later notes back by itself)."""
        earliest: dict[str, MisplacedNote] = {}
        for note in misplaced:
            if note.note_page == "none" or note.mark_page == "none":
                raise NotePlacementError(f"a note was never set: {note}")
            kept = earliest.get(note.document)
            if kept is None or note.first_page < kept.first_page:
                earliest[note.document] = note
        for note in earliest.values():
            self._mend(note, layout, pages)

    def reorder(self, layout: Layout, pages: Pages) -> bool:
        """Whether a moved note had to be placed again: set just after an original mark, it
        must also follow the original notes of its row numbered before it on its page (a
        later round may have brought such a note onto the page; the foot would then read
        36, 39, 37). It goes after the last of them."""
        changed = False
        for mover, anchor in list(self.moves.items()):
            site = layout.notes[mover]
            before = [
                note
                for note in notes_marked_on(layout, pages, site.row, 0, pages.note(mover))
                if int(layout.notes[note].number) < int(site.number)
            ]
            if not before or not anchor.startswith("after:"):
                continue
            last = before[-1]
            if int(layout.notes[last].number) > int(layout.notes[anchor[6:]].number):
                self.moves[mover] = f"after:{last}"
                changed = True
        return changed

    def keep_in_step(self, split: list[str]) -> None:
        """The first row of each document whose columns start on two pages starts the next
        page instead, where both columns start together."""
        earliest: dict[str, str] = {}
        for row in split:
            earliest.setdefault(row.rpartition(":")[0], row)
        for row in earliest.values():
            if row in self.row_breaks:
                raise NotePlacementError(
                    f"row {row} starts its two columns on two pages even at the top of a page"
                )
            self.row_breaks.append(row)

    def _mend(self, misplaced: MisplacedNote, layout: Layout, pages: Pages) -> None:
        note = misplaced.label
        site = layout.notes.get(note)
        if site is None:
            raise NotePlacementError(
                f"a note outside the parallel rows is off its page: {misplaced}"
            )
        if site.column == 1:
            # The translation notes marked on its page up to it: set there, or carried over.
            page = misplaced.mark_page
            marked = notes_marked_on(layout, pages, site.row, 1, page)
            movers = marked[: marked.index(note) + 1]
        elif misplaced.early:
            # An original note left behind: the translation notes of its page took the room.
            page = misplaced.note_page
            movers = notes_marked_on(layout, pages, site.row, 1, page)
        else:
            page, movers = misplaced.mark_page, []
        anchor = _anchor(layout, pages, site.row, page)
        changed = [m for m in movers if self.moves.get(m) != anchor]
        # A note sent back to a place it has left would go back and forth between two
        # pages (its text pulls its mark's line over, or lets it go back): it stays, and
        # its row or its mark's line starts the next page instead.
        returning = any(anchor in self.tried.get(m, []) for m in changed)
        if anchor and changed and not returning:
            for mover in movers:
                self.moves[mover] = anchor
                self.tried.setdefault(mover, []).append(anchor)
        elif row_within_page(pages, site.row, misplaced.mark_page) and (
            site.row not in self.row_breaks
        ):
            # A row wholly on the mark's page moves to the next page whole: broken at the
            # mark's line, its columns would stand on two pages.
            self.row_breaks.append(site.row)
        elif note not in self.breaks:
            self.breaks.append(note)
        else:
            raise NotePlacementError(f"a note stays off the page of its mark: {misplaced}")


def _anchor(layout: Layout, pages: Pages, row: str, page: str) -> Anchor:
    """The place in the original column, on ``page``, after every original note of the row
    on that page: just after its last mark there, or the row's start if it starts there."""
    marks = notes_marked_on(layout, pages, row, 0, page)
    if marks:
        return f"after:{marks[-1]}"
    return f"row:{row}" if pages.of.get(row) == page else ""


def _find(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    if at < 0:
        raise NotePlacementError(f"not found in the LaTeX source: {needle.strip()}")
    return at


def _replace_once(text: str, old: str, new: str) -> str:
    at = _find(text, old)
    return text[:at] + new + text[at + len(old) :]


def place_notes(
    tex: str, set_book: Callable[[str], str], max_rounds: int = 12, start: Plan | None = None
) -> Plan:
    """Set the book (``set_book`` takes the LaTeX source and returns the ``.aux``) in
    rounds until every note is on the page of its mark; the plan that did it.

    ``start`` is the plan of an earlier build of the same source (see :func:`load_plan`):
    the book then usually needs one round."""
    layout = Layout.parse(tex)
    plan = start if start is not None and start.fits(layout) else Plan()
    for _round in range(max_rounds):
        pages = Pages.from_aux(set_book(plan.apply(tex, layout)))
        misplaced = misplaced_notes(pages)
        split = rows_out_of_step(pages, layout)
        if not misplaced and not split:
            if not plan.reorder(layout, pages):
                return plan
            continue
        plan.keep_in_step(split)
        plan.mend(misplaced, layout, pages)
        where = "its page" if len(misplaced) == 1 else "their pages"
        print(
            f"  {_count(len(misplaced), 'note')} off {where}, "
            f"{_count(len(split), 'row')} out of step: "
            f"{len(plan.moves)} moved, {_count(len(plan.breaks), 'line break')} and "
            f"{_count(len(plan.row_breaks), 'row break')}",
            flush=True,
        )
    lines = "\n".join([f"  {note}" for note in misplaced] + [f"  row {row}" for row in split])
    raise NotePlacementError(
        f"notes off their pages or rows out of step after {max_rounds} rounds:\n{lines}"
    )


def load_plan(saved: str, source: str) -> Plan | None:
    """The plan saved by :meth:`Plan.to_json` if it was made for ``source``; else None."""
    try:
        data = json.loads(saved)
    except json.JSONDecodeError:
        return None
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    if not isinstance(data, dict) or data.get("source") != digest:
        return None
    moves, breaks, rows = data.get("moves"), data.get("breaks"), data.get("row_breaks")
    if not isinstance(moves, dict) or not isinstance(breaks, list) or not isinstance(rows, list):
        return None
    return Plan(
        {str(note): str(anchor) for note, anchor in moves.items()},
        [str(note) for note in breaks],
        [str(row) for row in rows],
    )


def _count(number: int, thing: str) -> str:
    """``1 note``, ``2 notes``: the progress lines read as English."""
    return f"{number} {thing}{'' if number == 1 else 's'}"
