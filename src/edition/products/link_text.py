"""What a ``{para}`` link shows: ``¶ 3`` or ``note 5``, prefixed with the document's short
title when it leads to another page. The page, its search text and the incremental
bookkeeping all take the text from here."""

from __future__ import annotations

from ..core.model import Document, paragraph_label
from ..data.notes import para_target
from ..data.project import Project


def target_text(document: Document, anchor: str, same_page: bool) -> str | None:
    """``¶ 3`` or ``note 5`` (prefixed by the document's short title on another page)."""
    if anchor in document.paragraphs:
        text = f"¶ {paragraph_label(anchor)}"
    else:
        note = next((n for n in document.notes if n.id == anchor), None)
        if note is None:
            return None
        text = f"note {note.number}"
    return text if same_page else f"{document.meta.short_title}, {text}"


def link_text(project: Project, docname: str, value: str) -> tuple[str, str, str | None]:
    """The target (slug, anchor) of ``{para}`value``` on page ``docname``, and the link's
    text (None when there is no such paragraph or note)."""
    here = docname.removeprefix("sources/")
    slug, anchor = para_target(value, here)
    document = project.documents.get(slug)
    text = target_text(document, anchor, slug == here) if document else None
    return slug, anchor, text
