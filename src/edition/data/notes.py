"""Standoff annotations: ``sources/<slug>/notes.yaml``, loaded and checked without Sphinx.

A note names a paragraph, a column and the exact phrase it hangs on; its mark follows the
phrase. The checks here are the ones the build runs and ``edition check`` prints.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import Block, Source
from ..core.problems import Code, DataError, Problem
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

NOTES_FILE = "notes.yaml"
NOTE_PREFIX = "n-"  # every note ID starts so: notes and paragraphs never share an ID
STUB = "TODO:"  # how `edition new-note` begins a body; the check refuses it until written
COLUMNS = ("original", "translation")
KIND_LABELS = {
    "identification": "Identification",
    "fact-correction": "Correction of fact",
    "name-correction": "Correction of name or title",
    "translation": "Translation and transcription",
    "context": "Context",
    "disputed": "Disputed claim",
    "reference": "Reference",
}

# {cite}`k`, {cite:p}`k1,k2`, {cite:t}`{see}k{p. 3}`: sphinxcontrib-bibtex's roles.
CITE_ROLE = re.compile(r"\{(?:cite|footcite)(?::[a-z]+)?\}`([^`]*)`")
CITE_PRE_POST = re.compile(r"\{[^}]*\}")
PARA_ROLE = re.compile(r"\{para\}`([^`]*)`")


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


def cited_keys(body: str) -> list[str]:
    """The BibTeX keys a MyST body cites, in order, each once."""
    keys: list[str] = []
    for match in CITE_ROLE.finditer(body):
        for token in match.group(1).split(","):
            key = CITE_PRE_POST.sub("", token).strip()
            if key and key not in keys:
                keys.append(key)
    return keys


def para_target(value: str, slug: str) -> tuple[str, str]:
    """``slug#p3`` or ``#p3`` (this page) as ``(slug, id)``."""
    page, _, anchor = value.strip().partition("#")
    return (page or slug), anchor


def occurrences(text: str, phrase: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``phrase``."""
    found, start = [], text.find(phrase)
    while start != -1:
        found.append(start)
        start = text.find(phrase, start + 1)
    return found


def _problem(
    note: Note, data: LocatedDict, key: str, code: Code, message: str, hint: str
) -> Problem:
    line, column = data.where(key)
    return Problem(note.path, line, column, code, f"note {note.id!r}: {message}", hint)


def _resolve(note: Note, data: LocatedDict, block: Block) -> Problem | None:
    """Find the phrase in the paragraph; set the note's span or say what is wrong."""
    starts = occurrences(block.text, note.phrase)
    if not starts:
        return _problem(
            note,
            data,
            "phrase",
            Code.NOTE_PHRASE,
            f"phrase {note.phrase!r} is not in the {note.column} of {note.paragraph!r}",
            "copy the phrase exactly from the paragraph (same spelling, quotes and dashes)",
        )
    if note.occurrence is None and len(starts) > 1:
        return _problem(
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
        return _problem(
            note,
            data,
            "occurrence",
            Code.NOTE_PHRASE,
            f"occurrence {note.occurrence} asked, but the phrase occurs {len(starts)} time(s)",
            "count the occurrences again",
        )
    note.start = starts[index]
    note.end = note.start + len(note.phrase)
    return None


def _body_problems(note: Note, data: LocatedDict) -> list[Problem]:
    if not note.body.strip():
        return [_problem(note, data, "body", Code.NOTE_BODY, "the body is empty", "write the note")]
    if note.body.lstrip().startswith(STUB):
        return [
            _problem(
                note,
                data,
                "body",
                Code.NOTE_BODY,
                "the note is still the stub that edition new-note wrote",
                "write the note in place of the TODO line",
            )
        ]
    # The body and every other field pass the contribution gate (the phrase is quoted
    # from the text, and rendered literally).
    return scan(data, note.path, frozenset({"phrase"}), subject=f"note {note.id!r}")


def _overlaps(notes: list[Note], lines: dict[str, LocatedDict]) -> list[Problem]:
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
                _problem(
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


def _number(notes: list[Note], source: Source) -> None:
    """Footnote numbers in reading order: row by row, original before translation."""
    rows = {block.id: index for index, block in enumerate(source.original.rendered)}
    ordered = sorted(
        notes, key=lambda n: (rows[n.paragraph], COLUMNS.index(n.column), n.end, n.start)
    )
    for number, note in enumerate(ordered, 1):
        note.number = number
    notes.sort(key=lambda n: n.number)


def load_notes(source: Source, bib_keys: set[str] | None) -> tuple[list[Note], list[Problem]]:
    """The notes of ``source`` with their phrases resolved and numbered, and all problems.

    ``bib_keys`` is None when the bibliography could not be read (reported elsewhere).
    Links between pages are checked once every page's notes are known: :func:`link_problems`.
    """
    path = source.folder / NOTES_FILE
    if not path.exists():
        return [], []
    try:
        data = load_yaml(path)
    except DataError as exc:
        return [], exc.problems
    problems = validate(data, "notes", path)
    if problems:
        return [], problems
    blocks = {block.id: block for block in source.original.rendered}
    translations = source.translation.by_id()
    notes: list[Note] = []
    located: dict[str, LocatedDict] = {}
    for item, (line, _col) in zip(data["notes"], data["notes"].item_lines, strict=True):
        note = Note(
            item["id"],
            item["paragraph"],
            item["column"],
            item["phrase"],
            item.get("occurrence"),
            item["kind"],
            item["body"],
            item["credit"]["by"],
            item["credit"]["date"],
            path,
            line,
            item.where("body")[0],
        )
        if note.id in located or note.id in blocks:
            first = located[note.id].line if note.id in located else None
            where = f"line {first}" if first else "a paragraph of the page"
            problems.append(
                _problem(
                    note,
                    item,
                    "id",
                    Code.DUPLICATE_ID,
                    f"the ID is already used by {where}",
                    "give every note its own ID; never reuse a published one",
                )
            )
            continue
        located[note.id] = item
        block = blocks.get(note.paragraph)
        if block is None:
            problems.append(
                _problem(
                    note,
                    item,
                    "paragraph",
                    Code.NOTE_TARGET,
                    f"no paragraph {note.paragraph!r} on this page",
                    f"use an ID from {source.original.path.name}",
                )
            )
            continue
        # A paragraph without translation is reported by the text checks; its empty
        # translation column has no phrase to find.
        text_block = (
            block
            if note.column == "original"
            else translations.get(block.id, Block(block.id, block.kind, "", 0))
        )
        found = _resolve(note, item, text_block)
        body = _body_problems(note, item)
        problems += body
        note.cites = cited_keys(note.body)
        for key in note.cites:
            if bib_keys is not None and key not in bib_keys:
                problems.append(
                    _problem(
                        note,
                        item,
                        "body",
                        Code.NOTE_CITATION,
                        f"cites {key!r}, which is not in bibliography.bib",
                        "add the entry to bibliography.bib, or correct the key",
                    )
                )
        note.links = [para_target(m.group(1), source.slug) for m in PARA_ROLE.finditer(note.body)]
        if found is not None:
            problems.append(found)
            continue
        if body:  # an unsafe or empty note is reported and never rendered
            continue
        notes.append(note)
    problems += _overlaps(notes, located)
    _number(notes, source)
    return notes, problems


def link_problems(notes: dict[str, list[Note]], sources: list[Source]) -> list[Problem]:
    """Every ``{para}`` link points at a paragraph or note of the edition."""
    targets = {(source.slug, block.id) for source in sources for block in source.original.rendered}
    targets |= {(slug, note.id) for slug, page in notes.items() for note in page}
    # A note refused for its own problems is reported there, not again at every link to it.
    targets |= {(source.slug, note_id) for source in sources for note_id in source.broken_notes}
    problems = []
    for page in notes.values():
        for note in page:
            for slug, anchor in note.links:
                if (slug, anchor) not in targets:
                    problems.append(
                        Problem(
                            note.path,
                            note.body_line,
                            1,
                            Code.NOTE_LINK,
                            f"note {note.id!r}: links to {slug}#{anchor}, which does not exist",
                            "write {para}`slug#id` with the ID of a paragraph or note",
                        )
                    )
    return problems
