"""The bibliography's pybtex style: ``bibtex_default_style = "edition"``.

pybtex's ``unsrt`` knows BibTeX's fields; the edition's entries are biblatex-like
(``@online`` with ``journaltitle``, ISO ``date`` and ``urldate``) and record in ``note``
how the printed form was normalised. This style shows all of that, keeps titles in the
case they are written in (news headlines and Russian titles are not to be re-cased),
and writes dates as the edition does elsewhere ("23 March 2024").
"""

from __future__ import annotations

import functools
import hashlib
import re
from contextvars import ContextVar
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import (
    FieldIsMissing,
    field,
    first_of,
    node,
    optional,
    sentence,
    tag,
    words,
)
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import names

from ..core.dates import display_date
from ..data.bibtex_fields import renderable
from ..data.parse_cache import PARSING_CODE, ParseCache, code_digest

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@node
def iso_date(children: Any, data: dict[str, Any], name: str = "date") -> Text:
    """An ISO date field (``2019-03-15``, ``2019-03``, ``2019``) as ``15 March 2019``."""
    assert not children
    value = data["entry"].fields.get(name, "")
    if not value:
        raise FieldIsMissing(name, data["entry"])  # lets optional[...] drop the part
    return Text(display_date(str(value)))


# The entry's date: its ISO date if it has one, else BibTeX's month and year.
entry_date = first_of[optional[iso_date], optional[words[optional[field("month")], field("year")]]]


# The references of a printed list keep its order and numbers: each one's note begins by
# saying which it is ("Printed as reference 6 in Zhebin (2024).").
PRINTED_AS = re.compile(r"Printed as reference (\d+) ")


class EditionStyle(UnsrtStyle):
    default_sorting_style = "author_year_title"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # pybtex sets ``sort`` on the instance, from the sorting style.
        self.by_author_year_title: Any = self.sorting_style.sort
        self.sort = self.printed_order_first

    def printed_order_first(self, entries: Any) -> list[Any]:
        """A printed reference list in its printed order (so that P1 is reference 1);
        any other list by author, year and title."""
        entries = list(entries)
        numbers = [PRINTED_AS.match(str(e.fields.get("note", ""))) for e in entries]
        if entries and all(numbers):
            order = {id(e): int(m.group(1)) for e, m in zip(entries, numbers, strict=True) if m}
            return sorted(entries, key=lambda e: order[id(e)])
        return list(self.by_author_year_title(entries))

    def format_entry(self, label: Any, entry: Any, bib_data: Any = None) -> Any:
        # What the data check refuses (an unsafe link, a bad date) is left out.
        entry = renderable(entry)
        kept = KEPT.get()
        if kept is None:
            return super().format_entry(label, entry, bib_data=bib_data)
        # pybtex formats the whole bibliography at every build (sphinxcontrib-bibtex needs
        # the labels): 0.8 s for 300 entries, whatever changed.
        return kept.remember(
            (_entry_key(label, entry),),
            lambda: super(EditionStyle, self).format_entry(label, entry, bib_data=bib_data),
        )

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e: Any) -> Any:
        return sentence[
            optional[self.format_url(e), optional[" (accessed ", iso_date(name="urldate"), ")"]],
            optional[self.format_doi(e)],
        ]

    def get_online_template(self, e: Any) -> Any:
        return self._web_template(e)

    def get_misc_template(self, e: Any) -> Any:
        return self._web_template(e)

    def _web_template(self, e: Any) -> Any:
        from pybtex.style.formatting import toplevel

        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[
                optional[tag("em")[field("journaltitle")]],
                optional[field("organization")],
                optional[field("howpublished")],
                optional[entry_date],
            ],
            self.format_web_refs(e),
            sentence[optional[field("note")]],
        ]


def _entry_key(label: str, entry: Any) -> str:
    """Everything a formatted entry is made from: the style's code, the label, the entry's
    key (the formatted entry carries it), type, fields and names."""
    digest = hashlib.sha256(f"{_style_code()}\0{label}\0{entry.key}\0{entry.type}\0".encode())
    for name, value in sorted(entry.fields.items()):
        digest.update(f"{name}\0{value}\0".encode())
    for role, persons in sorted(entry.persons.items()):
        digest.update(f"{role}\0{[str(person) for person in persons]}\0".encode())
    return digest.hexdigest()


@functools.cache
def _style_code() -> str:
    code = code_digest(*PARSING_CODE, "sphinx_ext/bibstyle.py")
    return hashlib.sha256(f"{code}\0{metadata.version('pybtex')}".encode()).hexdigest()


# The formatted entries of the running build, kept with the doctrees (pybtex makes the
# style, not the edition, so it cannot be handed the build's state).
KEPT: ContextVar[ParseCache | None] = ContextVar("edition_formatted", default=None)
KEPT_FILE = "edition-bibliography.pickle"


def _keep_formatted(app: Sphinx) -> None:
    KEPT.set(ParseCache(Path(app.doctreedir), KEPT_FILE))


def _save_formatted(app: Sphinx, exception: BaseException | None) -> None:
    kept = KEPT.get()
    KEPT.set(None)
    if kept is not None and exception is None:
        kept.save()


@node
def _author_or_outlet_or_title(children: Any, data: dict[str, Any], **kwargs: Any) -> Any:
    """Who a citation names: the author, else the organisation or outlet (news reports and
    ministry statements are cited by their outlet, as historians do), else the title."""
    assert not children
    return first_of[
        optional[names("author", **kwargs)],
        optional[names("editor", **kwargs)],
        optional[field("organization")],
        optional[field("journaltitle")],
        tag("em")[field("title")],
    ].format_data(data)


@dataclass
class EditionPersonStyle(PersonStyle):
    def author_or_editor_or_title(self, full: bool) -> Any:
        return _author_or_outlet_or_title(
            sep=self.sep,
            sep2=self.sep2,
            last_sep=self.last_sep,
            other=None if full else self.other,
        )


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class EditionReferenceStyle(AuthorYearReferenceStyle):
    """Author-year citations in round brackets, as historians write them: (Doe 2019)."""

    bracket_parenthetical: BracketStyle = dataclass_field(default_factory=_round)
    bracket_textual: BracketStyle = dataclass_field(default_factory=_round)
    bracket_author: BracketStyle = dataclass_field(default_factory=_round)
    bracket_label: BracketStyle = dataclass_field(default_factory=_round)
    bracket_year: BracketStyle = dataclass_field(default_factory=_round)
    person: PersonStyle = dataclass_field(default_factory=EditionPersonStyle)


def _cache_pybtex_plugins() -> None:
    """pybtex looks up installed entry points on every call (for each citation), and each
    lookup scans every installed package: with many citations that took longer than
    formatting them. The packages are scanned once per process instead, and a plugin is
    imported when it is first asked for (importing all of pybtex's plugins up front cost
    a quarter of a second of every build)."""
    import pybtex.plugin

    installed = metadata.entry_points()

    def select(**wanted: str) -> Any:
        return installed.select(**wanted)

    pybtex.plugin.entry_points = select


def setup_bibstyle(app: Sphinx) -> None:
    from pybtex.plugin import register_plugin as register_pybtex
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex

    _cache_pybtex_plugins()
    # Registered at run time: no entry points to install, the same in every process.
    register_pybtex("pybtex.style.formatting", "edition", EditionStyle, force=True)
    register_bibtex(
        "sphinxcontrib.bibtex.style.referencing", "edition", EditionReferenceStyle, force=True
    )
    app.connect("builder-inited", _keep_formatted)
    app.connect("build-finished", _save_formatted)
