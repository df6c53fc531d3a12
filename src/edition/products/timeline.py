"""The timeline figure of the Chronology page: an SVG drawn from the register's events and
the documents' dates.

Time runs down a vertical axis over the edition's years (the ``edition_timeline_years``
setting, or the years of the documents' dates), at an even scale. Events sit on the axis at
their dates, with their names to the right; where events crowd together, the names are
pushed down in order and joined to their dates by leader lines. Events before the first
year stand in a band of their own above the axis, marked as earlier, with their dates. The
documents stand to the left: a diamond at a known day, a bar over a range of possible
dates. A plain SVG, readable on screen and, converted, in print.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Any

from ..core.dates import parse_date

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


def _spread(wanted: list[float]) -> list[float]:
    """Label positions in order, at least ``ROW`` apart, as near their dates as that allows."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + ROW) if placed else y)
    return placed


def default_years(sources: list[Any], events: list[Any]) -> tuple[int, int]:
    """The years the axis spans when the edition does not say: those of the documents'
    dates, or, without dated documents, those of the events."""
    days = [_day(s.meta.date.start) for s in sources if s.meta.date]
    days += [_day(s.meta.date.end, end=True) for s in sources if s.meta.date]
    if not days:
        days = [_day(e.date.start) for e in events if e.date]
    return min(days).year, max(days).year


class _Axis:
    """Heights on the axis from ``start`` to the end of ``end``, below a band for the
    ``earlier`` events (drawn in order, each on its own line)."""

    def __init__(self, start: int, end: int, earlier: int) -> None:
        self.start, self.end = start, end + 1  # the axis ends on 1 January after ``end``
        self.band = earlier * ROW + 24 if earlier else 0
        self.top = TOP + self.band

    def y(self, day: datetime.date) -> float:
        first = datetime.date(self.start, 1, 1)
        return self.top + max((day - first).days, 0) / 365.25 * PER_YEAR


def timeline_svg(events: list[Any], sources: list[Any], years: tuple[int, int]) -> str:
    """The figure for ``events`` (register entries of kind event) and ``sources``, its
    axis over ``years`` (first and last, inclusive)."""
    start, end = years
    marks = sorted(
        ((_day(e.date.start), e.name, e.date.precision) for e in events if e.date),
        key=lambda mark: (mark[0], mark[1]),
    )
    earlier = [mark for mark in marks if mark[0].year < start]
    marks = [mark for mark in marks if mark[0].year >= start]
    axis = _Axis(start, end, len(earlier))
    event_ys = [axis.y(day) for day, _name, _precision in marks]
    label_ys = _spread(event_ys)
    docs = sorted(
        (
            (
                _day(s.meta.date.start),
                _day(s.meta.date.end, end=True),
                s.meta.short_title,
            )
            for s in sources
            if s.meta.date
        ),
        key=lambda doc: doc[0],
    )
    doc_label_ys = _spread([(axis.y(a) + axis.y(b)) / 2 for a, b, _title in docs])
    axis_bottom = axis.y(datetime.date(axis.end, 1, 1))
    height = int(max([axis_bottom, *label_ys, *doc_label_ys]) + 30)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="11" '
        'role="img" aria-labelledby="timeline-title">',
        f'<title id="timeline-title">Timeline of the events in the register, {start}–{end}'
        f"{f', and {len(earlier)} earlier' if earlier else ''}, with the dates of the "
        "documents</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{DOC_X}" y="20" text-anchor="end" font-weight="bold">Documents</text>',
        f'<text x="{EVENT_X}" y="20" font-weight="bold">Events</text>',
    ]
    if earlier:
        # Earlier events: above the axis, on a dashed stem, each with its real date.
        out += [
            f'<text x="12" y="{TOP + 14}" fill="#555" font-size="13">before {start}</text>',
            f'<line x1="{AXIS_X}" x2="{AXIS_X}" y1="{TOP}" y2="{axis.top:.1f}" '
            'stroke="#333" stroke-width="1.5" stroke-dasharray="3,3"/>',
        ]
        for index, (day, name, precision) in enumerate(earlier):
            line_y = TOP + 14 + index * ROW
            out += [
                f'<circle cx="{AXIS_X}" cy="{line_y - 4}" r="3.2" fill="white" stroke="#1f4e9a"/>',
                f'<text x="{EVENT_X}" y="{line_y}"><tspan fill="#555">{_when(day, precision)}'
                f"</tspan> {escape(name)}</text>",
            ]
    for year in range(start, axis.end + 1):
        y = axis.y(datetime.date(year, 1, 1))
        out.append(f'<line x1="10" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        if year < axis.end:
            out.append(f'<text x="12" y="{y + 14:.1f}" fill="#555" font-size="13">{year}</text>')
    out.append(
        f'<line x1="{AXIS_X}" x2="{AXIS_X}" y1="{axis.top:.1f}" y2="{axis_bottom:.1f}" '
        'stroke="#333" stroke-width="1.5"/>'
    )
    for (day, name, precision), y, label_y in zip(marks, event_ys, label_ys, strict=True):
        hollow = precision in ("approximate", "year", "month")
        fill = "white" if hollow else "#1f4e9a"
        out += [
            f'<circle cx="{AXIS_X}" cy="{y:.1f}" r="3.2" fill="{fill}" stroke="#1f4e9a"/>',
            f'<polyline points="{AXIS_X + 4},{y:.1f} {EVENT_X - 6},{label_y - 4:.1f} '
            f'{EVENT_X - 2},{label_y - 4:.1f}" fill="none" stroke="#9ab"/>',
            f'<text x="{EVENT_X}" y="{label_y:.1f}"><tspan fill="#555">{_when(day, precision)}'
            f"</tspan> {escape(name)}</text>",
        ]
    for (first, last, title), label_y in zip(docs, doc_label_ys, strict=True):
        y1, y2 = axis.y(first), axis.y(last)
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


def _when(day: datetime.date, precision: str) -> str:
    return day.isoformat() if precision == "day" else day.strftime("%Y-%m")
