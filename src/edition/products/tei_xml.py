"""What every TEI file of the edition shares: the namespace, element building, the header's
common parts, and the contributed MyST (note bodies, descriptions) turned into TEI.

The MyST has passed the contribution gate (:mod:`edition.data.safety`): only paragraphs,
emphasis, lists, block quotes, inline code, http(s)/mailto links and the edition's roles
occur. Each becomes its TEI counterpart; text is always set as text, never parsed as XML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from xml.etree import ElementTree

from markdown_it.token import Token

from ..data.gate_parser import gate_parser
from .citation import Edition

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"
ElementTree.register_namespace("", TEI)

# The edition's own statement of its licence (README.md, "Licence").
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = (
    "The editors' translations and apparatus: CC BY 4.0. The source texts are quoted for "
    "scholarly purposes; their rights remain with their owners."
)
EDITORS_ID = "editors"
# The editors' verification marks as TEI's @cert.
CERTAINTY = {"verified": "high", "partly verified": "medium", "unverified": "low"}

Element = ElementTree.Element
# How a {cite} key or a {para} target reads and where it points: (text, target).
Resolver = Callable[[str, str], tuple[str, str]]


def tei(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> Element:
    names = {_name(k): v for k, v in attrib.items()} if attrib else {}
    element = Element(f"{{{TEI}}}{tag}", names)
    element.text = text
    return element


def sub(
    parent: Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None
) -> Element:
    element = tei(tag, attrib, text)
    parent.append(element)
    return element


@lru_cache(maxsize=256)
def _name(attribute: str) -> str:
    """``xml:id`` and ``xml:lang`` are in the XML namespace; other attributes in none."""
    return f"{{{XML}}}{attribute[4:]}" if attribute.startswith("xml:") else attribute


@lru_cache(maxsize=16384)  # the register's IDs, met at every mention
def xml_id(value: str) -> str:
    """An NCName from an edition ID or BibTeX key (which may hold ``:`` or ``+``)."""
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", value)
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def publication_statement(edition: Edition, url: str | None) -> Element:
    statement = tei("publicationStmt")
    sub(statement, "publisher", text=edition.editors)
    sub(statement, "date", {"when": edition.issued}, edition.issued)
    if url:
        sub(statement, "idno", {"type": "URL"}, url)
    availability = sub(statement, "availability")
    sub(availability, "licence", {"target": LICENCE_URL}, LICENCE_TEXT)
    return statement


def editors_statement(title: str, edition: Edition, resp: str) -> Element:
    statement = tei("titleStmt")
    sub(statement, "title", {"type": "main"}, title)
    responsibility = sub(statement, "respStmt")
    sub(responsibility, "resp", text=resp)
    sub(responsibility, "name", {"xml:id": EDITORS_ID}, edition.editors)
    return statement


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[Token, ...]:
    """A note's tokens, read (never changed) by the TEI and by both annotation formats."""
    return tuple(gate_parser().parse(text))


def myst_blocks(text: str, resolve: Resolver) -> list[Element]:
    """Gated MyST as TEI block elements (``p``, ``list``, ``quote``)."""
    tokens = _tokens(text)
    root = tei("root")
    stack = [root]
    for token in tokens:
        if token.type in ("paragraph_open",):
            stack.append(sub(stack[-1], "p"))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            rend = "numbered" if token.type.startswith("ordered") else "bulleted"
            stack.append(sub(stack[-1], "list", {"rend": rend}))
        elif token.type == "list_item_open":
            stack.append(sub(stack[-1], "item"))
        elif token.type == "blockquote_open":
            stack.append(sub(stack[-1], "quote"))
        elif token.type.endswith("_close"):
            stack.pop()
        elif token.type == "inline":
            _inline(stack[-1], token.children or [], resolve)
    return list(root)


def _inline(parent: Element, tokens: list[Token], resolve: Resolver) -> None:
    stack = [parent]
    for token in tokens:
        here = stack[-1]
        if token.type == "em_open":
            stack.append(sub(here, "hi", {"rend": "italic"}))
        elif token.type == "strong_open":
            stack.append(sub(here, "hi", {"rend": "bold"}))
        elif token.type == "link_open":
            stack.append(sub(here, "ref", {"target": str(token.attrs.get("href", ""))}))
        elif token.type in ("em_close", "strong_close", "link_close"):
            stack.pop()
        elif token.type == "code_inline":
            sub(here, "code", text=token.content)
        elif token.type == "myst_role":
            text, target = resolve(str(token.meta.get("name", "")), token.content)
            kind = "bibl" if token.meta.get("name", "").startswith("cite") else "para"
            sub(here, "ref", {"type": kind, "target": target}, text)
        elif token.type in ("softbreak", "hardbreak"):
            append_text(here, "\n" if token.type == "hardbreak" else " ")
        else:
            append_text(here, token.content)


def append_text(parent: Element, text: str) -> None:
    """Add text after the last child of ``parent`` (ElementTree keeps it in a tail)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def plain_myst(text: str) -> str:
    """Gated MyST as plain text (for attributes and short fields): the words only."""
    if not re.search(r"[*_`\[\]{}<>\\&#\n]", text):
        return text.strip()  # no markup at all (most register descriptions): no parse
    words = []
    for token in gate_parser().parse(text):
        for child in token.children or []:
            if child.type in ("text", "code_inline", "myst_role"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type == "paragraph_close":
            words.append("\n")
    return "".join(words).strip()
