"""Cross-references to labels, made once for every feature that links a paragraph, a note
or a register entry.

A document mentions hundreds of register entries. Sphinx's ``pending_xref`` would make
each mention three nodes and send it through the generic resolver (domain lookup,
``missing-reference`` events); profiling a large edition showed that as one of the larger
costs of a build. The edition's links are plain ``reference`` nodes that name their label,
and :class:`LabelLinks` resolves them all in one pass over each page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .state import builder_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger(__name__)

TARGET = "edition_target"  # the attribute that holds the std-domain label of a link
PAGE_TARGET = "edition_page_target"  # or the page and anchor ("docname#anchor") it goes to


def std_ref(target: str, text: str, classes: list[str] | None = None) -> nodes.reference:
    """A link to the std-domain label ``target`` showing ``text`` literally; it resolves in
    every builder, and a missing label is a warning (so -W fails the build)."""
    ref = nodes.reference(text, text, internal=True, classes=classes or [])
    ref[TARGET] = target
    return ref


def page_ref(target: str, text: str, classes: list[str] | None = None) -> nodes.reference:
    """A link to ``docname#anchor`` (or a whole page, ``docname``), addressed as the
    builder names its files (``.html``, ``.xhtml``, a directory, a LaTeX label)."""
    ref = nodes.reference(text, text, internal=True, classes=classes or [])
    ref[PAGE_TARGET] = target
    return ref


class LabelTargets:
    """Where the std-domain labels are, seen from the page being written: each label's
    page and anchor, and each page's address relative to this one (computed once)."""

    def __init__(self, env: BuildEnvironment, here: str | None = None) -> None:
        self.builder = builder_of(env)
        self.labels = env.domains.standard_domain.anonlabels
        self.here = env.docname if here is None else here  # here: once transforms are done
        self.uris: dict[str, str] = {}

    def find(self, target: str, location: nodes.Node) -> tuple[str, str] | None:
        """The page and anchor of ``target``; an unknown label is a warning and None."""
        docname, anchor = self.labels.get(target, (None, None))
        if docname is None or anchor is None:
            logger.warning(
                f"undefined label: {target!r}", location=location, type="ref", subtype="ref"
            )
            return None
        return docname, anchor

    def uri(self, docname: str) -> str:
        """The address of page ``docname`` from this page ("" for this page itself)."""
        if docname == self.here:
            return ""
        if docname not in self.uris:
            self.uris[docname] = self.builder.get_relative_uri(self.here, docname)
        return self.uris[docname]


class LabelLinks(SphinxPostTransform):
    """Point every edition link at its label's page and anchor (as Sphinx's ``ref`` role
    would); an unknown label is a warning and leaves the text unlinked."""

    default_priority = 8  # after the register and bibliography lists are filled (6, 7)

    def run(self, **kwargs: Any) -> None:
        targets = LabelTargets(self.env)
        for ref in list(self.document.findall(nodes.reference)):
            page_target = ref.get(PAGE_TARGET)
            if page_target is not None:
                del ref[PAGE_TARGET]
                page, _, anchor = page_target.partition("#")
                if page == targets.here:
                    ref["refid"] = anchor
                else:
                    ref["refuri"] = targets.uri(page) + (f"#{anchor}" if anchor else "")
                continue
            target = ref.get(TARGET)
            if target is None:
                continue
            del ref[TARGET]
            found = targets.find(target, ref)
            if found is None:
                ref.replace_self(ref.children)
                continue
            docname, anchor = found
            if docname == targets.here:
                ref["refid"] = anchor
            else:
                ref["refuri"] = f"{targets.uri(docname)}#{anchor}"


def setup_xref(app: Sphinx) -> None:
    app.add_post_transform(LabelLinks)
