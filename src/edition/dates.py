"""Display of partial dates and date ranges (year, month or day precision)."""

from __future__ import annotations

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


def _parts(value: str) -> tuple[int, int | None, int | None]:
    pieces = [int(p) for p in value.split("-")]
    return (
        pieces[0],
        (pieces[1] if len(pieces) > 1 else None),
        (pieces[2] if len(pieces) > 2 else None),
    )


def display_date(value: str) -> str:
    """``2019-07-25`` → ``25 July 2019``; ``2020-11`` → ``November 2020``; ``2024`` → ``2024``."""
    year, month, day = _parts(value)
    if month is None:
        return str(year)
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def display_source_date(meta: dict, status: bool = True) -> str:
    """A document's date as the edition shows it: a range with its status mark, or
    "not identified"."""
    date = meta.get("date")
    if not date:
        return "not identified"
    text = display_range(str(date["from"]), str(date["to"]))
    return f"{text} [{date['status']}]" if status else text


def display_range(start: str, end: str) -> str:
    """A compact range: ``25–26 July 2019``, ``28 November 2019 – November 2020``."""
    if start == end:
        return display_date(start)
    (y1, m1, d1), (y2, m2, d2) = _parts(start), _parts(end)
    if y1 == y2 and m1 == m2 and d1 and d2:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    return f"{display_date(start)} – {display_date(end)}"
