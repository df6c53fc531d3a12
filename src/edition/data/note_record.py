"""A note as loaded from ``notes.yaml``: the :class:`Note` record, the words of the notes
file (its name, the ID prefix, the stub, the columns, the kinds), and problems located in a
note's data."""

from __future__ import annotations

from ..core.model import Note
from ..core.problems import Code, Problem
from .yamlio import LocatedDict

NOTES_FILE = "notes.yaml"
NOTE_PREFIX = "n-"  # every note ID starts so: notes and paragraphs never share an ID
STUB = "TODO:"  # how `edition new-note` begins a body; the check refuses it until written


def note_problem(
    note: Note, data: LocatedDict, key: str, code: Code, message: str, hint: str
) -> Problem:
    line, column = data.where(key)
    return Problem(note.path, line, column, code, f"note {note.id!r}: {message}", hint)
