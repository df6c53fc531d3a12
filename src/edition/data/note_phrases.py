"""Where a note hangs in its paragraph: its phrase found (and the occurrence meant), marks
that would fall inside another note's phrase, and the footnote numbers in reading order."""

from __future__ import annotations

import heapq
from dataclasses import replace

from ..core.model import Block, Source
from ..core.problems import Code, Problem
from ..core.vocabulary import COLUMNS
from .note_record import Note, note_problem
from .yamlio import LocatedDict


def occurrences(text: str, phrase: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``phrase``."""
    found, start = [], text.find(phrase)
    while start != -1:
        found.append(start)
        start = text.find(phrase, start + 1)
    return found


def resolve_phrase(note: Note, data: LocatedDict, block: Block) -> tuple[int, int] | Problem:
    """Find the phrase in the paragraph: the phrase's span, or what is wrong."""
    starts = occurrences(block.text, note.phrase)
    if not starts:
        return note_problem(
            note,
            data,
            "phrase",
            Code.NOTE_PHRASE,
            f"phrase {note.phrase!r} is not in the {note.column} of {note.paragraph!r}",
            "copy the phrase exactly from the paragraph (same spelling, quotes and dashes)",
        )
    if note.occurrence is None and len(starts) > 1:
        return note_problem(
            note,
            data,
            "phrase",
            Code.NOTE_AMBIGUOUS,
            f"phrase {note.phrase!r} occurs {len(starts)} times in the {note.column} "
            f"of {note.paragraph!r}",
            f"add occurrence: 1 … {len(starts)}, or lengthen the phrase",
        )
    index = (note.occurrence or 1) - 1
    if index >= len(starts):
        return note_problem(
            note,
            data,
            "occurrence",
            Code.NOTE_PHRASE,
            f"occurrence {note.occurrence} asked, but the phrase occurs {len(starts)} time(s)",
            "count the occurrences again",
        )
    return starts[index], starts[index] + len(note.phrase)


def overlap_problems(notes: list[Note], lines: dict[str, LocatedDict]) -> list[Problem]:
    """A mark must not fall inside another note's phrase (phrases nest or stand apart).

    One sweep per column of a paragraph, O(n log n): marks in order of position, with a heap
    of the phrases begun before the mark, by their ends; the phrase that ends first after
    the mark is the one named. Each note is reported once."""
    columns: dict[tuple[str, str], list[Note]] = {}
    for note in notes:
        columns.setdefault((note.paragraph, note.column), []).append(note)
    inside: dict[str, Note] = {}  # note ID -> a phrase its mark falls inside
    for group in columns.values():
        by_start = sorted(range(len(group)), key=lambda i: group[i].start)
        open_phrases: list[tuple[int, int]] = []  # (end, index in group)
        next_start = 0
        for index in sorted(range(len(group)), key=lambda i: group[i].end):
            mark = group[index].end
            while next_start < len(by_start) and group[by_start[next_start]].start < mark:
                opened = by_start[next_start]
                heapq.heappush(open_phrases, (group[opened].end, opened))
                next_start += 1
            while open_phrases and open_phrases[0][0] <= mark:
                heapq.heappop(open_phrases)  # ended at or before the mark: no longer open
            if open_phrases:
                inside[group[index].id] = group[open_phrases[0][1]]
    problems = []
    for note in notes:
        other = inside.get(note.id)
        if other is not None:
            problems.append(
                note_problem(
                    note,
                    lines[note.id],
                    "phrase",
                    Code.NOTE_OVERLAP,
                    f"its mark would fall inside the phrase {other.phrase!r} of note {other.id!r}",
                    "hang the note on a phrase that ends where the other ends, or on "
                    "words outside it",
                )
            )
    return problems


def number_notes(notes: list[Note], source: Source) -> list[Note]:
    """The notes numbered in reading order (row by row, original before translation), in
    number order."""
    rows = {block.id: index for index, block in enumerate(source.original.rendered)}
    ordered = sorted(
        notes, key=lambda n: (rows[n.paragraph], COLUMNS.index(n.column), n.end, n.start)
    )
    return [replace(note, number=number) for number, note in enumerate(ordered, 1)]
