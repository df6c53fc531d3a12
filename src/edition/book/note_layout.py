"""What the book's LaTeX source and ``.aux`` file tell about its notes: the parallel rows
and the notes in each (read from the marker comments the LaTeX writer leaves), the page of
every label, and the notes set on another page than their mark."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.latex_markers import MARK_SUFFIX, MOVED, NOTE, ROW, ROW_END, TRANSLATION_COLUMN

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
