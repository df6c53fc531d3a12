"""The "mentioned in" lists of the register's pages: placeholders that a post-transform
fills at write time, once every document has been read, with links to every paragraph that
mentions the entry; written as HTML directly for the standalone site."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.labels import label
from ..core.model import paragraph_label
from .register_domain import domain_of, holds_register_placeholders
from .settings import edition_config
from .state import project_of
from .xref import LabelTargets, std_ref

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class mentioned_in(nodes.General, nodes.Element):
    """Placeholder for an entry's "mentioned in" list, filled at write time."""


class MentionedInTransform(SphinxPostTransform):
    """Fill the placeholders with links to every paragraph that mentions the entry, as
    nodes (LaTeX adds page numbers to them)."""

    default_priority = 6  # before references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        if not holds_register_placeholders(self.env):
            return
        placeholders = list(self.document.findall(mentioned_in))
        if placeholders:
            self.fill(placeholders)

    def fill(self, placeholders: list[mentioned_in]) -> None:
        project = project_of(self.env)
        found = domain_of(self.env).mention_map()
        links = self.html_links()
        for node in placeholders:
            heading = node.get("label", "Mentioned in")
            by_source: dict[str, list[str]] = defaultdict(list)
            for _docname, slug, block_id in found.get(node["entry"], []):
                if slug in project.documents:
                    by_source[slug].append(block_id)
            groups = [
                (
                    project.documents[slug].meta.short_title,
                    [
                        (label(slug, block_id), f"¶ {paragraph_label(block_id)}")
                        for block_id in block_ids
                    ],
                )
                for slug, block_ids in by_source.items()
            ]
            if links is not None:
                node.replace_self(links.paragraph(heading, groups, node))
            else:
                node.replace_self(_paragraph(heading, groups))

    def html_links(self) -> _HTMLLinks | None:
        return None


class MentionedInHTMLTransform(MentionedInTransform):
    """On the standalone site's pages the lists are written as HTML directly: a register of
    thousands of entries has hundreds of thousands of links, which as nodes cost much of the
    page's time and memory. It runs first; the placeholders it fills are gone for the other."""

    builders = ("html",)
    default_priority = 5

    def html_links(self) -> _HTMLLinks | None:
        return _HTMLLinks(self.env)

    def is_supported(self) -> bool:
        return super().is_supported() and edition_config(self.config).register_lists_as_html


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

    def __init__(self, env: BuildEnvironment) -> None:
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


def register_docnames(env: BuildEnvironment) -> list[str]:
    """The docnames of the register's pages, whose lists these are."""
    return sorted(domain_of(env).data["pages"])


def mentioned_in_shown(env: BuildEnvironment) -> dict[str, Any]:
    """What the "mentioned in" lists are made from, so that the register's pages are
    written again whenever it changes: the digest of each page's mentions (entry,
    document, paragraph) and each document's short title (a paragraph's label is its
    ID's). Not the lists themselves (making them all took 0.3 s of a one-note rebuild at
    N = 1000), nor the mentions (their JSON took 0.05 s)."""
    project = project_of(env)
    return {
        "mentions": domain_of(env).mention_digests(),
        "titles": {slug: d.meta.short_title for slug, d in project.documents.items()},
    }
