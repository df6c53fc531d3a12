"""Cross-references to labels, made once for every feature that links a paragraph, a note
or a register entry."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


def std_ref(target: str, text: str, classes: list[str] | None = None) -> addnodes.pending_xref:
    """A link to the std-domain label ``target`` showing ``text`` literally; it resolves in
    every builder, and a missing label is a warning (so -W fails the build)."""
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="ref",
        reftarget=target,
        refexplicit=True,
        refwarn=True,
        classes=classes or [],
    )
    ref += nodes.inline(text, text)
    return ref
