"""An entry of the register (``sources/register/actors.yaml``, ``events.yaml``) as a typed,
immutable value.

The files are validated against ``register.schema.json`` before they are read into these
classes, so every required field is there and every value has its type. The located record
the cross-file checks report from is kept beside the values (``located``) while the data
layer checks the register, and dropped after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .vocabulary import LANGUAGES


@dataclass(frozen=True)
class Role:
    title: str
    start: str | None = None  # the file's "from"
    end: str | None = None  # the file's "to"
    note: str | None = None


@dataclass(frozen=True)
class EventDate:
    start: str  # the file's "from"
    precision: str  # day | month | year | approximate
    end: str | None = None  # the file's "to"


@dataclass(frozen=True)
class Wikidata:
    id: str  # the QID
    seen: str  # where the editors saw that the item is this very entity


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # actor | event
    name: str
    description: str  # MyST
    names: Mapping[str, tuple[str, ...]]  # language -> the name forms looked for in the texts
    path: Path
    line: int
    type: str = "event"  # an actor's type: person | state | organisation | media | place
    surname: str | None = None
    hangul: str | None = None
    hangul_status: str = "unverified"  # how far the editors checked the Hangul form
    romanisations: Mapping[str, str] = field(default_factory=dict)  # rr, mr
    roles: tuple[Role, ...] = ()
    wikidata: Wikidata | None = None
    cites: tuple[str, ...] = ()
    added_by_editors: str | None = None  # why the register holds an entry no text names
    date: EventDate | None = None  # an event's
    place: str | None = None
    participants: tuple[str, ...] = ()  # actor IDs
    # The record as loaded, with the lines of its values: for the register's checks (then None).
    located: Any = field(default=None, repr=False, compare=False)

    @property
    def sort_date(self) -> str:
        return self.date.start if self.date else ""

    @property
    def sort_name(self) -> str:
        """How the register lists the entry: persons by their family name (``surname``, or
        the name's last word), everything else by its name."""
        if self.type != "person":
            return self.name.lower()
        surname = self.surname or self.name.split()[-1]
        return f"{surname} {self.name}".lower()

    @classmethod
    def from_data(cls, kind: str, data: Mapping[str, Any], path: Path, line: int) -> Entry:
        """The entry of a record that passed its schema."""
        date = data.get("date")
        wikidata = data.get("wikidata")
        return cls(
            id=data["id"],
            kind=kind,
            name=data["name"],
            description=data["description"],
            names={lang: tuple(data["names"].get(lang, [])) for lang in LANGUAGES},
            path=path,
            line=line,
            type=data.get("type", "event"),
            surname=data.get("surname"),
            hangul=data.get("hangul"),
            hangul_status=data.get("hangul_status") or "unverified",
            romanisations=dict(data.get("romanisations") or {}),
            roles=tuple(
                Role(
                    role["title"],
                    _text(role.get("from")),
                    _text(role.get("to")),
                    role.get("note"),
                )
                for role in data.get("roles") or []
            ),
            wikidata=Wikidata(wikidata["id"], wikidata["seen"]) if wikidata else None,
            cites=tuple(data.get("cites") or []),
            added_by_editors=data.get("added_by_editors"),
            date=EventDate(str(date["from"]), date["precision"], _text(date.get("to")))
            if date
            else None,
            place=data.get("place"),
            participants=tuple(data.get("participants") or []),
            located=data,
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
