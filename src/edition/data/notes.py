"""Standoff annotations: ``sources/<slug>/notes.yaml``, loaded and checked without Sphinx.

A note names a paragraph, a column and the exact phrase it hangs on; its mark follows the
phrase. The checks here are the ones the build runs and ``edition check`` prints.

The note record is in :mod:`edition.data.note_record`; finding each note's phrase in its
paragraph, and the checks on where its mark falls, in :mod:`edition.data.note_phrases`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..core.model import Block, Document, Source
from ..core.problems import Code, DataError, Problem
from .note_phrases import number_notes, occurrences, overlap_problems, resolve_phrase
from .note_record import (
    NOTE_PREFIX,
    NOTES_FILE,
    STUB,
    Note,
    note_problem,
)
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

__all__ = [
    "NOTES_FILE",
    "NOTE_PREFIX",
    "STUB",
    "Note",
    "cited_keys",
    "link_problems",
    "load_notes",
    "occurrences",
    "para_target",
]

# {cite}`k`, {cite:p}`k1,k2`, {cite:t}`{see}k{p. 3}`: sphinxcontrib-bibtex's roles.
CITE_ROLE = re.compile(r"\{(?:cite|footcite)(?::[a-z]+)?\}`([^`]*)`")
CITE_PRE_POST = re.compile(r"\{[^}]*\}")
PARA_ROLE = re.compile(r"\{para\}`([^`]*)`")


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


def _body_problems(note: Note, data: LocatedDict) -> list[Problem]:
    if not note.body.strip():
        return [
            note_problem(note, data, "body", Code.NOTE_BODY, "the body is empty", "write the note")
        ]
    if note.body.lstrip().startswith(STUB):
        return [
            note_problem(
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


def load_notes(
    source: Source, bib_keys: set[str] | None
) -> tuple[list[Note], list[Problem], set[str]]:
    """The notes of ``source`` with their phrases resolved and numbered, all problems, and
    the IDs of the notes the file declares but that are refused for their problems.

    ``bib_keys`` is None when the bibliography could not be read (reported elsewhere).
    Links between pages are checked once every page's notes are known: :func:`link_problems`.
    """
    path = source.folder / NOTES_FILE
    if not path.exists():
        return [], [], set()
    try:
        data = load_yaml(path)
    except DataError as exc:
        return [], exc.problems, set()
    problems = validate(data, "notes", path)
    if problems:
        return [], problems, set()
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
                note_problem(
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
                note_problem(
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
        resolved = resolve_phrase(note, item, text_block)
        body = _body_problems(note, item)
        problems += body
        start, end = resolved if isinstance(resolved, tuple) else (-1, -1)
        note = replace(
            note,
            start=start,
            end=end,
            cites=tuple(cited_keys(note.body)),
            links=tuple(
                para_target(m.group(1), source.slug) for m in PARA_ROLE.finditer(note.body)
            ),
        )
        for key in note.cites:
            if bib_keys is not None and key not in bib_keys:
                problems.append(
                    note_problem(
                        note,
                        item,
                        "body",
                        Code.NOTE_CITATION,
                        f"cites {key!r}, which is not in bibliography.bib",
                        "add the entry to bibliography.bib, or correct the key",
                    )
                )
        if isinstance(resolved, Problem):
            problems.append(resolved)
            continue
        if body:  # an unsafe or empty note is reported and never rendered
            continue
        notes.append(note)
    problems += overlap_problems(notes, located)
    notes = number_notes(notes, source)
    refused = {str(item["id"]) for item in data["notes"]} - {note.id for note in notes}
    return notes, problems, refused


def link_problems(
    documents: Sequence[Document], unknown: Callable[[str], bool] = lambda target: False
) -> list[Problem]:
    """Every ``{para}`` link points at a paragraph or note of the edition; a link to an
    ``unknown`` target (``sources/<slug>#<id>``: in a file that could not be loaded) is not
    checked."""
    targets = {(document.slug, anchor) for document in documents for anchor in document.anchors}
    # A note refused for its own problems is reported there, not again at every link to it.
    targets |= {(d.slug, note_id) for d in documents for note_id in d.broken_notes}
    notes = {document.slug: document.notes for document in documents}
    problems = []
    for page in notes.values():
        for note in page:
            for slug, anchor in note.links:
                if (slug, anchor) not in targets and not unknown(f"sources/{slug}#{anchor}"):
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
