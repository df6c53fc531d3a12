"""The ``edition`` domain: what each page contributes that other pages show (the register
mentions of each document page, the register's pages and the name forms of their entries)
and what each page shows of other pages' data (``shown``), kept right under incremental and
parallel builds (``clear_doc``, ``merge_domaindata``); and the digests of the lists last
written (``written``), for the whole build."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain, ObjType

from ..core.model import Source
from ..data.mentions import entries_in_reading_order
from .outputs import assembles_pages
from .state import builder_of

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class EditionDomain(Domain):
    """Per-document register mentions: docname -> [(entry, slug, paragraph)], kept as one
    JSON text per page (80 000 small tuples at N = 1000 made the environment slow to save
    and read back; the register's pages read them when their lists are made)."""

    name = "edition"
    label = "Edition"
    object_types: ClassVar[dict[str, ObjType]] = {
        "actor": ObjType("actor"),
        "event": ObjType("event"),
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "mentions": {},  # docname -> its mentions, as JSON
        "data_files": {},  # docname -> its data files and a digest of them (data_dependencies)
        "pages": {},
        "entries": {},
        "shown": {},  # docname -> kind -> key -> the text shown (see shown.py)
        "written": {},  # aggregate list -> digest of its content when last written
    }
    # 1: "shown" and "written" joined the domain; 2: entries by name only; 3: mentions as
    # JSON, data files
    data_version = 3
    PER_DOCUMENT = ("mentions", "data_files", "pages", "entries", "shown")

    @property
    def mentions(self) -> dict[str, str]:
        mentions: dict[str, str] = self.data["mentions"]
        return mentions

    @property
    def data_files(self) -> dict[str, tuple[tuple[str, ...], str]]:
        files: dict[str, tuple[tuple[str, ...], str]] = self.data["data_files"]
        return files

    def mention_digests(self) -> dict[str, str]:
        """docname -> a digest of its mentions: the register's pages compare these, not
        the 80 000 mentions of a large edition, to know whether their lists changed."""
        return {
            docname: hashlib.sha256(text.encode("utf-8")).hexdigest()
            for docname, text in self.mentions.items()
        }

    def clear_doc(self, docname: str) -> None:
        for key in self.PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in self.PER_DOCUMENT:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every entry once, by its ID (``objects.inv``, for other projects' links). Its name
        forms are found by the edition's own search, which indexes the register pages."""
        for docname, entries in self.data["entries"].items():
            for entry_id, kind, name in entries:
                yield entry_id, name, kind, docname, entry_id, 1

    def mention_map(self) -> dict[str, list[tuple[str, str, str]]]:
        """entry -> [(docname, slug, paragraph)], in document order."""
        found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        seen: set[tuple[str, str, str, str]] = set()  # a list's "in" made this quadratic
        for docname in sorted(self.mentions):
            for entry, slug, paragraph in json.loads(self.mentions[docname]):
                if (entry, docname, slug, paragraph) not in seen:
                    seen.add((entry, docname, slug, paragraph))
                    found[entry].append((docname, slug, paragraph))
        return found


def domain_of(env: BuildEnvironment) -> EditionDomain:
    return cast("EditionDomain", env.get_domain("edition"))


def holds_register_placeholders(env: BuildEnvironment) -> bool:
    """Whether the page being resolved can hold the register pages' placeholders: one of
    those pages, or the one tree of every page that a builder assembles (the book, which
    resolves it as its root document)."""
    return env.docname in domain_of(env).data["pages"] or assembles_pages(builder_of(env))


def note_mentions(env: BuildEnvironment, source: Source) -> None:
    """Record, for this page, which entries each paragraph names or reports (in reading
    order)."""
    seen: dict[tuple[str, str, str], None] = {}
    for paragraph, entry in entries_in_reading_order(source):
        seen.setdefault((entry, source.slug, paragraph), None)
    domain_of(env).mentions[env.docname] = json.dumps(list(seen), ensure_ascii=False)
