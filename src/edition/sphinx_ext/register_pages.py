"""The register in Sphinx: links from every mention, the Actors, Events and Chronology pages,
"mentioned in" lists, and the panel of each document page.

Mentions are collected per document while document pages are read, into the ``edition``
domain (``clear_doc`` and ``merge_domaindata`` keep it right under incremental and
parallel builds). The "mentioned in" lists need every document, so the register pages hold
placeholders that a post-transform fills at write time, and ``edition.incremental`` has
Sphinx rewrite those pages whenever what the lists show (the map of mentions, the
documents' short titles, the paragraphs' numbers) has changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from docutils.writers._html_base import HTMLTranslator
from sphinx.domains import Domain, ObjType
from sphinx.domains.std import StandardDomain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from ..core.dates import display_date, display_range
from ..core.model import LANGUAGE_NAMES, Source
from ..data.register import Entry
from ..products.timeline import timeline_svg, write_if_changed
from . import myst_text
from .citations import label
from .incremental import rewrite_when_changed
from .xref import TITLES, LabelTargets, std_ref

KINDS = ("actors", "events", "chronology")
TYPE_LABELS = {
    "person": "Persons",
    "state": "States",
    "organisation": "Organisations and institutions",
    "media": "Media",
    "place": "Places",
}
ROLE_SEP = " – "


def register_label(entry_id: str) -> str:
    """The std-domain label of a register entry."""
    return f"reg-{entry_id}"


class mentioned_in(nodes.General, nodes.Element):
    """Placeholder for an entry's "mentioned in" list, filled at write time."""


class EditionDomain(Domain):
    """Per-document register mentions: docname -> [(entry, slug, paragraph)]."""

    name = "edition"
    label = "Edition"
    object_types: ClassVar[dict[str, ObjType]] = {
        "actor": ObjType("actor"),
        "event": ObjType("event"),
    }
    initial_data: ClassVar[dict[str, Any]] = {"mentions": {}, "pages": {}, "entries": {}}

    @property
    def mentions(self) -> dict[str, list[tuple[str, str, str]]]:
        mentions: dict[str, list[tuple[str, str, str]]] = self.data["mentions"]
        return mentions

    def clear_doc(self, docname: str) -> None:
        self.data["mentions"].pop(docname, None)
        self.data["pages"].pop(docname, None)
        self.data["entries"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for key in ("mentions", "pages", "entries"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every name form of every entry, so the search finds Бигэн, Кім Чен Ин, Biegun."""
        for docname, entries in self.data["entries"].items():
            for entry_id, kind, forms in entries:
                for form in forms:
                    yield form, form, kind, docname, entry_id, 1

    def mention_map(self) -> dict[str, list[tuple[str, str, str]]]:
        """entry -> [(docname, slug, paragraph)], in document order."""
        found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for docname in sorted(self.mentions):
            for entry, slug, paragraph in self.mentions[docname]:
                if (docname, slug, paragraph) not in found[entry]:
                    found[entry].append((docname, slug, paragraph))
        return found


def domain_of(env: Any) -> EditionDomain:
    domain: EditionDomain = env.get_domain("edition")
    return domain


def note_mentions(env: Any, source: Source) -> None:
    """Record, for this page, which entries each paragraph mentions (in reading order)."""
    order = {block.id: index for index, block in enumerate(source.original.rendered)}
    seen: list[tuple[str, str, str]] = []
    for mention in sorted(source.mentions, key=lambda m: (order[m.paragraph], m.start)):
        record = (mention.entry, source.slug, mention.paragraph)
        if record not in seen:
            seen.append(record)
    domain_of(env).mentions[env.docname] = seen


def _forms_line(entry: Entry) -> list[nodes.Node]:
    parts: list[nodes.Node] = []
    for lang in ("en", "ru", "uk", "ko"):
        forms = entry.names.get(lang) or []
        if not forms:
            continue
        parts.append(nodes.Text(f"{'; ' if parts else ''}{LANGUAGE_NAMES[lang]}: "))
        text = ", ".join(forms)
        parts.append(nodes.inline(text, text, classes=[f"language-{lang}"]))
    return parts


def _field(name: str, body: list[nodes.Node] | nodes.Node) -> nodes.field:
    field = nodes.field()
    field += nodes.field_name(name, name)
    paragraph = nodes.paragraph()
    paragraph.extend(body if isinstance(body, list) else [body])
    field += nodes.field_body("", paragraph)
    return field


def _entry_link(entry: Entry) -> nodes.reference:
    ref = std_ref(register_label(entry.id), entry.name)
    return ref


def _when(data: dict[str, Any]) -> str:
    date = data["date"]
    text = display_range(str(date["from"]), str(date.get("to", date["from"])))
    return f"about {text}" if date["precision"] == "approximate" else text


class RegisterDirective(SphinxDirective):
    """``{edition-register} actors|events|chronology``: the register's pages."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"timeline": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from .config import project_of

        kind = directives.choice(self.arguments[0], KINDS)
        project = project_of(self.env)
        for path in sorted((project.sources_dir / "register").glob("*.yaml")):
            self.env.note_dependency(str(path))
        domain_of(self.env).data["pages"][self.env.docname] = kind
        # Entries stay out of the tables of contents: every page's navigation copies the
        # tables of contents of all pages, and a register of thousands of entries made
        # that copy the largest cost of a build. Type groups and events stay listed.
        self.env.metadata[self.env.docname]["tocdepth"] = 2
        entries = list(project.register.entries.values())
        if kind == "chronology":
            events = sorted(
                (e for e in entries if e.kind == "event"), key=lambda e: (e.sort_date, e.name)
            )
            return self._chronology(events)
        wanted = kind[:-1]
        chosen = sorted((e for e in entries if e.kind == wanted), key=lambda e: e.name.lower())
        self._note_objects(chosen, wanted)
        if wanted == "event":
            chosen.sort(key=lambda e: (e.sort_date, e.name))
            return [self._entry(entry) for entry in chosen]
        out: list[nodes.Node] = []
        for type_, title in TYPE_LABELS.items():
            group = [e for e in chosen if e.type == type_]
            if not group:
                continue
            section = nodes.section(ids=[f"type-{type_}"])
            section += nodes.title(title, title)
            section.extend(self._entry(entry) for entry in group)
            out.append(section)
        return out

    def _note_objects(self, entries: list[Entry], kind: str) -> None:
        std = cast(StandardDomain, self.env.get_domain("std"))
        records = []
        for entry in entries:
            std.note_hyperlink_target(register_label(entry.id), self.env.docname, entry.id)
            forms = sorted({entry.name, *(f for fs in entry.names.values() for f in fs)})
            records.append((entry.id, kind, forms))
        domain_of(self.env).data["entries"][self.env.docname] = records

    def _entry(self, entry: Entry) -> nodes.section:
        data = entry.data
        section = nodes.section(ids=[entry.id], classes=["ed-entry", f"ed-entry-{entry.kind}"])
        section += nodes.title(entry.name, entry.name)
        fields = nodes.field_list(classes=["ed-entry-fields"])
        if entry.kind == "event":
            fields += _field("Date", nodes.Text(_when(data)))
            if data.get("place"):
                fields += _field("Place", nodes.Text(data["place"]))
            participants = [
                found
                for actor in data.get("participants") or []
                if (found := self._lookup(actor)) is not None
            ]
            if participants:
                body: list[nodes.Node] = []
                for index, actor in enumerate(participants):
                    if index:
                        body.append(nodes.Text(", "))
                    body.append(_entry_link(actor))
                fields += _field("Participants", body)
        else:
            fields += _field("Type", nodes.Text(data["type"]))
        forms = _forms_line(entry)
        if forms:
            fields += _field("Name forms", forms)
        if data.get("hangul"):
            hangul = nodes.inline(data["hangul"], data["hangul"], classes=["language-ko"])
            roman = data.get("romanisations") or {}
            extra = ", ".join(
                f"{label_} {roman[key]}"
                for key, label_ in (("rr", "RR"), ("mr", "MR"))
                if roman.get(key)
            )
            fields += _field("Korean", [hangul, nodes.Text(f" ({extra})" if extra else "")])
        for role in data.get("roles") or []:
            span = ""
            if role.get("from") or role.get("to"):
                start = display_date(str(role["from"])) if role.get("from") else ""
                end = display_date(str(role["to"])) if role.get("to") else ""
                span = f" ({start}{ROLE_SEP}{end})" if end else f" (from {start})"
            note = f"; {role['note']}" if role.get("note") else ""
            fields += _field("Role", nodes.Text(f"{role['title']}{span}{note}"))
        section += fields
        if data.get("cites"):
            # Only citations need the MyST parser; a plain description is just text.
            line = (
                myst_text.escape(entry.description) + " {cite:p}`" + ",".join(data["cites"]) + "`"
            )
            holder = nodes.container()
            self.state.nested_parse(StringList([line]), self.content_offset, holder)
            section.extend(holder.children)
        else:
            section += nodes.paragraph(entry.description, entry.description)
        placeholder = mentioned_in(entry=entry.id)
        section += placeholder
        return section

    def _lookup(self, entry_id: str) -> Entry | None:
        from .config import project_of

        return project_of(self.env).register.entries.get(entry_id)

    def _chronology(self, events: list[Entry]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if "timeline" in self.options:
            figure = nodes.figure(classes=["ed-timeline"])
            figure += nodes.image(uri=self.options["timeline"], alt="Timeline 2017–2024")
            caption = (
                "The events of the register, 2017–2024, and the dates of the four documents "
                "(diamonds; a bar where only a range is known)."
            )
            figure += nodes.caption(caption, caption)
            out.append(figure)
        items = nodes.bullet_list(classes=["ed-chronology"])
        for event in events:
            item = nodes.list_item(ids=[f"chrono-{event.id}"])
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(_when(event.data), _when(event.data))
            paragraph += nodes.Text(" — ")
            paragraph += _entry_link(event)
            paragraph += nodes.Text(f". {event.description}")
            item += paragraph
            item += mentioned_in(entry=event.id, label="Referred to in")
            items += item
        out.append(items)
        return out


# The builders whose "mentioned in" lists are written as HTML (see MentionedInTransform).
HTML_LISTS = frozenset({"html"})


class MentionedInTransform(SphinxPostTransform):
    """Fill the placeholders with links to every paragraph that mentions the entry."""

    default_priority = 6  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        from .config import builder_of, project_of

        # Only the register's pages have lists to fill; a book builder (LaTeX) sets all
        # pages in one tree, which it resolves as its master document.
        here = self.env.docname
        if here not in domain_of(self.env).data["pages"] and builder_of(self.env).name not in {
            "latex",
            "singlehtml",
            "texinfo",
        }:
            return
        placeholders = list(self.document.findall(mentioned_in))
        if not placeholders:
            return
        project = project_of(self.env)
        found = domain_of(self.env).mention_map()
        blocks = {slug: source.original.by_id() for slug, source in project.sources.items()}
        # On a standalone HTML page the lists are written as HTML directly: a register of
        # thousands of entries has hundreds of thousands of links, which as nodes cost
        # much of the page's time and memory. Other builders get nodes (LaTeX adds page
        # numbers to them).
        links = _HTMLLinks(self.env) if builder_of(self.env).name in HTML_LISTS else None
        for node in placeholders:
            heading = node.get("label", "Mentioned in")
            by_source: dict[str, list[str]] = defaultdict(list)
            for _docname, slug, block_id in found.get(node["entry"], []):
                if slug in project.sources:
                    by_source[slug].append(block_id)
            groups = [
                (
                    project.sources[slug].meta["short_title"],
                    [
                        (label(slug, block_id), f"¶ {_block_label(blocks[slug], block_id)}")
                        for block_id in block_ids
                    ],
                )
                for slug, block_ids in by_source.items()
            ]
            if links is not None:
                node.replace_self(links.paragraph(heading, groups, node))
            else:
                node.replace_self(_paragraph(heading, groups))


def _block_label(blocks: dict[str, Any], block_id: str) -> str:
    block = blocks.get(block_id)
    return block.label if block else block_id


Groups = list[tuple[str, list[tuple[str, str]]]]  # per document: its title, (label, text)s


def _paragraph(heading: str, groups: Groups) -> nodes.paragraph:
    """The list as nodes: each link a reference that ``edition.xref`` resolves."""
    paragraph = nodes.paragraph(classes=["ed-mentioned-in"])
    paragraph += nodes.strong(heading, heading)
    paragraph += nodes.Text(": ")
    if not groups:
        paragraph += nodes.emphasis("", "no paragraph of the documents")
    for index, (title, targets) in enumerate(groups):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += nodes.emphasis(title, title)
        paragraph += nodes.Text(" ")
        for position, (target, text) in enumerate(targets):
            if position:
                paragraph += nodes.Text(", ")
            paragraph += std_ref(target, text)
    return paragraph


def escape(text: str) -> str:
    """Text for HTML as docutils' writer escapes it (``@`` too, unlike ``html.escape``)."""
    return text.translate(HTMLTranslator.special_characters)


class _HTMLLinks:
    """The list as the HTML Sphinx would write for :func:`_paragraph` on this page."""

    def __init__(self, env: Any) -> None:
        self.targets = LabelTargets(env)

    def paragraph(self, heading: str, groups: Groups, node: nodes.Node) -> nodes.raw:
        parts = [f'<p class="ed-mentioned-in"><strong>{escape(heading)}</strong>: ']
        if not groups:
            parts.append("<em>no paragraph of the documents</em>")
        for index, (title, targets) in enumerate(groups):
            parts.append(f"{'; ' if index else ''}<em>{escape(title)}</em> ")
            for position, (target, text) in enumerate(targets):
                if position:
                    parts.append(", ")
                found = self.targets.find(target, node)
                if found is None:  # as edition.xref: a warning, and the text unlinked
                    parts.append(escape(text))
                    continue
                href = escape(f"{self.targets.uri(found[0])}#{found[1]}")
                parts.append(f'<a class="reference internal" href="{href}">{escape(text)}</a>')
        parts.append("</p>\n")
        return nodes.raw("", "".join(parts), format="html")


def _tooltip(env: Any, target: str) -> str | None:
    """HTML: a mention link's title is its entry's short description, which edition.js
    turns into a tooltip that keyboard focus shows too."""
    from .config import project_of

    entry = project_of(env).register.entries.get(target.removeprefix("reg-"))
    return f"{entry.name}: {entry.description}" if entry is not None else None


def _register_pages(env: Any) -> list[str]:
    return sorted(domain_of(env).data["pages"])


def _mentioned_in_shown(env: Any) -> dict[str, list[tuple[str, str, str]]]:
    """entry -> [(document's short title, label, link text)]: what the "mentioned in" lists
    show, so that the register's pages are written again whenever it changes."""
    from .config import project_of

    project = project_of(env)
    blocks = {slug: source.original.by_id() for slug, source in project.sources.items()}
    return {
        entry: [
            (
                project.sources[slug].meta["short_title"],
                label(slug, block_id),
                f"¶ {_block_label(blocks[slug], block_id)}",
            )
            for _docname, slug, block_id in places
            if slug in project.sources
        ]
        for entry, places in domain_of(env).mention_map().items()
    }


TIMELINE = "_generated/timeline.svg"  # in the Sphinx source folder; not committed


def _write_timeline(app: Any) -> None:
    """Draw the timeline before the pages are read (the Chronology page shows it)."""
    from .config import project_of

    project = project_of(app)
    events = [e for e in project.register.entries.values() if e.kind == "event"]
    if events:
        svg = timeline_svg(events, list(project.sources.values()))
        write_if_changed(Path(app.srcdir) / TIMELINE, svg)


def setup_register_pages(app: Any) -> None:
    app.connect("builder-inited", _write_timeline)
    app.add_domain(EditionDomain)
    app.add_node(mentioned_in)
    app.add_directive("edition-register", RegisterDirective)
    app.add_post_transform(MentionedInTransform)
    TITLES["ed-reg"] = _tooltip
    rewrite_when_changed("mentioned-in", _register_pages, _mentioned_in_shown)
