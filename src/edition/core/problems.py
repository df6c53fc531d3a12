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
    """All problem codes. Sphinx shows them as ``[edition.<code>]``."""

    YAML = "yaml"  # the file is not well-formed YAML (or not UTF-8)
    SCHEMA = "schema"  # the file does not follow its JSON Schema
    DUPLICATE_ID = "duplicate-id"  # an ID used twice in one text
    UNTRANSLATED = "untranslated"  # an original block without a translation
    ORPHAN_TRANSLATION = "orphan-translation"  # a translation block without an original
    KIND_MISMATCH = "kind-mismatch"  # heading in one file, paragraph in the other
    ORDER_MISMATCH = "order-mismatch"  # translation blocks in another order
    LANGUAGE = "language"  # lang of a text file disagrees with source.yaml
    SEED_MISSING = "seed-missing"  # the seed file named in source.yaml is not there
    CHECKSUM = "checksum"  # the seed's sha256 differs from source.yaml
    FIDELITY = "fidelity"  # transcription + omissions do not reproduce the seed
    ANCHOR_REMOVED = "anchor-removed"  # a locked anchor is gone, with no redirect or tombstone
    PAGE_REMOVED = "page-removed"  # a locked page is gone, with no redirect or tombstone
    RETIRED_TARGET = "retired-target"  # a redirect points at an anchor that does not exist
    RETIRED_LIVE = "retired-live"  # a redirect or tombstone declared for a live anchor
    PAGE = "page"  # a source has no page in docs/ (or the reverse)
    NOTE_TARGET = "note-target"  # a note names a paragraph that does not exist
    NOTE_PHRASE = "note-phrase"  # the phrase is not in the paragraph (or not that often)
    NOTE_AMBIGUOUS = "note-ambiguous"  # the phrase occurs more than once, no occurrence given
    NOTE_OVERLAP = "note-overlap"  # a note's mark would fall inside another note's phrase
    NOTE_BODY = "note-body"  # an empty body, or markup that notes may not use
    NOTE_CITATION = "note-citation"  # a cited key is not in bibliography.bib
    NOTE_LINK = "note-link"  # a {para} link to a paragraph that does not exist
    BIBTEX = "bibtex"  # bibliography.bib cannot be read, or has a key twice
    REGISTER = "register"  # a register entry, or a mention record, is wrong
    UNSAFE = "unsafe"  # raw HTML, raw/include directives, javascript: links in contributed data
    LOCK_LOST = "lock-lost"  # the anchor lock is deleted or emptied while pages are published
    LOCK_SHRUNK = "lock-shrunk"  # an anchor of the base lock (git) left the lock, not retired
    LOCK_BASE = "lock-base"  # the base lock cannot be read from git (no git, unknown ref)


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
