"""The one YAML dialect the writing commands emit: scalars that read back exactly.

A string that YAML 1.1 (PyYAML, which ``edition check`` uses) or YAML 1.2 (ruamel) would
read as something else (``no``, ``on``, ``1.0``, ``2019-07-25``, ``null``, ``~``) is quoted;
a character that YAML may not hold raw (a form feed, U+2028) is escaped.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from ruamel.yaml.nodes import ScalarNode as RuamelScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

_STR_TAG = "tag:yaml.org,2002:str"
_PYYAML_RESOLVER = yaml.resolver.Resolver()
_YAML12_RESOLVER = VersionedResolver(version=(1, 2))
# YAML 1.1's booleans that PyYAML leaves out; other YAML 1.1 readers take them as booleans.
_SHORT_BOOLEANS = frozenset({"y", "Y", "n", "N"})
# Characters YAML may not hold raw in a one-line scalar: controls, line breaks (YAML 1.1
# counts NEL, U+2028 and U+2029 as line breaks), the byte-order mark, non-characters.
_NEEDS_ESCAPE = re.compile(
    "[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def is_plain_string(value: str) -> bool:
    """Whether ``value`` written without quotes is read back as this string by YAML 1.1
    (PyYAML, ``edition check``) and YAML 1.2 (ruamel) alike."""
    if not value or value in _SHORT_BOOLEANS or _NEEDS_ESCAPE.search(value):
        return False
    implicit = (True, False)
    if _PYYAML_RESOLVER.resolve(yaml.ScalarNode, value, implicit) != _STR_TAG:
        return False
    if _YAML12_RESOLVER.resolve(RuamelScalarNode, value, implicit) != _STR_TAG:
        return False
    return _reads_back(f"[{value}]", [value]) and _reads_back(f"k: {value}\n", {"k": value})


def _reads_back(text: str, expected: Any) -> bool:
    try:
        return bool(yaml.load(text, Loader=yaml.BaseLoader) == expected)
    except yaml.YAMLError:
        return False


def double_quoted(value: str) -> str:
    """``value`` as a double-quoted scalar, every special character escaped."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in _ESCAPES:
            return _ESCAPES[char]
        code = ord(char)
        return (
            f"\\x{code:02X}"
            if code < 0x100
            else f"\\u{code:04X}"
            if code < 0x10000
            else (f"\\U{code:08X}")
        )

    return '"' + re.sub(r'["\\]|' + _NEEDS_ESCAPE.pattern, escape, value) + '"'


def scalar(value: str, *, quote: bool = False) -> str:
    """``value`` as a one-line YAML scalar that reads back exactly, in block or flow context:
    plain if that is safe (and ``quote`` is not asked), else single-quoted, else escaped."""
    if not quote and is_plain_string(value) and not re.search(r"[,\[\]{}]", value):
        return value
    if not _NEEDS_ESCAPE.search(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


def ruamel_scalar(value: str) -> str:
    """``value`` for ruamel.yaml to dump: a plain str where that is safe, else quoted."""
    if is_plain_string(value):
        return value
    if not _NEEDS_ESCAPE.search(value):
        return SingleQuotedScalarString(value)
    return DoubleQuotedScalarString(value)


def block_text(value: str, indent: str) -> str:
    """``value`` after a key: a literal block (``|-``) for text of several lines, so that
    editors see the lines as they are; a one-line scalar when a literal block could not
    hold it (special characters, spaces at the start, a trailing line break)."""
    literal = "|-\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in value.split("\n"))
    safe = (
        "\n" in value
        and not _NEEDS_ESCAPE.search(value.replace("\n", ""))
        and value[:1] not in (" ", "\t", "")
        and not value.endswith("\n")
    )
    if safe and _reads_back(f"k: {literal}", {"k": value}):
        return literal
    return scalar(value) + "\n"
