"""One warning vocabulary for the data checks, shared by Sphinx and ``edition check``.

Every problem has a code (the Sphinx warning subtype, under type ``edition``),
a location (file, line, column) and a hint that tells a contributor what to do.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Code(StrEnum):
    """All problem codes. Sphinx shows them as ``[edition.<code>]``; the docs list them
    with their descriptions (``{edition-problem-codes}``)."""

    YAML = "yaml"
    SCHEMA = "schema"
    DUPLICATE_ID = "duplicate-id"
    UNTRANSLATED = "untranslated"
    ORPHAN_TRANSLATION = "orphan-translation"
    KIND_MISMATCH = "kind-mismatch"
    ORDER_MISMATCH = "order-mismatch"
    LANGUAGE = "language"
    SEED_MISSING = "seed-missing"
    CHECKSUM = "checksum"
    FIDELITY = "fidelity"
    ANCHOR_REMOVED = "anchor-removed"
    PAGE_REMOVED = "page-removed"
    RETIRED_TARGET = "retired-target"
    RETIRED_LIVE = "retired-live"
    PAGE = "page"
    NOTE_TARGET = "note-target"
    NOTE_PHRASE = "note-phrase"
    NOTE_AMBIGUOUS = "note-ambiguous"
    NOTE_OVERLAP = "note-overlap"
    NOTE_BODY = "note-body"
    NOTE_CITATION = "note-citation"
    NOTE_LINK = "note-link"
    BIBTEX = "bibtex"
    REGISTER = "register"
    UNSAFE = "unsafe"
    LOCK_LOST = "lock-lost"
    LOCK_SHRUNK = "lock-shrunk"
    LOCK_BASE = "lock-base"
    DOCUMENT = "document"

    @property
    def description(self) -> str:
        """What the problem is, for the docs' list of codes."""
        return DESCRIPTIONS[self]


# What each code means, in the words of the docs' list (``{edition-problem-codes}``).
DESCRIPTIONS: dict[Code, str] = {
    Code.YAML: "The file is not well-formed YAML, not UTF-8, nested too deep or too large.",
    Code.SCHEMA: "The file does not follow its JSON Schema (a field missing, unknown, of the "
    "wrong type or form; a date that is not in the calendar; a range that ends before it "
    "starts).",
    Code.DUPLICATE_ID: "An ID is used twice in one text or notes file.",
    Code.UNTRANSLATED: "A paragraph of the transcription has no translation.",
    Code.ORPHAN_TRANSLATION: "A block of the translation has no paragraph in the transcription.",
    Code.KIND_MISMATCH: "A block is a heading in one text and a paragraph in the other.",
    Code.ORDER_MISMATCH: "The translation's blocks are not in the transcription's order.",
    Code.LANGUAGE: "The language of a text file disagrees with source.yaml.",
    Code.SEED_MISSING: "The seed named in source.yaml is not there, or is a symbolic link.",
    Code.CHECKSUM: "The seed's SHA-256 differs from the one in source.yaml.",
    Code.FIDELITY: "The transcription and its omissions do not reproduce the seed.",
    Code.ANCHOR_REMOVED: "A locked anchor is gone, with no redirect or tombstone.",
    Code.PAGE_REMOVED: "A locked page is gone, with no redirect or tombstone.",
    Code.RETIRED_TARGET: "A redirect points at an anchor that does not exist.",
    Code.RETIRED_LIVE: "A redirect or tombstone is declared for an anchor that still exists.",
    Code.PAGE: "A source has no page in docs/sources/, or a page has no source.",
    Code.NOTE_TARGET: "A note names a paragraph that does not exist.",
    Code.NOTE_PHRASE: "A note's phrase is not in its paragraph (or not as often as asked).",
    Code.NOTE_AMBIGUOUS: "A note's phrase occurs more than once and no occurrence is given.",
    Code.NOTE_OVERLAP: "A note's mark would fall inside another note's phrase.",
    Code.NOTE_BODY: "A note's body is empty, or still the stub that edition new-note wrote.",
    Code.NOTE_CITATION: "A note cites a key that is not in bibliography.bib.",
    Code.NOTE_LINK: "A {para} link points at a paragraph or note that does not exist.",
    Code.BIBTEX: "bibliography.bib cannot be read, has a syntax error, a key twice, a bad "
    "date, an entry type the edition does not format, or an entry in no group of the "
    "bibliography page.",
    Code.REGISTER: "A register entry or a mention record is wrong (an unknown entry, a "
    "name form given to two entries, a participant or citation that does not exist).",
    Code.UNSAFE: "Contributed text uses what it may not: a directive, a role other than "
    "cite and para, raw HTML, a template expression, an image, a link that is not http(s) "
    "or mailto, a LaTeX command in the bibliography, a symbolic link.",
    Code.LOCK_LOST: "The anchor lock is deleted or emptied while the edition publishes pages.",
    Code.LOCK_SHRUNK: "An anchor of the lock at the base revision left the lock without a "
    "redirect or tombstone (edition check --lock-base).",
    Code.LOCK_BASE: "The lock at the base revision cannot be read from git (no git, no "
    "repository, an unknown revision).",
    Code.DOCUMENT: "A page names a source whose data could not be loaded (the data's own "
    "problems are reported at its files).",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    column: int  # 1-based; 0 when unknown
    code: Code
    message: str
    hint: str = ""

    def format(self, root: Path | None = None) -> str:
        """``file:line:column: code: message (hint)`` as compilers print it."""
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = path.resolve().relative_to(root.resolve())
        text = f"{path}:{self.line}:{self.column}: {self.code}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class DataError(Exception):
    """Raised by loaders when a file cannot be used at all; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


def excerpt(value: str, limit: int = 40) -> str:
    """``value`` shortened for a message: a problem never echoes a whole file."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
