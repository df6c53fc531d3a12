"""Putting text safely into generated MyST: plain text escaped, contributed MyST gated."""

from __future__ import annotations

import re

from sphinx.util import logging

from ..core.problems import Code
from ..data.safety import refusals

logger = logging.getLogger(__name__)

# CommonMark lets a backslash escape any ASCII punctuation: escaping all of it
# means no character of the text can start markup, an entity or a link.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape(text: str) -> str:
    """``text`` as MyST that renders exactly as ``text`` (line breaks become spaces)."""
    return _PUNCT.sub(r"\\\1", " ".join(text.split()))


def gated(text: str, what: str) -> str:
    """``text`` if the contribution gate allows it, else nothing and a warning: the build
    applies the gate of ``edition check`` again where contributed MyST is parsed."""
    refused = refusals(text)
    if not refused:
        return text
    logger.warning(
        f"{what}: not rendered: {refused[0].what}, which contributed text may not use",
        type="edition",
        subtype=str(Code.UNSAFE),
    )
    return ""
