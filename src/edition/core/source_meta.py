"""A document's metadata (``sources/<slug>/source.yaml``) as typed, immutable values.

The file is validated against ``source.schema.json`` before it is read into these classes,
so every required field is there and every value has its type; the located dictionary the
checks report from stays in the data layer. Field names are the file's, except the date's
``from``/``to`` (a Python keyword), which are ``start``/``end`` here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Seed:
    file: str  # the seed's file name, in the source folder or the seeds folder
    sha256: str


@dataclass(frozen=True)
class Author:
    name: str
    name_original: str | None = None
    affiliation: str | None = None
    orcid: str | None = None


@dataclass(frozen=True)
class Outlet:
    name: str
    status: str  # a status of the vocabulary: how far the outlet is established
    name_original: str | None = None
    issn: str | None = None


@dataclass(frozen=True)
class DocumentDate:
    """The document's date, or the range of dates it may have (ISO 8601, partial)."""

    start: str
    end: str
    status: str
    note: str | None = None  # MyST: how the date was established


@dataclass(frozen=True)
class SourceMeta:
    id: str
    seed: Seed
    editorial_title: str
    short_title: str
    title: str | None
    genre: str
    authorship: str  # named | unsigned | not identified
    authors: tuple[Author, ...]
    outlet: Outlet | None
    date: DocumentDate | None
    language: str
    translation_language: str
    provenance_status: str
    provenance: str  # MyST
    original_is: str  # MyST
    translation_is: str  # MyST
    title_translation: str | None = None
    url: str | None = None

    @property
    def named_authors(self) -> list[str]:
        """The authors' names, when the document names them."""
        return [a.name for a in self.authors] if self.authorship == "named" else []

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SourceMeta:
        """The metadata of a ``source.yaml`` that passed its schema."""
        date = data["date"]
        outlet = data["outlet"]
        return cls(
            id=data["id"],
            seed=Seed(data["seed"]["file"], data["seed"]["sha256"]),
            editorial_title=data["editorial_title"],
            short_title=data["short_title"],
            title=data["title"],
            genre=data["genre"],
            authorship=data["authorship"],
            authors=tuple(Author(**dict(author)) for author in data["authors"]),
            outlet=Outlet(**dict(outlet)) if outlet else None,
            date=DocumentDate(str(date["from"]), str(date["to"]), date["status"], date.get("note"))
            if date
            else None,
            language=data["language"],
            translation_language=data["translation_language"],
            provenance_status=data["provenance_status"],
            provenance=data["provenance"],
            original_is=data["original_is"],
            translation_is=data["translation_is"],
            title_translation=data.get("title_translation"),
            url=data.get("url"),
        )
