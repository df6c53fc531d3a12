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
import copy
import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from .problems import Code, Problem
from .safety import excerpt, link_refusal

# Keys are pasted into {cite:p}`key` roles and into HTML IDs.
SAFE_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.+-]*")
KEY_HINT = "a key starts with a letter or digit and has only letters, digits and _ : . + -"
YEAR = re.compile(r"\d{4}")
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = (
    {
        name.lower()
        for pair in month_names.items()
        for name in pair  # "jan" and "January"
    }
    | {str(number) for number in range(1, 13)}
    | {f"{number:02d}" for number in range(1, 10)}
)
DOI = re.compile(r"10\.\d{4,9}/\S+")
LINK_FIELDS = ("url",)
DATE_FIELDS = ("date", "urldate")

# The LaTeX a field may hold: what typesets text (accents, escaped specials, emphasis,
# links, dashes and quotes). Everything else, above all what reads or writes files or
# redefines TeX (\input, \write18, \def, \catcode, \csname …), is refused.
ALLOWED_SYMBOLS = frozenset("'`^\"~=.&%$#_{}-,/ ")
ALLOWED_WORDS = frozenset(
    {
        # accents and letters
        "c", "v", "u", "H", "k", "r", "d", "b", "t", "i", "j", "o", "O", "l", "L",
        "ae", "AE", "oe", "OE", "aa", "AA", "ss",
        # type styles
        "emph", "textit", "textbf", "textsc", "textup", "textrm", "textsf", "texttt",
        "textsuperscript", "textsubscript", "mbox",
        # links (their targets are checked)
        "url", "href",
        # punctuation and symbols
        "textendash", "textemdash", "textquoteleft", "textquoteright", "textquotedblleft",
        "textquotedblright", "guillemotleft", "guillemotright", "ldots", "dots",
        "textbackslash", "textbraceleft", "textbraceright", "textasciitilde",
        "textasciicircum", "S", "P",
    }
)  # fmt: skip
COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
LINK_COMMAND = re.compile(r"\\(url|href)(?![A-Za-z])\s*")
COMMAND_HINT = (
    "fields may use accents, \\& \\% \\$ \\# \\_, \\emph, \\textit, \\textbf, \\url and "
    "\\href; write other characters as Unicode"
)
LINK_HINT = "links go to http(s) or mailto addresses"


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


class _LocatingParser(LowLevelParser):  # type: ignore[misc]
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
    if entry.kind.lower() != "string" and entry.kind.lower() not in entry_types():
        problems.append(
            Problem(
                path,
                entry.line,
                entry.column,
                Code.BIBTEX,
                f"the entry type @{entry.kind[:30]} is not one the edition formats",
                f"use one of: {', '.join('@' + kind for kind in sorted(entry_types()))}",
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


@cache
def entry_types() -> frozenset[str]:
    """The entry types the edition's pybtex style has a template for."""
    from .bibstyle import EditionStyle  # (which imports this module)

    templates = (re.fullmatch(r"get_(\w+)_template", name) for name in dir(EditionStyle))
    return frozenset(match.group(1) for match in templates if match)


def field_refusals(name: str, value: str) -> list[tuple[Code, str, str]]:
    """What is wrong with the value of the field ``name`` (lower case): (code, message,
    hint) each."""
    found: list[tuple[Code, str, str]] = []
    stripped = value.strip()
    if name == "year" and not YEAR.fullmatch(stripped):
        found.append((Code.BIBTEX, f"{excerpt(value)} is not a year", "write four digits"))
    if name == "month" and stripped.lower() not in MONTHS:
        found.append(
            (Code.BIBTEX, f"{excerpt(value)} is not a month", "write jan … dec, or 1 … 12")
        )
    if name in DATE_FIELDS and not is_iso_date(stripped):
        found.append(
            (
                Code.BIBTEX,
                f"{excerpt(value)} is not an ISO date",
                "write YYYY-MM-DD, YYYY-MM or YYYY",
            )
        )
    if name in LINK_FIELDS:
        refusal = link_refusal(stripped)
        if refusal:
            found.append((Code.UNSAFE, refusal, LINK_HINT))
    if name == "doi" and not DOI.fullmatch(stripped):
        found.append(
            (
                Code.UNSAFE,
                f"{excerpt(value)} is not a DOI",
                "write the DOI alone, e.g. 10.1000/xyz123: the edition links it to doi.org",
            )
        )
    found += [(Code.UNSAFE, message, LINK_HINT) for message in link_command_refusals(value)]
    found += [(Code.UNSAFE, message, COMMAND_HINT) for message in command_refusals(value)]
    return found


def is_iso_date(value: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a day of the calendar."""
    match = ISO_DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def link_command_refusals(value: str) -> list[str]:
    """A reason for each ``\\url{…}`` or ``\\href{…}{…}`` whose target is not allowed."""
    found = []
    for match in LINK_COMMAND.finditer(value):
        target = braced_argument(value, match.end())
        if target is None:
            found.append(f"\\{match.group(1)} without a target in braces")
            continue
        refusal = link_refusal(target)
        if refusal:
            found.append(f"\\{match.group(1)}: {refusal}")
    return found


def braced_argument(value: str, start: int) -> str | None:
    """The text of the ``{…}`` group at ``start`` (with its inner groups), or None."""
    if not value.startswith("{", start):
        return None
    depth = 0
    for index in range(start, len(value)):
        if value[index] == "{":
            depth += 1
        elif value[index] == "}":
            depth -= 1
            if depth == 0:
                return value[start + 1 : index]
    return None


def command_refusals(value: str) -> list[str]:
    """A reason for each LaTeX command in ``value`` that a field may not use."""
    found = []
    for command in dict.fromkeys(m.group(1) for m in COMMAND.finditer(value)):
        if command not in ALLOWED_WORDS and command not in ALLOWED_SYMBOLS:
            shown = command[:30] if command.isprintable() else repr(command)
            found.append(f"the LaTeX command \\{shown} is not allowed")
    if "^^" in value:  # TeX reads ^^5c as a backslash: a command in disguise
        found.append("TeX's ^^ character notation is not allowed")
    return found


def renderable(entry: Any) -> Any:
    """The pybtex ``entry`` without the fields (and names) the check refuses: the build
    reports them, and fails with -W, but a javascript: URL or a bad date never reaches a
    page, nor stops the build with a traceback."""

    def refused(name: str, value: str) -> bool:
        return bool(field_refusals(name.lower(), value))

    fields = {n: v for n, v in entry.fields.items() if not refused(n, v)}
    persons = {
        role: people
        for role, people in entry.persons.items()
        if not refused(role, " and ".join(map(str, people)))
    }
    known = entry.type in entry_types()
    if known and len(fields) == len(entry.fields) and len(persons) == len(entry.persons):
        return entry
    kept = copy.copy(entry)
    kept.type = entry.type if known else "misc"
    kept.fields = type(entry.fields)(fields)
    kept.persons = type(entry.persons)(persons)
    return kept


class _QuietPybtex:
    """sphinxcontrib-bibtex parses the bibliography at builder-inited, and pybtex raises on
    its first syntax error there (a traceback; in its lenient mode it fails to print the
    error instead). Around that handler pybtex's errors are only collected: the edition's
    check has found them too, and warns where they are."""

    capturing: Any = None

    @classmethod
    def start(cls, app: Any) -> None:
        import pybtex.errors

        cls.capturing = pybtex.errors.capture()
        cls.capturing.__enter__()

    @classmethod
    def end(cls, app: Any) -> None:
        if cls.capturing is not None:
            cls.capturing.__exit__(None, None, None)
            cls.capturing = None


def setup_bibliography(app: Any) -> None:
    # sphinxcontrib-bibtex's handler has the default priority, 500.
    app.connect("builder-inited", _QuietPybtex.start, priority=400)
    app.connect("builder-inited", _QuietPybtex.end, priority=600)
