"""Putting plain text safely into generated MyST."""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation: escaping all of it
# means no character of the text can start markup, an entity or a link.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """``text`` as MyST that renders exactly as ``text`` (line breaks become spaces)."""
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))
