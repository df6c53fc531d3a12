"""The fields of a register entry (its type or date and place, participants, name forms,
Korean form, Wikidata item, roles).

The register's pages hold one placeholder per entry for its fields. Every builder but the
website's makes it into a field list before any post-transform, so that the book and the
e-book get what the directive made before. The website writes it as HTML after the
post-transforms (:mod:`edition.sphinx_ext.register_fields_html`): they each walk the whole
page, and a register of 5000 entries has about 40 field nodes per entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.dates import display_date, display_range
from ..core.labels import register_label
from ..core.vocabulary import LANGUAGE_NAMES, LANGUAGES
from ..data.register import Entry, wikidata_id, wikidata_url
from .outputs import is_site
from .register_domain import holds_register_placeholders
from .settings import edition_config
from .state import builder_of, project_of
from .xref import std_ref

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ROLE_SEP = " – "


class entry_fields(nodes.General, nodes.Element):
    """Placeholder for the fields of the entry whose ID is ``entry``."""


def when(entry: Entry) -> str:
    """An event's date as the register shows it ("about" when approximate)."""
    date = entry.date
    if date is None:
        return ""
    text = display_range(date.start, date.end or date.start)
    return f"about {text}" if date.precision == "approximate" else text


def entry_link(entry: Entry) -> nodes.reference:
    return std_ref(register_label(entry.id), entry.name)


@dataclass(frozen=True)
class Run:
    """A run of a field's text: plain, in a language (``lang``), a link to a register
    entry (``entry``: its ID) or to an address outside the edition (``url``)."""

    text: str
    lang: str | None = None
    entry: str | None = None
    url: str | None = None


Paragraph = list[Run]
Field = tuple[str, list[Paragraph]]  # its name, its paragraphs


def _forms_line(entry: Entry) -> Paragraph:
    runs: Paragraph = []
    for lang in LANGUAGES:
        forms = entry.names.get(lang, ())
        if forms:
            runs.append(Run(f"{'; ' if runs else ''}{LANGUAGE_NAMES[lang]}: "))
            runs.append(Run(", ".join(forms), lang=lang))
    return runs


def _roles(entry: Entry) -> list[str]:
    roles = []
    for role in entry.roles:
        span = ""
        if role.start or role.end:
            start = display_date(role.start) if role.start else ""
            end = display_date(role.end) if role.end else ""
            span = f" ({start}{ROLE_SEP}{end})" if end else f" (from {start})"
        note = f"; {role.note}" if role.note else ""
        roles.append(f"{role.title}{span}{note}")
    return roles


def entry_fields_of(entry: Entry, entries: dict[str, Entry]) -> list[Field]:
    """What the entry's fields show, in order."""
    fields: list[Field] = []
    if entry.kind == "event":
        fields.append(("Date", [[Run(when(entry))]]))
        if entry.place:
            fields.append(("Place", [[Run(entry.place)]]))
        participants = [entries[actor] for actor in entry.participants if actor in entries]
        if participants:
            links: Paragraph = []
            for index, actor in enumerate(participants):
                if index:
                    links.append(Run(", "))
                links.append(Run(actor.name, entry=actor.id))
            fields.append(("Participants", [links]))
    else:
        fields.append(("Type", [[Run(entry.type)]]))
    if entry.added_by_editors:
        # An entry no document names: the editors say why the register holds it.
        fields.append(("Editorial addition", [[Run(entry.added_by_editors)]]))
    forms = _forms_line(entry)
    if forms:
        fields.append(("Name forms", [forms]))
    if entry.hangul:
        roman = entry.romanisations
        systems = (("rr", "RR"), ("mr", "MR"))
        extra = ", ".join(f"{name} {roman[key]}" for key, name in systems if roman.get(key))
        # How far the editors checked the form, as the provenance panels say it.
        checked = f" [{entry.hangul_status}]"
        romanised = f" ({extra})" if extra else ""
        fields.append(("Korean", [[Run(entry.hangul, lang="ko"), Run(romanised + checked)]]))
    qid, item = wikidata_id(entry), wikidata_url(entry)
    if qid and item:
        fields.append(("Wikidata", [[Run(qid, url=item)]]))
    roles = _roles(entry)
    if roles:
        # One label for all of them: a list of terms names each term once.
        fields.append(("Role" if len(roles) == 1 else "Roles", [[Run(role)] for role in roles]))
    return fields


def _run_node(run: Run) -> nodes.Node:
    if run.lang:
        return nodes.inline(run.text, run.text, classes=[f"language-{run.lang}"])
    if run.entry:
        return std_ref(register_label(run.entry), run.text)
    if run.url:
        return nodes.reference(run.text, run.text, refuri=run.url)
    return nodes.Text(run.text)


def field_list(fields: list[Field]) -> nodes.field_list:
    """The fields as nodes; links to entries are :func:`std_ref` references."""
    listing = nodes.field_list(classes=["ed-entry-fields"])
    for name, paragraphs in fields:
        field = nodes.field()
        field += nodes.field_name(name, name)
        body = nodes.field_body()
        for runs in paragraphs:
            paragraph = nodes.paragraph()
            paragraph.extend(_run_node(run) for run in runs)
            body += paragraph
        field += body
        listing += field
    return listing


def made_when_written(env: BuildEnvironment) -> bool:
    return is_site(builder_of(env)) and edition_config(env.config).register_fields_when_written


class EntryFieldsFirst(SphinxPostTransform):
    """Every builder but the website's: the field lists made before any other
    post-transform, so that every post-transform sees them as it did when they were read."""

    default_priority = 1

    def is_supported(self) -> bool:
        return super().is_supported() and not made_when_written(self.env)

    def run(self, **kwargs: Any) -> None:
        if not holds_register_placeholders(self.env):
            return
        entries = project_of(self.env).register.entries
        for node in list(self.document.findall(entry_fields)):
            node.replace_self(field_list(entry_fields_of(entries[node["entry"]], entries)))


def setup_register_fields(app: Sphinx) -> None:
    app.add_node(entry_fields)
    app.add_post_transform(EntryFieldsFirst)
