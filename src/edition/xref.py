"""Cross-references to labels, made once for every feature that links a paragraph, a note
or a register entry.

A document mentions hundreds of register entries. Sphinx's ``pending_xref`` would make
each mention three nodes and send it through the generic resolver (domain lookup,
``missing-reference`` events); profiling a large edition showed that as one of the larger
costs of a build. The edition's links are plain ``reference`` nodes that name their label,
and :class:`LabelLinks` resolves them all in one pass over each page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

TARGET = "edition_target"  # the attribute that holds the std-domain label of a link

# A feature may give its links a title (shown as a tooltip in HTML), by the link's class:
# ``TITLES[css_class](env, label)`` returns the title or None; a titled link also gets the
# class ``<css_class>-link``.
TITLES: dict[str, Callable[[Any, str], str | None]] = {}


def std_ref(target: str, text: str, classes: list[str] | None = None) -> nodes.reference:
    """A link to the std-domain label ``target`` showing ``text`` literally; it resolves in
    every builder, and a missing label is a warning (so -W fails the build)."""
    ref = nodes.reference(text, text, internal=True, classes=classes or [])
    ref[TARGET] = target
    return ref


class LabelLinks(SphinxPostTransform):
    """Point every edition link at its label's page and anchor (as Sphinx's ``ref`` role
    would); an unknown label is a warning and leaves the text unlinked."""

    default_priority = 8  # after the register and bibliography lists are filled (6, 7)

    def run(self, **kwargs: Any) -> None:
        from .config import builder_of

        builder = builder_of(self.env)
        labels = self.env.domains.standard_domain.anonlabels
        here = self.env.docname
        html = builder.format == "html"
        uris: dict[str, str] = {}  # relative URI of each target page, computed once
        for ref in list(self.document.findall(nodes.reference)):
            target = ref.get(TARGET)
            if target is None:
                continue
            del ref[TARGET]
            docname, anchor = labels.get(target, (None, None))
            if docname is None:
                logger.warning(
                    f"undefined label: {target!r}", location=ref, type="ref", subtype="ref"
                )
                ref.replace_self(ref.children)
                continue
            if docname == here:
                ref["refid"] = anchor
            else:
                if docname not in uris:
                    uris[docname] = builder.get_relative_uri(here, docname)
                ref["refuri"] = f"{uris[docname]}#{anchor}"
            if html:
                for css_class, title_of in TITLES.items():
                    if css_class in ref["classes"]:
                        title = title_of(self.env, target)
                        if title:
                            ref["reftitle"] = title
                            ref["classes"].append(f"{css_class}-link")


def setup_xref(app: Any) -> None:
    app.add_post_transform(LabelLinks)
