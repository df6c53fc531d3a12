"""YAML loading that remembers where every mapping, key and list item came from.

PyYAML's composer gives each node a start mark; we construct plain Python data
from the node tree ourselves, keeping those marks, so that every problem can be
reported with the file and line a contributor has to edit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..core.problems import Code, DataError, Problem, excerpt
from .parse_cache import KEY_ATTRIBUTE, MAX_BYTES, active_cache

try:  # the C loader is much faster; fall back when libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


class LocatedDict(dict[str, Any]):
    """A mapping with the 1-based line/column of itself and of each key."""

    line: int = 0
    column: int = 0
    key_lines: dict[str, tuple[int, int]]
    value_lines: dict[str, tuple[int, int]]

    def where(self, key: str) -> tuple[int, int]:
        return self.key_lines.get(key, (self.line, self.column))

    def value_where(self, key: str) -> tuple[int, int]:
        """Where the value of ``key`` starts: its first character, inside any quotes or
        block-scalar header, so that a place in the value can be located in the file."""
        return self.value_lines.get(key, self.where(key))


class LocatedList(list[Any]):
    """A sequence with the 1-based line/column of itself and of each item."""

    line: int = 0
    column: int = 0
    item_lines: list[tuple[int, int]]
    item_content_lines: list[tuple[int, int]]  # as LocatedDict.value_where, per item


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _content_pos(node: yaml.Node, lines: list[str]) -> tuple[int, int]:
    """Where a scalar's text begins: after its quote, or on the line after ``|``/``>``."""
    line, column = _pos(node)
    style = getattr(node, "style", None)
    if style in ("'", '"'):
        return line, column + 1
    if style in ("|", ">"):
        # The first line of the block holding text gives the block's indentation.
        for number in range(line, len(lines)):
            if lines[number].strip():
                return number + 1, len(lines[number]) - len(lines[number].lstrip(" ")) + 1
    return line, column


_AS_WRITTEN = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
# Deeper collections are a mistake or an attack: libyaml's composer recurses once per
# level, and 130 KB of "[" overflow its C stack (SIGSEGV, no exception). The edition's own
# files nest four or five levels.
MAX_DEPTH = 64
# Spaces and block indicators that open a line: a block collection starts within them, or
# just after, so their length bounds the block nesting of the line.
_LINE_OPENING = re.compile(r"^[ \t?:-]*", re.MULTILINE)


def _build(node: yaml.Node, loader: Any, seen: set[int] | None = None) -> Any:
    seen = set() if seen is None else seen
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # An alias (*name) brings back a node already built: refused, since nested
        # aliases can multiply a small file into gigabytes ("billion laughs").
        if id(node) in seen:
            raise DataError(
                [
                    Problem(
                        Path(loader.name),
                        *_pos(node),
                        Code.YAML,
                        "YAML anchors and aliases (&name, *name) are not allowed in data files",
                        "write the content out in full",
                    )
                ]
            )
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.line, result.column = _pos(node)
        result.key_lines = {}
        result.value_lines = {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader, seen)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise DataError(
                    [
                        Problem(
                            Path(loader.name),
                            *_pos(key_node),
                            Code.YAML,
                            f"key {key!r} appears twice in one mapping",
                            "remove or rename one of the two keys",
                        )
                    ]
                )
            result.key_lines[key] = _pos(key_node)
            result.value_lines[key] = _content_pos(value_node, loader.edition_lines)
            result[key] = _build(value_node, loader, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_build(item, loader, seen) for item in node.value)
        items.line, items.column = _pos(node)
        items.item_lines = [_pos(item) for item in node.value]
        items.item_content_lines = [_content_pos(item, loader.edition_lines) for item in node.value]
        return items
    # Dates stay strings: the schemas and the edition treat them as text. Strings, nearly
    # every scalar, are their own value; PyYAML's general constructor is slow for them.
    if node.tag in _AS_WRITTEN:
        return node.value
    return loader.construct_object(node, deep=True)


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth of ``text``, found without parsing: every flow
    bracket might open a level, and block levels need growing indentation (a sequence may
    sit at its key's indentation, hence two levels per column)."""
    flow = text.count("[") + text.count("{")
    reach = max((len(opening) for opening in _LINE_OPENING.findall(text)), default=0)
    return 1 + flow + 2 * (reach + 1)


def _too_deep(text: str, path: Path) -> Problem | None:
    """The first collection nested deeper than :data:`MAX_DEPTH`, if any. Ordinary files
    are cleared by :func:`_nesting_bound`; the others are counted exactly from libyaml's
    event stream, whose parser keeps explicit stacks and does not recurse (only the
    composer does)."""
    if _nesting_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                return Problem(
                    path,
                    line,
                    column,
                    Code.YAML,
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                    "check the brackets and the indentation",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _unreadable_scalar(root: yaml.Node, loader: Any, path: Path) -> Problem:
    """The first scalar Python cannot make a value of (an int of 5,000 digits, ``!!int x``),
    placed on its line; found only once building the data has failed."""

    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in reversed(node.value) for part in reversed(pair)]
        elif isinstance(node, yaml.SequenceNode):
            stack += reversed(node.value)
        elif node.tag not in _AS_WRITTEN:
            loader.recursive_objects.clear()  # the failed attempt left its node marked
            try:
                loader.construct_object(node, deep=True)
            except (ValueError, KeyError, TypeError, OverflowError):
                kind = node.tag.rpartition(":")[2]
                return Problem(
                    path,
                    *_pos(node),
                    Code.YAML,
                    f"{excerpt(node.value)} cannot be read as {kind}",
                    "correct the value, or put it in quotes to make it text",
                )
    return Problem(path, 0, 0, Code.YAML, "a value cannot be read", "check the file")


def parse_yaml(text: str, path: Path) -> Any:
    """Parse one YAML document from ``text``; problems raise :class:`DataError`."""
    loader = _Loader(text)
    loader.name = str(path)
    loader.edition_lines = text.split("\n")  # for the positions of block scalars' text
    try:
        deep = _too_deep(text, path)
        if deep is not None:
            raise DataError([deep])
        node = loader.get_single_node()
        if node is None:
            raise DataError([Problem(path, 1, 1, Code.YAML, "the file is empty", "see the schema")])
        try:
            return _build(node, loader)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise DataError([_unreadable_scalar(node, loader, path)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"not valid YAML: {exc.problem or exc.context}"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            message = "not valid YAML: a tab; YAML indents with spaces only"
        raise DataError(
            [Problem(path, line, column, Code.YAML, message, "fix the YAML syntax here")]
        ) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(path, 0, 0, Code.YAML, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Any:
    """Read and parse a UTF-8 YAML file; problems raise :class:`DataError`."""
    if path.is_symlink():
        # A link could bring in any file of the machine: data is read from the repository.
        raise DataError(
            [
                Problem(
                    path,
                    0,
                    0,
                    Code.YAML,
                    "the file is a symbolic link; data files are read only from the "
                    "repository itself",
                    "replace the link by the file",
                )
            ]
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [
                    Problem(
                        path,
                        0,
                        0,
                        Code.YAML,
                        f"the file has {size / 1024 / 1024:.1f} MB; a data file may have at "
                        f"most {MAX_BYTES // 1024 // 1024} MB",
                        "split the content, or check that the right file was saved here",
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(path, 0, 0, Code.YAML, f"cannot read the file: {exc}")]) from None
    try:
        # utf-8-sig: a byte-order mark, as some editors write, is accepted and dropped.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise DataError(
            [
                Problem(
                    path,
                    line,
                    column,
                    Code.YAML,
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    cache = active_cache()
    if cache is None:
        return parse_yaml(text, path)
    key = cache.key(path, raw)
    cache.file_keys[path] = key
    parsed = cache.get(key)
    if parsed is None:
        parsed = parse_yaml(text, path)
        cache.put(key, parsed)
    if isinstance(parsed, LocatedDict):
        setattr(parsed, KEY_ATTRIBUTE, key)  # its checks are kept under the same key
    return parsed
