"""Mentions of the register in a document's text: found by one trie pattern per language
(:mod:`edition.data.matcher`), then adjusted by the document's standoff records
(``sources/<slug>/mentions.yaml``): a mention record links an ambiguous phrase (Kim, Ким,
"the President") to its entry; an exclusion record stops a wrong automatic link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import Mention, Report, Source
from ..core.problems import Code, DataError, Problem, excerpt
from .note_phrases import occurrences
from .register import Register
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

MENTIONS_FILE = "mentions.yaml"


@dataclass
class MentionRecords:
    """A document's standoff records: links to add, automatic links to stop, and the
    paragraphs that report an entry without naming it."""

    add: list[Mention] = field(default_factory=list)
    stop: list[tuple[str, str, int, int, str | None]] = field(default_factory=list)
    reports: dict[Report, tuple[int, int]] = field(default_factory=dict)  # -> its place


def _record_span(
    item: LocatedDict, source: Source, path: Path, what: str
) -> tuple[tuple[str, str, int, int] | None, Problem | None]:
    blocks = {b.id: b for b in source.original.rendered}
    block = blocks.get(item["paragraph"])
    where = item.where("paragraph")
    if block is None:
        return None, Problem(
            path,
            *where,
            Code.REGISTER,
            f"{what}: no paragraph {item['paragraph']!r} on this page",
            "use an ID from original.yaml",
        )
    other = source.translation.by_id().get(block.id)
    text = block.text if item["column"] == "original" else (other.text if other else "")
    starts = occurrences(text, item["phrase"])
    index = int(item.get("occurrence", 1)) - 1
    if not starts or index >= len(starts):
        return None, Problem(
            path,
            *item.where("phrase"),
            Code.REGISTER,
            f"{what}: phrase {excerpt(item['phrase'])} is not in the {item['column']} of "
            f"{item['paragraph']!r}" + (f" {index + 1} times" if starts else ""),
            "copy the phrase exactly from the paragraph",
        )
    if "occurrence" not in item and len(starts) > 1:
        return None, Problem(
            path,
            *item.where("phrase"),
            Code.REGISTER,
            f"{what}: phrase {excerpt(item['phrase'])} occurs {len(starts)} times",
            f"add occurrence: 1 … {len(starts)}",
        )
    start = starts[index]
    return (block.id, item["column"], start, start + len(item["phrase"])), None


def load_mentions(source: Source, register: Register) -> tuple[MentionRecords, list[Problem]]:
    path = source.folder / MENTIONS_FILE
    records = MentionRecords()
    if not path.exists():
        return records, []
    try:
        data = load_yaml(path)
    except DataError as exc:
        return records, exc.problems
    problems = validate(data, "mentions", path) + scan(data, path, frozenset({"phrase"}))
    if problems:
        return records, problems
    problems += _load_reports(data, source, register, path, records)
    for key in ("mentions", "exclusions"):
        for item in data.get(key) or []:
            what = "mention" if key == "mentions" else "exclusion"
            entry = item.get("entry")
            if entry is not None and entry not in register.entries and register.incomplete:
                continue  # the register itself is broken, reported already
            if entry is not None and entry not in register.entries:
                line, column = item.where("entry")
                problems.append(
                    Problem(
                        path,
                        line,
                        column,
                        Code.REGISTER,
                        f"{what}: {entry!r} is not in the register",
                        "use the ID of an actor or event",
                    )
                )
                continue
            span, problem = _record_span(item, source, path, what)
            if problem is not None:
                problems.append(problem)
                continue
            assert span is not None
            if key == "mentions":
                records.add.append(Mention(*span, entry))
            else:
                records.stop.append((*span, entry))
    return records, problems


def _load_reports(
    data: LocatedDict, source: Source, register: Register, path: Path, records: MentionRecords
) -> list[Problem]:
    problems: list[Problem] = []
    paragraphs = {block.id for block in source.original.rendered}
    items: list[LocatedDict] = data.get("reports") or []
    for item in items:
        report = Report(item["paragraph"], item["entry"])
        if report.paragraph not in paragraphs:
            problems.append(
                Problem(
                    path,
                    *item.where("paragraph"),
                    Code.REGISTER,
                    f"report: no paragraph {report.paragraph!r} on this page",
                    "use an ID from original.yaml",
                )
            )
        elif report.entry not in register.entries:
            if not register.incomplete:  # else reported with the register itself
                problems.append(
                    Problem(
                        path,
                        *item.where("entry"),
                        Code.REGISTER,
                        f"report: {report.entry!r} is not in the register",
                        "use the ID of an actor or event",
                    )
                )
        elif report in records.reports:
            problems.append(
                Problem(
                    path,
                    *item.where("entry"),
                    Code.REGISTER,
                    f"report: ¶ {report.paragraph} already reports {report.entry!r} "
                    f"(line {records.reports[report][0]})",
                    "remove one of the two records",
                )
            )
        else:
            records.reports[report] = item.where("entry")
    return problems


def unlinked_reports(
    mentions: list[Mention], records: MentionRecords, path: Path
) -> tuple[list[Report], list[Problem]]:
    """The reports of ``records``, less those of an entry the paragraph already links
    (``mentions``): a report is for what a paragraph tells without a name the register
    links."""
    named = {(m.paragraph, m.entry) for m in mentions}
    kept, problems = [], []
    for report, place in records.reports.items():
        if (report.paragraph, report.entry) in named:
            problems.append(
                Problem(
                    path,
                    *place,
                    Code.REGISTER,
                    f"report: ¶ {report.paragraph} names {report.entry!r} already (it is linked)",
                    "remove the record: the link already lists the paragraph",
                )
            )
        else:
            kept.append(report)
    return kept, problems


def find_mentions(source: Source, register: Register, records: MentionRecords) -> list[Mention]:
    """Every mention in both columns of ``source``: automatic ones, less exclusions, plus
    the standoff mention records; sorted, never overlapping."""
    found: list[Mention] = []
    columns = (("original", source.original), ("translation", source.translation))
    forms = register.name_forms()
    for column, text_file in columns:
        matcher, owner = forms.matcher, forms.owner
        blocks = text_file.by_id()
        for block in source.original.rendered:
            if block.id not in blocks:
                continue  # an untranslated paragraph, reported by the text checks
            text = blocks[block.id].text
            for match in matcher.finditer(text):
                entry = owner[match.form]
                found.append(Mention(block.id, column, match.start, match.end, entry))

    def overlaps(mention: Mention, paragraph: str, column: str, start: int, end: int) -> bool:
        return (mention.paragraph, mention.column) == (paragraph, column) and (
            mention.start < end and start < mention.end
        )

    # An exclusion stops the automatic links it overlaps (of its entry, if it names one);
    # a mention record replaces any automatic link it overlaps.
    found = [
        m
        for m in found
        if not any(
            overlaps(m, p, c, s, e) and entry in (None, m.entry)
            for p, c, s, e, entry in records.stop
        )
        and not any(overlaps(m, r.paragraph, r.column, r.start, r.end) for r in records.add)
    ]
    return sorted(found + records.add, key=lambda m: (m.paragraph, m.column, m.start))


def entries_in_reading_order(source: Source) -> list[tuple[str, str]]:
    """``(paragraph, entry)`` for every mention and every report of ``source``, in reading
    order (a paragraph's reports before its mentions); an entry may recur."""
    order = {block.id: index for index, block in enumerate(source.original.rendered)}
    found = [(order[m.paragraph], m.start, m.paragraph, m.entry) for m in source.mentions]
    found += [(order[r.paragraph], -1, r.paragraph, r.entry) for r in source.reports]
    return [(paragraph, entry) for _, _, paragraph, entry in sorted(found)]
