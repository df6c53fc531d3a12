"""The edition's documents whole, each read back when first asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..core.model import Source


class SourcesReadWhenAsked(Mapping[str, Source]):
    """slug -> the document whole (texts, notes, mentions), made or read back from the
    parse cache when it is first asked for: a rebuild after one changed note asks for
    that document's texts, not a thousand documents'. What every page needs of every
    document is in ``Project.documents``."""

    def __init__(self, read: dict[str, Callable[[], Source]]) -> None:
        self._slugs = tuple(read)  # in the edition's order
        self._known = frozenset(read)
        self._read = dict(read)
        self._sources: dict[str, Source] = {}

    def __getitem__(self, slug: str) -> Source:
        # The search index's thread asks for documents while the build's thread does: each
        # step is one dictionary operation, and no lock (a lock held when Sphinx forks its
        # readers would stay held in them).
        source = self._sources.get(slug)
        if source is not None:
            return source
        read = self._read.get(slug)
        if read is None:
            return self._sources[slug]  # read by the other thread (KeyError: no such slug)
        source = self._sources.setdefault(slug, read())
        self._read.pop(slug, None)  # the reader goes once it has read, the kept bytes with it
        return source

    def __contains__(self, slug: object) -> bool:
        return slug in self._known  # without reading the document

    def __iter__(self) -> Iterator[str]:
        return iter(self._slugs)

    def __len__(self) -> int:
        return len(self._slugs)
