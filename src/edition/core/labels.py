"""How the edition names its anchors and cross-reference labels, in one place.

A paragraph or note is at ``#<id>`` on its document's page (``p3``, ``n-kim``), its
footnote mark at ``#<note id>-mark``; a register entry at ``#<entry id>`` on its register
page, an event also at ``#chrono-<id>`` in the chronology. Links are made by label, so that
they resolve in every builder: ``<slug>-<id>`` for a paragraph or note, ``reg-<id>`` for a
register entry.
"""

from __future__ import annotations


def label(slug: str, anchor: str) -> str:
    """The label of a paragraph or note of document ``slug``."""
    return f"{slug}-{anchor}"


def register_label(entry_id: str) -> str:
    """The label of a register entry."""
    return f"reg-{entry_id}"


def chronology_anchor(event_id: str) -> str:
    """The anchor of an event on the chronology page."""
    return f"chrono-{event_id}"
