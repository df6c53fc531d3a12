"""What a ``{para}`` link shows: ``¶ 3`` or ``note 5``, prefixed with the document's short
title when it leads to another page. The page, its search text and the incremental
bookkeeping all take the text from here."""

from __future__ import annotations

from ..core.model import Source
from ..data.notes import para_target
from ..data.project import Project


def target_text(source: Source, anchor: str, same_page: bool) -> str | None:
    """``¶ 3`` or ``note 5`` (prefixed by the document's short title on another page)."""
    block = next((b for b in source.original.rendered if b.id == anchor), None)
    if block is not None:
        text = f"¶ {block.label}"
    else:
        note = next((n for n in source.notes if n.id == anchor), None)
        if note is None:
            return None
        text = f"note {note.number}"
    return text if same_page else f"{source.meta.short_title}, {text}"


def link_text(project: Project, docname: str, value: str) -> tuple[str, str, str | None]:
    """The target (slug, anchor) of ``{para}`value``` on page ``docname``, and the link's
    text (None when there is no such paragraph or note)."""
    here = docname.removeprefix("sources/")
    slug, anchor = para_target(value, here)
    source = project.sources.get(slug)
    text = target_text(source, anchor, slug == here) if source else None
    return slug, anchor, text
