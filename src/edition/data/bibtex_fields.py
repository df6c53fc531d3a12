"""What a field of ``bibliography.bib`` may hold: dates that are dates, links to http(s) or
mailto addresses only, and no LaTeX command but the few that typeset text; and the entry
as the build renders it, without the fields refused here."""

from __future__ import annotations

import copy
import re
from typing import Any

from pybtex.database.input.bibtex import month_names

from ..core.dates import parse_date
from ..core.problems import Code, excerpt
from .safety import link_refusal

# The entry types the edition's pybtex style (sphinx_ext.bibstyle) has a template for; a
# test keeps the two in step.
ENTRY_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "dataset",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "online",
        "patent",
        "phdthesis",
        "proceedings",
        "software",
        "techreport",
        "unpublished",
    }
)


YEAR = re.compile(r"\d{4}")


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
    return parse_date(value) is not None


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
    known = entry.type in ENTRY_TYPES
    if known and len(fields) == len(entry.fields) and len(persons) == len(entry.persons):
        return entry
    kept = copy.copy(entry)
    kept.type = entry.type if known else "misc"
    kept.fields = type(entry.fields)(fields)
    kept.persons = type(entry.persons)(persons)
    return kept
