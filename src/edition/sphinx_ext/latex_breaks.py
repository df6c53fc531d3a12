"""Where the printed book may break a line inside a long token: a URL after its slashes and
dots, a checksum every 16 digits. Either would otherwise run out of its narrow column."""

from __future__ import annotations

import itertools
import re

from docutils import nodes

NO_BREAKS = (nodes.raw, nodes.title, nodes.literal, nodes.literal_block, nodes.caption)
LONG_TOKEN = re.compile(r"\S{25,}")
BREAK_AFTER = re.compile(r"(?<=[/._\-?=&#])")
HASH = re.compile(r"[0-9a-f]{32,}")


def breakable(text: str) -> list[nodes.Node]:
    """``text`` with break points after the slashes and dots of long tokens (URLs), which
    would otherwise run out of their column."""
    parts: list[nodes.Node] = []
    position = 0
    for token in LONG_TOKEN.finditer(text):
        parts.append(nodes.Text(text[position : token.start()]))
        pieces = [p for p in BREAK_AFTER.split(token.group()) if p]
        for index, piece in enumerate(pieces):
            if index:
                parts.append(nodes.raw("", "\\allowbreak{}", format="latex"))
            parts.append(nodes.Text(piece))
        position = token.end()
    parts.append(nodes.Text(text[position:]))
    return [p for p in parts if not isinstance(p, nodes.Text) or str(p)]


def breakable_hash(literal: nodes.literal) -> list[nodes.Node]:
    """An inline literal holding a checksum (64 hex digits, wider than a column), as pieces
    of 16 digits that may break between them."""
    text = literal.astext()
    cuts = sorted(
        {0, len(text)}
        | {cut for run in HASH.finditer(text) for cut in range(run.start() + 16, run.end(), 16)}
    )
    parts: list[nodes.Node] = []
    for start, end in itertools.pairwise(cuts):
        if parts:
            parts.append(nodes.raw("", "\\allowbreak{}", format="latex"))
        parts.append(nodes.literal(text[start:end], text[start:end], classes=literal["classes"]))
    return parts
