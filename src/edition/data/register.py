"""The register of actors and events (``sources/register/*.yaml``): its entries, and one
matcher of their name forms per language.

Loading and every check are free of Sphinx, so ``edition check`` and the build share them.
Mentions are found in the documents by :mod:`edition.data.mentions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.labels import chronology_anchor
from ..core.problems import Code, DataError, Problem
from ..core.register_entry import Entry
from .matcher import FormMatcher
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

REGISTER_DIR = "register"
REGISTER_FILES = (("actors.yaml", "actors"), ("events.yaml", "events"))


WIKIDATA_ITEM = "https://www.wikidata.org/wiki/"


def wikidata_id(entry: Entry) -> str | None:
    """The entry's Wikidata QID, where the register records one (verified, with where it
    was seen)."""
    return entry.wikidata.id if entry.wikidata else None


def wikidata_url(entry: Entry) -> str | None:
    qid = wikidata_id(entry)
    return f"{WIKIDATA_ITEM}{qid}" if qid else None


@dataclass(frozen=True)
class NameForms:
    """Each name form's entry, and the matcher that finds the forms in a text. Every form,
    whatever its language, is looked for in every text: a text quotes names in other
    languages (Zhebin's English page lists Russian titles)."""

    owner: dict[str, str] = field(default_factory=dict)  # form -> entry id
    matcher: FormMatcher = field(default_factory=lambda: FormMatcher(()))


@dataclass
class Register:
    entries: dict[str, Entry] = field(default_factory=dict)
    incomplete: bool = False  # an entry or a file was left out for its problems
    # The name forms, or a function that reads them back: only finding a text's mentions
    # needs them, and the parse cache keeps them apart (more than half of its bytes).
    forms: NameForms | Callable[[], NameForms] = field(
        default_factory=NameForms, repr=False, compare=False
    )

    def name_forms(self) -> NameForms:
        if not isinstance(self.forms, NameForms):
            self.forms = self.forms()
        return self.forms

    @property
    def owner(self) -> dict[str, str]:
        return self.name_forms().owner

    def anchors(self) -> dict[str, list[str]]:
        """The anchors of each register page: entry IDs, and chrono-<id> per event."""
        actors = sorted(e.id for e in self.entries.values() if e.kind == "actor")
        events = sorted(e.id for e in self.entries.values() if e.kind == "event")
        return {
            "actors": actors,
            "events": events,
            "chronology": [chronology_anchor(e) for e in events],
        }

    def matcher(self) -> FormMatcher:
        return self.name_forms().matcher


def load_register(sources_dir: Path, bib_keys: set[str] | None) -> tuple[Register, list[Problem]]:
    """The register with the matcher of its name forms, and every problem in its files."""
    register = Register()
    owner: dict[str, str] = {}
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
        entry = Entry.from_data(kind, item, path, item.line)
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
        surname = item.get("surname")
        if surname is not None and surname not in entry.name.split():
            line, column = item.where("surname")
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    Code.REGISTER,
                    f"{entry.id!r}: surname {surname!r} is not a word of the name {entry.name!r}",
                    "give the family name as it stands in the name",
                )
            )
        for lang, forms in entry.names.items():
            for index, form in enumerate(forms):
                claimed = owner.setdefault(form, entry.id)
                if claimed != entry.id:
                    line, column = item["names"][lang].item_lines[index]
                    problems.append(
                        Problem(
                            path,
                            line,
                            column,
                            Code.REGISTER,
                            f"name form {form!r} ({lang}) of {entry.id!r} is already claimed "
                            f"by {claimed!r}",
                            "a form links to one entry: remove it here or there, and link "
                            "the ambiguous cases with mention records",
                        )
                    )
    for entry in register.entries.values():
        data = entry.located  # as loaded: a LocatedDict
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
    register.forms = NameForms(owner, FormMatcher(owner))
    # The checks are done: the records as loaded (with the line of every value, more than
    # half of the kept register's bytes and of the time to read it back) go.
    register.entries = {
        key: replace(entry, located=None) for key, entry in register.entries.items()
    }
    return register, problems
