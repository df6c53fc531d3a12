"""The register of actors and events (``sources/register/*.yaml``), and finding mentions.

Loading and every check are free of Sphinx, so ``edition check`` and the build share them.
Mentions are found by one trie pattern per language (:mod:`edition.matcher`), then adjusted
by each document's standoff records (``sources/<slug>/mentions.yaml``): a mention record
links an ambiguous phrase (Kim, Ким, "the President") to its entry; an exclusion record
stops a wrong automatic link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.model import Source
from ..core.problems import Code, DataError, Problem, excerpt
from .matcher import FormMatcher
from .notes import occurrences
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

REGISTER_DIR = "register"
REGISTER_FILES = (("actors.yaml", "actors"), ("events.yaml", "events"))
MENTIONS_FILE = "mentions.yaml"
LANGUAGES = ("en", "ru", "uk", "ko")


@dataclass
class Entry:
    id: str
    kind: str  # actor | event
    name: str
    description: str
    names: dict[str, list[str]]
    data: dict[str, Any]  # the whole record, for the register pages
    path: Path
    line: int

    @property
    def type(self) -> str:
        return str(self.data.get("type", "event"))

    @property
    def sort_date(self) -> str:
        return str(self.data["date"]["from"]) if self.kind == "event" else ""


@dataclass(frozen=True)
class Mention:
    """A stretch of one column of one paragraph that names a register entry."""

    paragraph: str
    column: str  # original | translation
    start: int
    end: int
    entry: str


@dataclass
class Register:
    entries: dict[str, Entry] = field(default_factory=dict)
    matchers: dict[str, FormMatcher] = field(default_factory=dict)
    owner: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, form) -> id
    incomplete: bool = False  # an entry or a file was left out for its problems

    def anchors(self) -> dict[str, list[str]]:
        """The anchors of each register page: entry IDs, and chrono-<id> per event."""
        actors = sorted(e.id for e in self.entries.values() if e.kind == "actor")
        events = sorted(e.id for e in self.entries.values() if e.kind == "event")
        return {"actors": actors, "events": events, "chronology": [f"chrono-{e}" for e in events]}

    def matcher(self, lang: str) -> FormMatcher:
        return self.matchers.get(lang) or FormMatcher(())


def load_register(sources_dir: Path, bib_keys: set[str] | None) -> tuple[Register, list[Problem]]:
    """The register with one matcher per language, and every problem in its files."""
    register = Register()
    problems: list[Problem] = []
    folder = sources_dir / REGISTER_DIR
    records: list[tuple[str, LocatedDict, Path]] = []
    if folder.is_symlink():  # it could bring in files from anywhere on the machine
        message = f"the register folder {folder.name} is a symbolic link"
        problem = Problem(folder, 0, 0, Code.YAML, message, "replace the link by the folder")
        register.incomplete = True
        return register, [problem]
    for name, key in REGISTER_FILES:
        path = folder / name
        if not path.exists():
            continue
        try:
            data = load_yaml(path)
        except DataError as exc:
            problems += exc.problems
            register.incomplete = True
            continue
        found = validate(data, "register", path)
        problems += found + scan(data, path)
        if found:
            register.incomplete = True
            continue
        kind = key[:-1]  # actors -> actor
        records += [(kind, item, path) for item in data.get(key) or []]
    for kind, item, path in records:
        entry = Entry(
            item["id"],
            kind,
            item["name"],
            item["description"],
            {lang: list(item["names"].get(lang, [])) for lang in LANGUAGES},
            item,
            path,
            item.line,
        )
        if entry.id in register.entries:
            first = register.entries[entry.id]
            line, column = item.where("id")
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    Code.DUPLICATE_ID,
                    f"register ID {entry.id!r} is already used ({first.path.name}, line "
                    f"{first.line})",
                    "give every entry its own ID; never reuse a published one",
                )
            )
            register.incomplete = True
            continue
        register.entries[entry.id] = entry
        for lang, forms in entry.names.items():
            for index, form in enumerate(forms):
                owner = register.owner.setdefault((lang, form), entry.id)
                if owner != entry.id:
                    line, column = item["names"][lang].item_lines[index]
                    problems.append(
                        Problem(
                            path,
                            line,
                            column,
                            Code.REGISTER,
                            f"name form {form!r} ({lang}) of {entry.id!r} is already claimed "
                            f"by {owner!r}",
                            "a form links to one entry: remove it here or there, and link "
                            "the ambiguous cases with mention records",
                        )
                    )
    for entry in register.entries.values():
        data = entry.data  # as loaded: a LocatedDict
        for index, actor in enumerate(data.get("participants") or []):
            # With a register file left out for its problems, unknown IDs are expected.
            if actor not in register.entries and not register.incomplete:
                line, column = data["participants"].item_lines[index]
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        column,
                        Code.REGISTER,
                        f"{entry.id!r}: participant {actor!r} is not in the register",
                        "use the ID of an actor",
                    )
                )
        for index, key in enumerate(data.get("cites") or []):
            if bib_keys is not None and key not in bib_keys:
                line, column = data["cites"].item_lines[index]
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        column,
                        Code.REGISTER,
                        f"{entry.id!r}: cites {key!r}, which is not in bibliography.bib",
                        "add the entry to bibliography.bib, or correct the key",
                    )
                )
    for lang in LANGUAGES:
        forms = [form for (language, form) in register.owner if language == lang]
        register.matchers[lang] = FormMatcher(forms)
    return register, problems


@dataclass
class MentionRecords:
    """A document's standoff records: links to add and automatic links to stop."""

    add: list[Mention] = field(default_factory=list)
    stop: list[tuple[str, str, int, int, str | None]] = field(default_factory=list)


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


def find_mentions(source: Source, register: Register, records: MentionRecords) -> list[Mention]:
    """Every mention in both columns of ``source``: automatic ones, less exclusions, plus
    the standoff mention records; sorted, never overlapping."""
    found: list[Mention] = []
    columns = (("original", source.original), ("translation", source.translation))
    for column, text_file in columns:
        matcher = register.matcher(text_file.lang)
        blocks = text_file.by_id()
        for block in source.original.rendered:
            if block.id not in blocks:
                continue  # an untranslated paragraph, reported by the text checks
            text = blocks[block.id].text
            for match in matcher.finditer(text):
                entry = register.owner[(text_file.lang, match.form)]
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
