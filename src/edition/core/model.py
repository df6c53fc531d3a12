"""Plain data classes for the edition's sources, free of Sphinx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .source_meta import SourceMeta


@dataclass(frozen=True)
class Block:
    id: str
    kind: str  # paragraph | heading | editorial-heading | omission
    text: str
    line: int  # line of the block in its file
    reason: str = ""

    @property
    def is_heading(self) -> bool:
        return self.kind in ("heading", "editorial-heading")

    @property
    def from_seed(self) -> bool:
        """Whether the text is the seed's (an editorial heading is the editors' own)."""
        return self.kind != "editorial-heading"

    @property
    def label(self) -> str:
        return paragraph_label(self.id)


def source_docname(slug: str) -> str:
    """The page of the document ``slug`` in the Sphinx project."""
    return f"sources/{slug}"


def paragraph_label(block_id: str) -> str:
    """The visible paragraph number: ``p12`` shows as ``12``, other IDs as they are."""
    if block_id.startswith("p") and block_id[1:].isdigit():
        return block_id[1:]
    return block_id


@dataclass(frozen=True)
class TextFile:
    path: Path
    lang: str
    role: str
    blocks: list[Block]

    @property
    def rendered(self) -> list[Block]:
        """Blocks that appear on the page (omissions are recorded, not shown in the text)."""
        return [b for b in self.blocks if b.kind != "omission"]

    @property
    def transcribed(self) -> list[Block]:
        """Blocks whose text comes from the seed: the text and the omissions, in order."""
        return [b for b in self.blocks if b.from_seed]

    def by_id(self) -> dict[str, Block]:
        return {b.id: b for b in self.blocks}


@dataclass(frozen=True)
class Note:
    """A note of ``notes.yaml``; its phrase's span, number, citations and links are found
    as it is checked (``edition.data.notes``), each stage making a new value."""

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
    cites: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (slug, id) of {para} links

    @property
    def mark_id(self) -> str:
        """The anchor of the mark in the text (the note itself is at ``#<id>``)."""
        return f"{self.id}-mark"


@dataclass(frozen=True)
class Mention:
    """A stretch of one column of one paragraph that names a register entry."""

    paragraph: str
    column: str  # original | translation
    start: int
    end: int
    entry: str


@dataclass(frozen=True)
class Report:
    """A paragraph that reports an event, or refers to an actor, without naming it by a form
    the register links (a press conference told over several paragraphs)."""

    paragraph: str
    entry: str


@dataclass(frozen=True)
class Source:
    """One document: its metadata and texts, then (as the project loads its other files)
    its notes and mentions. Each stage makes a new value (``dataclasses.replace``)."""

    slug: str
    folder: Path
    meta: SourceMeta
    original: TextFile
    translation: TextFile
    notes: tuple[Note, ...] = ()  # in number order
    broken_notes: frozenset[str] = frozenset()  # declared, but refused for their problems
    notes_unreadable: bool = False  # notes.yaml could not be read or validated
    mentions: tuple[Mention, ...] = ()
    # Paragraphs that report an event (or refer to an actor) without naming it by a linked
    # form.
    reports: tuple[Report, ...] = ()

    @property
    def docname(self) -> str:
        return source_docname(self.slug)


@dataclass(frozen=True)
class Document:
    """What every page and every check across files needs of a document, without its
    texts and mentions: its metadata, languages, paragraph IDs and notes. The project
    holds one for each document, and reads a document's texts back only when they are
    asked for (``Project.sources``)."""

    slug: str
    folder: Path
    meta: SourceMeta
    languages: tuple[str, str]  # the original's and the translation's
    paragraphs: tuple[str, ...]  # the IDs of the original's rendered blocks, in order
    notes: tuple[Note, ...] = ()
    broken_notes: frozenset[str] = frozenset()
    notes_unreadable: bool = False

    @classmethod
    def of(cls, source: Source) -> Document:
        return cls(
            source.slug,
            source.folder,
            source.meta,
            (source.original.lang, source.translation.lang),
            tuple(block.id for block in source.original.rendered),
            source.notes,
            source.broken_notes,
            source.notes_unreadable,
        )

    @property
    def docname(self) -> str:
        return source_docname(self.slug)

    @property
    def anchors(self) -> list[str]:
        """Every anchor this document publishes on its page: paragraphs, then notes."""
        return [*self.paragraphs, *(note.id for note in self.notes)]
