"""Dates of the edition: one parser for the partial ISO dates of every data file (year,
month or day precision), and their display as single dates and ranges."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from .source_meta import SourceMeta

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# ASCII digits only ([0-9], not \d, which in Python also takes other scripts' digits).
DATE_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A date at year (``2019``), month (``2019-07``) or day (``2019-07-25``) precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)


def parse_date(value: object) -> PartialDate | None:
    """The date ``value`` names, or None when it is not YYYY, YYYY-MM or YYYY-MM-DD of a
    real month and day (2019-02-30 and 2019-13 are None; so is the year 0)."""
    match = DATE_FORM.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day = (int(group) if group else None for group in match.groups())
    assert year is not None
    try:
        datetime.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return PartialDate(year, month, day)


def display_date(value: str) -> str:
    """``2019-07-25`` → ``25 July 2019``; ``2020-11`` → ``November 2020``; ``2024`` → ``2024``;
    anything else (a bibliography's ``2019/2020``) as it is written."""
    date = parse_date(value)
    if date is None:
        return value
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def display_source_date(meta: SourceMeta, status: bool = True) -> str:
    """A document's date as the edition shows it: a range with its status mark, or
    "not identified"."""
    date = meta.date
    if not date:
        return "not identified"
    text = display_range(date.start, date.end)
    return f"{text} [{date.status}]" if status else text


def display_range(start: str, end: str) -> str:
    """A compact range: ``25–26 July 2019``, ``28 November 2019 – November 2020``."""
    if start == end:
        return display_date(start)
    first, last = parse_date(start), parse_date(end)
    same_month = first and last and (first.year, first.month) == (last.year, last.month)
    if same_month and first and last and first.month and first.day and last.day:
        return f"{first.day}–{last.day} {MONTHS[first.month - 1]} {first.year}"
    return f"{display_date(start)} – {display_date(end)}"
