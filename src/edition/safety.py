"""Contributed content cannot inject markup or script.

Every string of every data file a contributor edits (notes, metadata, register, mentions,
retirements) is scanned, except the transcriptions and translations themselves and the
phrases quoted from them, which the edition always renders as literal text. Found: raw HTML
(and with it iframes, scripts and event-handler attributes), directives and roles that
bring in unchecked content, and links to ``javascript:``, ``data:`` or ``vbscript:`` URLs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .problems import Code, Problem
from .yamlio import LocatedDict, LocatedList

SCHEMES = r"(?:javascript|data|vbscript|file)"
# The only link targets contributed text (MyST links, bibliography url, doi, \url, \href)
# may have: every other scheme, and every relative target, is refused.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def link_refusal(target: str) -> str | None:
    """None when ``target`` is an absolute http(s) or mailto address; else why not."""
    match = _SCHEME.match(target.strip())
    if match is None:
        return f"a link to {excerpt(target)}, which is not an http(s) or mailto address"
    if match.group(1).lower() not in SAFE_SCHEMES:
        return f"a link with the scheme {match.group(1).lower()}:, which is not allowed"
    return None


def excerpt(value: str, limit: int = 40) -> str:
    """``value`` shortened for a message: a problem never echoes a whole file."""
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
UNSAFE = (
    # An HTML tag: MyST passes raw HTML through. Autolinks <https://…> are allowed.
    (re.compile(r"<(?!https?://|mailto:)\s*/?\s*[A-Za-z!?]"), "raw HTML"),
    (re.compile(r"(?i)\bon[a-z]+\s*=\s*[\"']"), "an event-handler attribute"),
    (
        re.compile(r"[`:~]{3,}\s*\{(?:raw|include|literalinclude|eval-rst|iframe|embed)\}"),
        "a directive that brings in raw or unchecked content",
    ),
    (re.compile(r"\{(?:raw|eval-rst)(?::[a-z-]+)?\}`"), "a raw role"),
    (
        re.compile(rf"(?i)(?:\]\(\s*<?\s*|<|^\s*\[[^\]]+\]:\s*){SCHEMES}:", re.MULTILINE),
        "a javascript:, data: or file: link",
    ),
)


def unsafe(text: str) -> list[str]:
    """What in ``text`` a contributor may not use (empty when it is safe)."""
    return [what for pattern, what in UNSAFE if pattern.search(text)]


def scan(data: Any, path: Path, literal_keys: frozenset[str] = frozenset()) -> list[Problem]:
    """A problem at each string of ``data`` with unsafe content; the values of
    ``literal_keys`` (texts rendered literally) are not scanned."""
    problems: list[Problem] = []

    def visit(node: Any, where: tuple[int, int]) -> None:
        if isinstance(node, LocatedDict):
            for key, value in node.items():
                if key not in literal_keys:
                    visit(value, node.where(key))
        elif isinstance(node, LocatedList):
            for item, position in zip(node, node.item_lines, strict=True):
                visit(item, position)
        elif isinstance(node, str):
            for what in unsafe(node):
                problems.append(
                    Problem(
                        path,
                        *where,
                        Code.UNSAFE,
                        f"contains {what}, which contributed content may not use",
                        "write plain text or MyST: emphasis, links to http(s) pages, "
                        "{cite:p} and {para} roles",
                    )
                )

    visit(data, (getattr(data, "line", 1), getattr(data, "column", 1)))
    return problems
