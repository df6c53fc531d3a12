"""The ``edition-register`` directive: the Actors, Events and Chronology pages, an entry
each with its fields, description and a placeholder for its "mentioned in" list."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.domains.std import StandardDomain
from sphinx.util.docutils import SphinxDirective

from ..core.labels import chronology_anchor, register_label
from ..core.vocabulary import REGISTER_TYPES
from ..data.register import Entry
from . import myst_text
from .data_dependencies import note_data_dependency
from .mention_lists import mentioned_in
from .register_domain import domain_of
from .register_fields import entry_fields, entry_link, when
from .state import project_of

KINDS = ("actors", "events", "chronology")
TYPE_LABELS = REGISTER_TYPES


class RegisterDirective(SphinxDirective):
    """``{edition-register} actors|events|chronology``: the register's pages. The
    chronology shows the timeline figure given by ``:timeline:``, with the edition's own
    ``:alt:`` text and ``:caption:`` (which say what period and documents it shows)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "timeline": directives.unchanged,
        "alt": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        kind = directives.choice(self.arguments[0], KINDS)
        project = project_of(self.env)
        for path in sorted((project.sources_dir / "register").glob("*.yaml")):
            note_data_dependency(self.env, path)
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
        chosen = sorted((e for e in entries if e.kind == wanted), key=lambda e: e.sort_name)
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
            records.append((entry.id, kind, entry.name))
        domain_of(self.env).data["entries"][self.env.docname] = records

    def _entry(self, entry: Entry) -> nodes.section:
        section = nodes.section(ids=[entry.id], classes=["ed-entry", f"ed-entry-{entry.kind}"])
        section += nodes.title(entry.name, entry.name)
        section += entry_fields(entry=entry.id)
        if entry.cites:
            # Only citations need the MyST parser; a plain description is just text.
            line = myst_text.escape(entry.description) + " {cite:p}`" + ",".join(entry.cites) + "`"
            holder = nodes.container()
            self.state.nested_parse(StringList([line]), self.content_offset, holder)
            section.extend(holder.children)
        else:
            section += nodes.paragraph(entry.description, entry.description)
        placeholder = mentioned_in(entry=entry.id)
        section += placeholder
        return section

    def _chronology(self, events: list[Entry]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if "timeline" in self.options:
            figure = nodes.figure(classes=["ed-timeline"])
            alt = self.options.get("alt") or "Timeline"
            figure += nodes.image(uri=self.options["timeline"], alt=alt)
            caption = self.options.get("caption") or (
                "The events of the register and the dates of the documents "
                "(diamonds; a bar where only a range is known)."
            )
            figure += nodes.caption(caption, caption)
            out.append(figure)
        items = nodes.bullet_list(classes=["ed-chronology"])
        for event in events:
            item = nodes.list_item(ids=[chronology_anchor(event.id)])
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(when(event), when(event))
            paragraph += nodes.Text(" — ")
            paragraph += entry_link(event)
            paragraph += nodes.Text(f". {event.description}")
            item += paragraph
            item += mentioned_in(entry=event.id, label="Referred to in")
            items += item
        if events:  # an empty list is an error in LaTeX (a new edition has no events yet)
            out.append(items)
        return out
