"""``bibliography.bib`` is contributed data too: parsed with pybtex's own scanner (the one
sphinxcontrib-bibtex uses), and every problem located at its entry or field.

Refused, besides BibTeX syntax errors: a key twice (also when the two differ only in case,
as they do not for BibTeX), a key that cannot go into a MyST role or an HTML ID, a year,
month or ISO date that is not one, a link (``url``, ``doi``, ``\\url{…}``, ``\\href{…}{…}``)
that is not an http(s) or mailto address, any LaTeX command but the few that typeset text,
and ``@preamble`` (LaTeX that would run in every book build).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from ..core.problems import Code, Problem, excerpt
from .bibtex_fields import ENTRY_TYPES, field_refusals

# Keys are pasted into {cite:p}`key` roles and into HTML IDs.
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+-]*")
KEY_HINT = "a key starts with a letter or digit and has only letters, digits and _ : . + -"


@dataclass
class BibField:
    name: str
    value: str
    line: int
    column: int


@dataclass
class BibEntry:
    kind: str  # the entry type as written: online, book, preamble …
    key: str  # "" for @preamble and @string
    line: int
    column: int
    key_line: int
    key_column: int
    fields: list[BibField] = field(default_factory=list)


@dataclass
class Bibliography:
    entries: list[BibEntry]
    problems: list[Problem]
    readable: bool = True  # False when the file is not UTF-8 (or cannot be opened)

    @property
    def keys(self) -> set[str]:
        return {entry.key for entry in self.entries if entry.key}


class _Positions:
    """Offsets in a text as 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


class _LocatingParser(LowLevelParser):
    """pybtex's low-level BibTeX parser, recording where each key and field starts and
    collecting its syntax errors instead of raising them."""

    _SPACE = re.compile(r"\s*")

    def __init__(self, text: str) -> None:
        self.errors: list[PybtexSyntaxError] = []
        # A copy of the month macros: an @string would otherwise add to pybtex's own.
        super().__init__(
            text, macros=CaseInsensitiveDict(month_names), handle_error=self.errors.append
        )
        self.key_offset = 0
        self.field_offsets: list[int] = []

    def _next_token_offset(self) -> int:
        return self._SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def parse_command(self) -> Any:
        self.key_offset = self.command_start
        self.field_offsets = []
        return super().parse_command()

    def parse_entry_body(self, body_end: Any) -> None:
        self.key_offset = self._next_token_offset()
        super().parse_entry_body(body_end)

    def parse_field(self) -> None:
        offset = self._next_token_offset()
        super().parse_field()  # a syntax error leaves the field out, and its offset
        if self.current_field_name:
            self.field_offsets.append(offset)


def parse_bibliography(text: str, path: Path) -> Bibliography:
    """Every entry of ``text`` with its place, and the syntax problems."""
    parser = _LocatingParser(text)
    position = _Positions(text)
    entries = []
    for kind, body in parser:
        entry = BibEntry(kind, "", *position(parser.command_start), 0, 0)
        if kind.lower() == "string":  # (name, value): checked as a field is
            fields = [body]
        elif kind.lower() == "preamble":
            fields = []
        else:
            entry.key = body[0] or ""
            fields = body[1]
        entry.key_line, entry.key_column = position(parser.key_offset)
        # A field whose value did not parse is in neither list, so the two stay in step;
        # an @string's definition has no offset of its own: it takes its entry's.
        offsets = parser.field_offsets + [parser.command_start] * len(fields)
        for (name, parts), offset in zip(fields, offsets, strict=False):
            entry.fields.append(BibField(name, "".join(parts), *position(offset)))
        entries.append(entry)
    problems = []
    for error in parser.errors:
        entry_start, _, offset = error.error_context_info
        message = f"{error.error_type}: {error.args[0] if error.args else ''}"
        if isinstance(error, PrematureEOF):
            # Where the unclosed entry starts, not the file's end: that is where to look.
            offset, message = entry_start, "syntax error: the entry is not closed"
        elif isinstance(error, UndefinedMacro):  # its message is the name, just read
            name = str(error.args[0])
            offset, message = offset - len(name), f"{error.error_type}: {excerpt(name)}"
        problems.append(
            Problem(
                path,
                *position(min(offset, len(text))),
                Code.BIBTEX,
                message,
                "write each entry as @type{key, name = {value}, …}, with balanced braces",
            )
        )
    return Bibliography(entries, problems)


def check_bibliography(path: Path) -> Bibliography:
    """The entries of the bibliography at ``path`` and every problem found in it; a missing
    file has no entries (a citation is then reported at the note)."""
    if not path.exists():
        return Bibliography([], [])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(path, 0, 0, Code.BIBTEX, f"cannot read the bibliography: {exc}")
        return Bibliography([], [problem], readable=False)
    bibliography = parse_bibliography(text, path)
    bibliography.problems += _key_problems(bibliography.entries, path)
    for entry in bibliography.entries:
        bibliography.problems += _entry_problems(entry, path)
    bibliography.problems.sort()
    return bibliography


def _key_problems(entries: list[BibEntry], path: Path) -> list[Problem]:
    problems = []
    first_entries: dict[str, BibEntry] = {}
    for entry in entries:
        if not entry.key:
            continue
        at = (path, entry.key_line, entry.key_column, Code.BIBTEX)
        if not SAFE_KEY.fullmatch(entry.key):
            problems.append(Problem(*at, f"key {excerpt(entry.key)} is not allowed", KEY_HINT))
        # BibTeX, pybtex and HTML IDs do not tell keys apart by case.
        first = first_entries.setdefault(entry.key.lower(), entry)
        if first is entry:
            continue
        same = "" if first.key == entry.key else f" (as {excerpt(first.key)}: case does not count)"
        problems.append(
            Problem(
                *at,
                f"key {excerpt(entry.key)} is already used on line {first.key_line}{same}",
                "every entry needs its own key",
            )
        )
    return problems


def _entry_problems(entry: BibEntry, path: Path) -> list[Problem]:
    if entry.kind.lower() == "preamble":
        return [
            Problem(
                path,
                entry.line,
                entry.column,
                Code.UNSAFE,
                "@preamble is not allowed: its LaTeX would run in every book build",
                "remove it; write the fields' text in Unicode",
            )
        ]
    problems = []
    if entry.kind.lower() != "string" and entry.kind.lower() not in ENTRY_TYPES:
        problems.append(
            Problem(
                path,
                entry.line,
                entry.column,
                Code.BIBTEX,
                f"the entry type @{entry.kind[:30]} is not one the edition formats",
                f"use one of: {', '.join('@' + kind for kind in sorted(ENTRY_TYPES))}",
            )
        )
    seen: dict[str, int] = {}
    for bib_field in entry.fields:
        # A macro's name is not a field's: its value is checked for what any field holds.
        name = "" if entry.kind.lower() == "string" else bib_field.name.lower()
        at = (path, bib_field.line, bib_field.column)
        if name and name in seen:
            problems.append(
                Problem(
                    *at,
                    Code.BIBTEX,
                    f"field {bib_field.name!r} is already given on line {seen[name]}",
                    "give each field once",
                )
            )
        seen.setdefault(name, bib_field.line)
        for code, message, hint in field_refusals(name, bib_field.value):
            problems.append(Problem(*at, code, f"{bib_field.name}: {message}", hint))
    return problems


BIB_FILE = "bibliography.bib"


def bib_keys(path: Path) -> tuple[set[str] | None, list[Problem]]:
    """The entry keys of ``path`` (None if it cannot be read), and every problem of the
    bibliography.

    A missing file has no keys: any citation is then reported as unknown, at the note."""
    bibliography = check_bibliography(path)
    return (bibliography.keys if bibliography.readable else None), bibliography.problems


def entry_digests(path: Path) -> dict[str, str]:
    """A digest of each entry of the bibliography at ``path``, by key (none if it cannot
    be read): a page citing an entry shows what the entry says. Made by the data's load,
    once per content of the file (``Project.entry_digests``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    digests = {}
    for entry in parse_bibliography(text, path).entries:
        if entry.key:
            fields = "\0".join(f"{f.name}={f.value}" for f in entry.fields)
            digests[entry.key] = hashlib.sha256(f"{entry.kind}\0{fields}".encode()).hexdigest()
    return digests
