"""Plain data classes for the edition's sources, free of Sphinx."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        """The visible paragraph number: ``p12`` shows as ``12``, other IDs as they are."""
        if self.id.startswith("p") and self.id[1:].isdigit():
            return self.id[1:]
        return self.id


@dataclass
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


@dataclass
class Source:
    slug: str
    folder: Path
    meta: SourceMeta
    original: TextFile
    translation: TextFile
    notes: list[Any] = field(default_factory=list)  # edition.notes.Note, in number order
    broken_notes: set[str] = field(default_factory=set)  # declared, but with problems
    notes_unreadable: bool = False  # notes.yaml could not be read or validated
    mentions: list[Any] = field(default_factory=list)  # edition.data.mentions.Mention
    # Paragraphs that report an event (or refer to an actor) without naming it by a linked
    # form: edition.data.mentions.Report
    reports: list[Any] = field(default_factory=list)

    @property
    def docname(self) -> str:
        return f"sources/{self.slug}"

    @property
    def anchors(self) -> list[str]:
        """Every anchor this source publishes on its page: paragraphs, then notes."""
        return [b.id for b in self.original.rendered] + [n.id for n in self.notes]
