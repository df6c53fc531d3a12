"""The fields of a register entry (its type or date and place, participants, name forms,
Korean form, Wikidata item, roles), as a field list.

The register's pages hold one placeholder per entry, made into its field list when the page
is written. On the website that happens after Sphinx's post-transforms, which each walk the
whole page: a register of 5000 entries has about 40 field nodes per entry, and walking
them 30 times over was most of the time its page took to write. What the post-transforms
would do to the fields is done here (links resolved, Korean runs marked), so the page is
the same. Every other builder (the book, the e-book) gets the field lists first, before any
post-transform, exactly as they were read before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.dates import display_date, display_range
from ..core.labels import register_label
from ..core.vocabulary import LANGUAGE_NAMES, LANGUAGES
from ..data.register import Entry, wikidata_id, wikidata_url
from .hangul import mark_hangul
from .outputs import assembles_pages, is_site
from .register_domain import domain_of
from .settings import edition_config
from .state import builder_of, project_of
from .xref import LabelTargets, resolve_links, std_ref

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


def _field(name: str, body: list[nodes.Node] | nodes.Node) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    paragraph = nodes.paragraph()
    paragraph.extend(body if isinstance(body, list) else [body])
    field += nodes.field_body("", paragraph)
    return field


def _forms_line(entry: Entry) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    for lang in LANGUAGES:
        forms = entry.names.get(lang, ())
        if not forms:
            continue
        parts.append(nodes.Text(f"{'; ' if parts else ''}{LANGUAGE_NAMES[lang]}: "))
        text = ", ".join(forms)
        parts.append(nodes.inline(text, text, classes=[f"language-{lang}"]))
    return parts


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


def field_list(entry: Entry, entries: dict[str, Entry]) -> nodes.field_list:
    """The entry's fields; links to participants are :func:`std_ref` references."""
    fields = nodes.field_list(classes=["ed-entry-fields"])
    if entry.kind == "event":
        fields += _field("Date", nodes.Text(when(entry)))
        if entry.place:
            fields += _field("Place", nodes.Text(entry.place))
        participants = [entries[actor] for actor in entry.participants if actor in entries]
        if participants:
            body: list[nodes.Node] = []
            for index, actor in enumerate(participants):
                if index:
                    body.append(nodes.Text(", "))
                body.append(entry_link(actor))
            fields += _field("Participants", body)
    else:
        fields += _field("Type", nodes.Text(entry.type))
    if entry.added_by_editors:
        # An entry no document names: the editors say why the register holds it.
        fields += _field("Editorial addition", nodes.Text(entry.added_by_editors))
    forms = _forms_line(entry)
    if forms:
        fields += _field("Name forms", forms)
    if entry.hangul:
        hangul = nodes.inline(entry.hangul, entry.hangul, classes=["language-ko"])
        roman = entry.romanisations
        systems = (("rr", "RR"), ("mr", "MR"))
        extra = ", ".join(f"{name} {roman[key]}" for key, name in systems if roman.get(key))
        # How far the editors checked the form, as the provenance panels say it.
        checked = f" [{entry.hangul_status}]"
        romanised = f" ({extra})" if extra else ""
        fields += _field("Korean", [hangul, nodes.Text(romanised + checked)])
    qid, item = wikidata_id(entry), wikidata_url(entry)
    if qid and item:
        fields += _field("Wikidata", nodes.reference(qid, qid, refuri=item))
    roles = _roles(entry)
    if roles:
        # One label for all of them: a list of terms names each term once.
        field = _field("Role" if len(roles) == 1 else "Roles", nodes.Text(roles[0]))
        role_body = field.next_node(nodes.field_body)
        assert role_body is not None
        for later in roles[1:]:
            role_body += nodes.paragraph(later, later)
        fields += field
    return fields


def _made_when_written(env: BuildEnvironment) -> bool:
    return is_site(builder_of(env)) and edition_config(env.config).register_fields_when_written


def _holds_placeholders(env: BuildEnvironment) -> bool:
    """Only the register's pages hold placeholders; a builder that assembles every page in
    one tree (the book) resolves it as its root document."""
    return env.docname in domain_of(env).data["pages"] or assembles_pages(builder_of(env))


class EntryFieldsFirst(SphinxPostTransform):
    """Every builder but the website's: the field lists made before any other
    post-transform, so that every post-transform sees them as it did when they were read."""

    default_priority = 1

    def is_supported(self) -> bool:
        return super().is_supported() and not _made_when_written(self.env)

    def run(self, **kwargs: Any) -> None:
        if not _holds_placeholders(self.env):
            return
        entries = project_of(self.env).register.entries
        for node in list(self.document.findall(entry_fields)):
            node.replace_self(field_list(entries[node["entry"]], entries))


def _make_when_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The website: the field lists made once the post-transforms are done, and given what
    those do to such nodes (LabelLinks resolves the participants' links, HangulRuns marks
    Korean runs; no other post-transform touches a field list or its text)."""
    env = app.env
    if not _made_when_written(env) or docname not in domain_of(env).data["pages"]:
        return
    entries = project_of(env).register.entries
    targets = LabelTargets(env, here=docname)  # env.docname is no longer set here
    for node in list(doctree.findall(entry_fields)):
        fields = field_list(entries[node["entry"]], entries)
        node.replace_self(fields)
        resolve_links(fields, targets)
        mark_hangul(fields)


def setup_register_fields(app: Sphinx) -> None:
    app.add_node(entry_fields)
    app.add_post_transform(EntryFieldsFirst)
    app.connect("doctree-resolved", _make_when_written)
