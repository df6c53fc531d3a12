"""The timeline figure of the Chronology page: an SVG drawn from the register's events and
the documents' dates.

Time runs down a vertical axis, 2017 to 2024, at an even scale. Events sit on the axis at
their dates, with their names to the right; where events crowd together (2018–2019), the
names are pushed down in order and joined to their dates by leader lines. The four
documents stand to the left: a diamond at a known day, a bar over a range of possible
dates. A plain SVG, readable on screen and, converted, in print.
"""

from __future__ import annotations

import datetime
from html import escape
from pathlib import Path
from typing import Any

from ..core.dates import parse_date

START, END = 2017, 2025  # the axis runs from 1 January 2017 to 1 January 2025
TOP, PER_YEAR = 40, 110  # px
AXIS_X, EVENT_X, DOC_X = 330, 370, 300
WIDTH = 820
ROW = 15  # px between two labels
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"


def _day(value: str, end: bool = False) -> datetime.date:
    """A partial ISO date as a day: its first day, or its last with ``end``."""
    date = parse_date(str(value))
    if date is None:  # the data checks refuse such a date before any figure is drawn
        raise ValueError(f"not a date: {value!r}")
    return date.last_day if end else date.first_day


def _y(day: datetime.date) -> float:
    """The height of ``day`` on the axis; earlier days (the nuclear tests from 2006) are
    drawn at its top, their labels giving their real dates."""
    start = datetime.date(START, 1, 1)
    return TOP + max((day - start).days, 0) / 365.25 * PER_YEAR


def _spread(wanted: list[float]) -> list[float]:
    """Label positions in order, at least ``ROW`` apart, as near their dates as that allows."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + ROW) if placed else y)
    return placed


def timeline_svg(events: list[Any], sources: list[Any]) -> str:
    """The figure for ``events`` (register entries of kind event) and ``sources``."""
    marks = sorted(
        ((_day(e.data["date"]["from"]), e.name, e.data["date"]["precision"]) for e in events),
        key=lambda mark: (mark[0], mark[1]),
    )
    event_ys = [_y(day) for day, _name, _precision in marks]
    label_ys = _spread(event_ys)
    docs = sorted(
        (
            (
                _day(s.meta["date"]["from"]),
                _day(s.meta["date"]["to"], end=True),
                s.meta["short_title"],
            )
            for s in sources
            if s.meta["date"]
        ),
        key=lambda doc: doc[0],
    )
    doc_label_ys = _spread([(_y(a) + _y(b)) / 2 for a, b, _title in docs])
    height = int(max([_y(datetime.date(END, 1, 1)), *label_ys, *doc_label_ys]) + 30)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="11" '
        'role="img" aria-labelledby="timeline-title">',
        '<title id="timeline-title">Timeline of the events in the register, 2017–2024, '
        "with the dates of the four documents</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{DOC_X}" y="20" text-anchor="end" font-weight="bold">Documents</text>',
        f'<text x="{EVENT_X}" y="20" font-weight="bold">Events</text>',
    ]
    for year in range(START, END + 1):
        y = _y(datetime.date(year, 1, 1))
        out.append(f'<line x1="10" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        if year < END:
            out.append(f'<text x="12" y="{y + 14:.1f}" fill="#555" font-size="13">{year}</text>')
    axis_bottom = _y(datetime.date(END, 1, 1))
    out.append(
        f'<line x1="{AXIS_X}" x2="{AXIS_X}" y1="{TOP}" y2="{axis_bottom:.1f}" '
        'stroke="#333" stroke-width="1.5"/>'
    )
    for (day, name, precision), y, label_y in zip(marks, event_ys, label_ys, strict=True):
        when = day.isoformat() if precision == "day" else day.strftime("%Y-%m")
        hollow = precision in ("approximate", "year", "month")
        fill = "white" if hollow else "#1f4e9a"
        out += [
            f'<circle cx="{AXIS_X}" cy="{y:.1f}" r="3.2" fill="{fill}" stroke="#1f4e9a"/>',
            f'<polyline points="{AXIS_X + 4},{y:.1f} {EVENT_X - 6},{label_y - 4:.1f} '
            f'{EVENT_X - 2},{label_y - 4:.1f}" fill="none" stroke="#9ab"/>',
            f'<text x="{EVENT_X}" y="{label_y:.1f}"><tspan fill="#555">{when}</tspan> '
            f"{escape(name)}</text>",
        ]
    for (first, last, title), label_y in zip(docs, doc_label_ys, strict=True):
        y1, y2 = _y(first), _y(last)
        middle = (y1 + y2) / 2
        if (last - first).days <= 1:
            out.append(
                f'<path d="M{AXIS_X - 14},{middle - 5:.1f} l5,5 l-5,5 l-5,-5 z" fill="#b34700"/>'
            )
        else:
            out.append(
                f'<rect x="{AXIS_X - 17}" y="{y1:.1f}" width="6" height="{max(y2 - y1, 2):.1f}" '
                'fill="#b34700" opacity="0.8"/>'
            )
        out += [
            f'<line x1="{AXIS_X - 20}" x2="{DOC_X + 4}" y1="{middle:.1f}" y2="{label_y - 4:.1f}" '
            'stroke="#d9a07a"/>',
            f'<text x="{DOC_X}" y="{label_y:.1f}" text-anchor="end" fill="#b34700">'
            f"{escape(title)}</text>",
        ]
    out.append("</svg>\n")
    return "\n".join(out)


def write_if_changed(path: Path, text: str) -> None:
    """Write only a changed figure, so an unchanged one does not trigger a rebuild."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
