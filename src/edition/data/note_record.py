"""A note as loaded from ``notes.yaml``: the :class:`Note` record, the words of the notes
file (its name, the ID prefix, the stub, the columns, the kinds), and problems located in a
note's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Code, Problem
from .yamlio import LocatedDict

NOTES_FILE = "notes.yaml"
NOTE_PREFIX = "n-"  # every note ID starts so: notes and paragraphs never share an ID
STUB = "TODO:"  # how `edition new-note` begins a body; the check refuses it until written


@dataclass
class Note:
    id: str
    paragraph: str
    column: str  # original | translation
    phrase: str
    occurrence: int | None
    kind: str
    body: str
    by: str
    date: str
    path: Path
    line: int  # the note's first line in notes.yaml
    body_line: int  # the line where the body's text starts
    start: int = -1  # the phrase's span in the column's text, once resolved
    end: int = -1
    number: int = 0  # footnote number in reading order on the page
    cites: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (slug, id) of {para} links

    @property
    def mark_id(self) -> str:
        """The anchor of the mark in the text (the note itself is at ``#<id>``)."""
        return f"{self.id}-mark"


def note_problem(
    note: Note, data: LocatedDict, key: str, code: Code, message: str, hint: str
) -> Problem:
    line, column = data.where(key)
    return Problem(note.path, line, column, code, f"note {note.id!r}: {message}", hint)
