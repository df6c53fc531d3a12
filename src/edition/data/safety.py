"""The contribution boundary: contributed text is data, never code.

Every string a contributor writes in a data file (notes, metadata, register, mentions,
retirements) is parsed as MyST, with the markdown-it parser and plugins that MyST itself
uses, and only what an annotation needs is allowed (:data:`ALLOWED`): paragraphs, emphasis,
lists, block quotes, links to http(s) and mailto addresses, inline code, and the edition's
roles. Everything else is refused with its line: every directive (they read files, embed
remote resources, run code), every other role, raw HTML, substitutions (``{{ … }}``,
``{% … %}``: MyST renders them with Jinja2), images, headings, tables, footnotes, targets,
comments. Refusing what is not known, rather than listing what is dangerous, is the point:
a new directive or a new spelling of an old one is refused without a change here.

Transcriptions, translations and phrases quoted from them are literal text, not parsed.

The same gate runs in ``edition check`` and in the Sphinx build, which renders nothing it
refused (:func:`check_myst_config`: the build's MyST syntax is the one the gate knows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.problems import Code, Problem, excerpt
from .gate_parser import gate_parser
from .remembered import remembered
from .yamlio import LocatedDict, LocatedList

if TYPE_CHECKING:
    from markdown_it.token import Token

# The only link targets contributed text (MyST links, bibliography url, doi, \url, \href)
# may have: every other scheme, and every relative target, is refused.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")

# The roles a note may use: sphinxcontrib-bibtex's citations and the edition's own links.
ALLOWED_ROLES = frozenset({"cite", "cite:p", "cite:t", "para"})
# The MyST syntax extensions the build may enable (check_myst_config): the gate's parser
# knows them, so that nothing parses as markup there that was text here. The gate also
# knows substitutions ({{ … }}), only to refuse them: the build never enables them.
BUILD_EXTENSIONS = frozenset({"colon_fence", "deflist", "fieldlist"})

ALLOWED = (
    "paragraphs, *emphasis*, **strong**, lists, > block quotes, `code`, "
    "[links](https://…) to http(s) or mailto addresses, and the roles "
    + ", ".join(f"{{{role}}}" for role in sorted(ALLOWED_ROLES))
)

# Token types (without _open/_close) that carry nothing but structure or plain text.
_ALLOWED_TOKENS = frozenset(
    {
        "paragraph",
        "inline",
        "text",
        "softbreak",
        "hardbreak",
        "em",
        "strong",
        "bullet_list",
        "ordered_list",
        "list_item",
        "blockquote",
        "code_inline",
    }
)
# What each refused token is, in a contributor's words.
_REFUSED_NAMES = {
    "html_block": "raw HTML",
    "html_inline": "raw HTML",
    "fence": "a code fence or directive",
    "colon_fence": "a directive",
    "code_block": "an indented code block",
    "image": "an image",
    "heading": "a heading",
    "lheading": "a heading",
    "hr": "a horizontal rule",
    "table": "a table",
    "footnote_ref": "a footnote",
    "footnote_block": "a footnote",
    "footnote": "a footnote",
    "footnote_reference": "a footnote",
    "myst_target": "a target label",
    "myst_line_comment": "a comment",
    "myst_block_break": "a block break",
    "front_matter": "front matter",
    "field_list": "a field list",
    "dl": "a definition list",
    "substitution_inline": "a template expression ({{ … }} or {% … %})",
    "substitution_block": "a template expression ({{ … }} or {% … %})",
}
# Jinja2 statements and expressions: never data, whatever the parser makes of them.
_TEMPLATE = re.compile(r"\{[{%#]")


def link_refusal(target: str) -> str | None:
    """None when ``target`` is an absolute http(s) or mailto address; else what it is."""
    match = _SCHEME.match(target.strip())
    if match is None:
        return f"a link to {excerpt(target)} (links go to http, https or mailto addresses)"
    if match.group(1).lower() not in SAFE_SCHEMES:
        return f"a {match.group(1).lower()}: link"
    return None


@dataclass(frozen=True)
class Refusal:
    """Something contributed text may not use, at a 0-based line and 1-based column."""

    line: int
    column: int
    what: str


def _refused_token(token: Token) -> str | None:
    base = token.type.removesuffix("_open").removesuffix("_close")
    if token.type == "link_open":
        return link_refusal(str(token.attrGet("href") or ""))
    if base == "link":
        return None
    if token.type == "myst_role":
        name = str(token.meta.get("name", ""))
        return None if name in ALLOWED_ROLES else f"the role {{{name}}}"
    if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
        name = token.info.strip()[1:].partition("}")[0]
        return f"the directive {{{name}}}"
    if base in _ALLOWED_TOKENS:
        return None
    return _REFUSED_NAMES.get(base, f"markup of the kind {base!r}")


def _needle(token: Token) -> str:
    """Text to look for in the source line, to give a refusal its column."""
    if token.type == "myst_role":
        return "{" + str(token.meta.get("name", ""))
    if token.type == "link_open":
        return str(token.attrGet("href") or "")
    if token.type.startswith("substitution"):
        return "{{"
    return token.markup or token.content.split("\n")[0]


def _tokens(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    """Every token with its 0-based line, inline children included; the parts of a
    refused block (the cells of a table, the items of a definition list) are left out."""
    line = 0
    refused_at: int | None = None  # the level of the refused block being skipped
    for token in tokens:
        if refused_at is not None:
            if token.nesting == -1 and token.level == refused_at:
                refused_at = None
            continue
        if token.map:
            line = token.map[0]
        yield token, line
        if token.nesting == 1 and _refused_token(token) is not None:
            refused_at = token.level
            continue
        child_line = line
        for child in token.children or []:
            yield child, child_line
            if child.type in ("softbreak", "hardbreak"):
                child_line += 1
            elif child.content:
                child_line += child.content.count("\n")


# One line of plain prose (no markup character, no newline, a first character that opens
# no block) holds nothing to refuse: most of a large register, not parsed (a property test
# holds this shortcut to the parser's verdict).
_PLAIN = re.compile(r"(?![(][^\n]*[)]=)[\w\"'«“‘(][^\n\t\r`<\[\]{}\\$*_~]*")


def refusals(text: str) -> list[Refusal]:
    """What in the MyST ``text`` contributed text may not use (empty when it is allowed)."""
    if _PLAIN.fullmatch(text):
        return []
    return parsed_refusals(text)


def parsed_refusals(text: str) -> list[Refusal]:
    """:func:`refusals`, always by parsing ``text`` (the shortcut's reference)."""
    lines = text.split("\n")
    found: list[Refusal] = []
    seen: set[tuple[int, str]] = set()

    def add(line: int, needle: str, what: str) -> None:
        if (line, what) in seen:
            return
        seen.add((line, what))
        source = lines[line] if 0 <= line < len(lines) else ""
        column = source.find(needle) + 1 if needle and needle in source else 1
        found.append(Refusal(line, column, what))

    for token, line in _tokens(gate_parser().parse(text)):
        what = None if token.nesting == -1 else _refused_token(token)
        if what is not None:
            add(line, _needle(token), what)
    for number, source in enumerate(lines):
        for match in _TEMPLATE.finditer(source):
            add(number, match.group(), "a template expression ({{ … }} or {% … %})")
    return sorted(found, key=lambda r: (r.line, r.column))


def problems_in(text: str, path: Path, start: tuple[int, int], field_name: str) -> list[Problem]:
    """One located problem per refusal in ``text``, a value that starts at ``start``
    (line and column of its first character in the file); ``field_name`` opens the message."""
    return [
        Problem(
            path,
            start[0] + refusal.line,
            # A block scalar's lines share its indentation: the offset holds on every line.
            start[1] + refusal.column - 1,
            Code.UNSAFE,
            f"{field_name}: {refusal.what}, which contributed text may not use",
            f"allowed: {ALLOWED}",
        )
        for refusal in refusals(text)
    ]


def scan(
    data: Any, path: Path, literal_keys: frozenset[str] = frozenset(), subject: str = ""
) -> list[Problem]:
    """A problem at each refusal in each string of ``data``; the values of
    ``literal_keys`` (texts rendered literally) are not parsed. ``subject`` (``note 'n-x'``)
    opens each message, before the field's name."""
    parts = ("scan", ",".join(sorted(literal_keys)), subject)  # kept with a parsed file
    return remembered(data, parts, lambda: _scan(data, path, literal_keys, subject))


def _scan(data: Any, path: Path, literal_keys: frozenset[str], subject: str) -> list[Problem]:
    problems: list[Problem] = []
    prefix = f"{subject}: " if subject else ""
    # Depth first in the file's order, with a stack: a recursive inner function would be
    # a reference cycle, garbage that only the cycle collector frees.
    stack = [(data, (getattr(data, "line", 1), getattr(data, "column", 1)), "value")]
    while stack:
        node, where, name = stack.pop()
        if isinstance(node, str):
            problems.extend(problems_in(node, path, where, prefix + name))
        elif isinstance(node, LocatedDict):
            keys = [key for key in node if key not in literal_keys]
            stack.extend((node[key], node.value_where(key), key) for key in reversed(keys))
        elif isinstance(node, LocatedList):
            items = list(zip(node, node.item_content_lines, strict=True))
            stack.extend((item, position, name) for item, position in reversed(items))
    return problems


def check_myst_config(enabled_extensions: list[str] | set[str]) -> str | None:
    """Why the build may not run with these MyST extensions (None when it may)."""
    unknown = sorted(set(enabled_extensions) - BUILD_EXTENSIONS)
    if not unknown:
        return None
    return (
        f"myst_enable_extensions has {', '.join(unknown)}, which the contribution gate "
        f"(edition.safety) does not check: the build allows only "
        f"{', '.join(sorted(BUILD_EXTENSIONS))}. Substitutions render {{{{ … }}}} with "
        "Jinja2 and are never enabled; for another extension, teach the gate its syntax first."
    )
