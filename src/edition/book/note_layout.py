"""What the book's LaTeX source and ``.aux`` file tell about its notes: the parallel rows
and the notes in each (read from the marker comments the LaTeX writer leaves), the page of
every label, and the notes set on another page than their mark."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.latex_markers import (
    MARK_SUFFIX,
    MOVED,
    NOTE,
    ROW,
    ROW_END,
    ROW_END_SUFFIX,
    ROW_START_SUFFIX,
    TRANSLATION_COLUMN,
)

# hyperref's form: \newlabel{label}{{number}{page}{title}{anchor}{}}
NEW_LABEL = re.compile(r"\\newlabel\{([^}]*)\}\{\{[^}]*\}\{([^}]*)\}")


class NotePlacementError(RuntimeError):
    """A note cannot be brought to the page of its mark; the message names it."""


@dataclass(frozen=True)
class NoteSite:
    """Where a note of a parallel row is: its row, its column (0 original, 1 translation)
    and its printed number."""

    row: str
    column: int
    number: str


@dataclass(frozen=True)
class Layout:
    """The rows of the book's LaTeX source and the notes in them, in order."""

    notes: dict[str, NoteSite]  # in the order of the source
    rows: dict[str, list[str]]  # row label -> its notes, original column first

    @classmethod
    def parse(cls, tex: str) -> Layout:
        if MOVED in tex:
            raise NotePlacementError("the LaTeX source holds moved notes: build it afresh")
        notes: dict[str, NoteSite] = {}
        rows: dict[str, list[str]] = {}
        row, column = "", 0
        for line in tex.splitlines():
            if line.startswith(ROW):
                row, column = line.removeprefix(ROW), 0
                rows[row] = []
            elif line.startswith(ROW_END):
                row = ""
            elif line.startswith(TRANSLATION_COLUMN):
                column = 1
            elif line.startswith(NOTE) and row:
                number, _, label = line.removeprefix(NOTE).partition(":")
                notes[label] = NoteSite(row, column, number)
                rows[row].append(label)
        return cls(notes, rows)


@dataclass(frozen=True)
class Pages:
    """The pages of the book's labels, from its ``.aux``."""

    of: dict[str, str]

    @classmethod
    def from_aux(cls, aux: str) -> Pages:
        return cls(dict(NEW_LABEL.findall(aux)))

    def mark(self, note: str) -> str:
        return self.of.get(note + MARK_SUFFIX, "none")

    def note(self, note: str) -> str:
        return self.of.get(note, "none")


@dataclass(frozen=True)
class MisplacedNote:
    label: str  # "<doc>:<id>", as written to the .aux
    mark_page: str
    note_page: str

    @property
    def document(self) -> str:
        return self.label.rpartition(":")[0]

    @property
    def first_page(self) -> int:
        """The earlier of the two pages: from there on the document's layout changes."""
        numbers = [int(page) for page in (self.mark_page, self.note_page) if page.isdigit()]
        return min(numbers, default=0)

    @property
    def early(self) -> bool:
        """Set on a page before its mark's."""
        pages = (self.note_page, self.mark_page)
        return all(p.isdigit() for p in pages) and int(pages[0]) < int(pages[1])

    def __str__(self) -> str:
        return f"{self.label}: mark on page {self.mark_page}, note on page {self.note_page}"


def misplaced_notes(pages: Pages) -> list[MisplacedNote]:
    """The notes whose text is set on another page than their mark, in the order of their
    marks; a note never set has "none" for its page."""
    found = []
    for label, mark_page in pages.of.items():
        if label.endswith(MARK_SUFFIX):
            note = label.removesuffix(MARK_SUFFIX)
            if pages.note(note) != mark_page:
                found.append(MisplacedNote(note, mark_page, pages.note(note)))
    return found


def rows_out_of_step(pages: Pages, layout: Layout) -> list[str]:
    """The rows whose two columns start on different pages (a long note on the first line of
    one column can push that line over to the next page, while the other column's first
    line stays at the foot of the page), in the order of the source."""
    found = []
    for row in layout.rows:
        starts = {pages.of.get(f"{row}{ROW_START_SUFFIX}{column}") for column in (0, 1)}
        if len(starts - {None}) > 1:
            found.append(row)
    return found


def row_within_page(pages: Pages, row: str, page: str) -> bool:
    """Whether ``row`` starts and ends on ``page``, in both columns."""
    ends = {pages.of.get(f"{row}{ROW_END_SUFFIX}{column}") for column in (0, 1)}
    return pages.of.get(row) == page and ends == {page}


def notes_marked_on(layout: Layout, pages: Pages, row: str, column: int, page: str) -> list[str]:
    """The notes of a row's column whose marks are on ``page``, in order."""
    return [
        note
        for note in layout.rows[row]
        if layout.notes[note].column == column and pages.mark(note) == page
    ]


HEADING = re.compile(r"\\(?:sub)*section\{|\\begin\{paracol\}\{2\}\\edlabels")
NEUTRAL = re.compile(r"\s*$|%|\\label\{")


def break_before_row(tex: str, row_at: int) -> int:
    """Where a page break before the row at ``row_at`` goes: before the headings and
    column heads just above it (with a heading's note), which would otherwise stand alone
    at the foot of the page."""
    lines = tex[:row_at].split("\n")[:-1]
    offset, at = row_at, row_at
    index = len(lines) - 1
    while index >= 0:
        line = lines[index]
        if line.startswith("\\end{footnotetext}"):
            # A heading's note, set just after it: step over it to the heading.
            while index > 0 and not lines[index].startswith("\\begin{footnotetext}"):
                offset -= len(lines[index]) + 1
                index -= 1
        elif not (HEADING.match(line) or NEUTRAL.match(line)):
            break
        offset -= len(lines[index]) + 1
        if HEADING.match(line):
            at = offset
        index -= 1
    return at
