"""JSON Schema validation of the data files, with errors placed on file lines, and the
checks of dates a schema cannot make (2019-02-30, a range that ends before it begins)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.dates import parse_date
from ..core.problems import Code, Problem, excerpt
from .remembered import remembered
from .yamlio import LocatedDict, LocatedList

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_NAMES = ("text", "source", "notes", "register", "mentions", "anchors-lock", "retired")


def _schema(name: str) -> dict[str, Any]:
    text = files("edition.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    # The validators are imported when a file is first validated: a check of files all
    # kept in the parse cache (a pre-commit hook's) never needs them.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(name))


@cache
def quick_validator(name: str) -> Callable[[Any], Any]:
    """A compiled validator that only says yes or no: validating a register of thousands
    of entries with jsonschema took seconds of every build; this takes a fraction. The
    schemas use only keywords draft 7 has (``$defs`` is reached by JSON pointer), so
    fastjsonschema compiles them as draft 7; a test proves both agree on every case of
    the malformed corpus and on the edition's own files."""
    import fastjsonschema

    schema = {**_schema(name), "$schema": "http://json-schema.org/draft-07/schema#"}
    compiled: Callable[[Any], Any] = fastjsonschema.compile(schema)
    return compiled


def _locate(data: Any, path: list[Any]) -> tuple[int, int]:
    """Line and column of the deepest located node on ``path``."""
    where = (getattr(data, "line", 1) or 1, getattr(data, "column", 1) or 1)
    node = data
    for step in path:
        if isinstance(node, LocatedDict) and isinstance(step, str) and step in node:
            where = node.where(step)
            node = node[step]
        elif isinstance(node, LocatedList) and isinstance(step, int) and step < len(node):
            where = node.item_lines[step]
            node = node[step]
        else:
            break
    return where


# Every anchored pattern of the schemas ends in (?!\n)$, the true end of the text both in
# Python (where $ alone also matches before a final newline) and in ECMA-262 (the editors'
# language servers, where \Z is no anchor). Messages show the pattern without the guard.
END_GUARD = "(?!\\n)$"
DATE_REF = "#/$defs/date"  # how every schema marks a date field


def _show(value: Any) -> str:
    """A value as a message quotes it: never more than a short excerpt."""
    if isinstance(value, str):  # short: as written, a final newline shown as \n
        return repr(value) if len(value) <= 40 else excerpt(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "a number of more than 30 digits"  # repr of a huge int is slow, or refused
    flat = " ".join(repr(value).split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


def _step(step: Any) -> str:
    text = str(step)
    return text if len(text) <= 40 else text[:39] + "…"


def _message(error: ValidationError) -> str:
    """jsonschema's message, with every value it quotes cut to a short excerpt."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = error.schema.get("properties", {})
        extra = [_show(key) for key in value if key not in allowed]
        listed = ", ".join(extra[:3]) + (f" and {len(extra) - 3} more" if len(extra) > 3 else "")
        verb = "was" if len(extra) == 1 else "were"
        return f"Additional properties are not allowed ({listed} {verb} unexpected)"
    message = error.message.replace(repr(value), _show(value), 1)
    if kind == "pattern" and expected.endswith(END_GUARD):
        shown = expected.removesuffix(END_GUARD) + "$"
        message = message.replace(repr(expected), repr(shown))
    return message if len(message) <= 200 else message[:199] + "…"


def _describe(error: ValidationError) -> str:
    location = "/".join(_step(step) for step in error.absolute_path) or "(top level)"
    forbidden = error.validator == "not" and isinstance(error.validator_value, dict)
    if forbidden and "required" in error.validator_value:
        # jsonschema would print the whole object and the sub-schema: say what it means.
        fields = ", ".join(repr(f) for f in error.validator_value["required"])
        return f"{location}: {fields} is not allowed here"
    return f"{location}: {_message(error)}"


def _dates(
    root: dict[str, Any], schema: dict[str, Any], data: Any, path: tuple[Any, ...]
) -> list[tuple[tuple[Any, ...], LocatedDict, str, str]]:
    """Every date field of ``data`` (a value whose schema is the date definition), as
    (path, mapping, key, kind): kind ``date``, or ``range`` for a mapping whose ``to`` must
    not end before its ``from`` begins. Walks what the schema describes, whatever the data."""
    while "$ref" in schema and schema["$ref"] != DATE_REF:
        schema = _resolve(root, schema["$ref"])
    found: list[tuple[tuple[Any, ...], LocatedDict, str, str]] = []
    if isinstance(data, LocatedDict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, value in data.items():
            sub = properties.get(key, extra if isinstance(extra, dict) else None)
            if sub is None:
                continue
            if sub.get("$ref") == DATE_REF:
                found.append(((*path, key), data, key, "date"))
            else:
                found += _dates(root, sub, value, (*path, key))
        ranged = all(properties.get(k, {}).get("$ref") == DATE_REF for k in ("from", "to"))
        if ranged and "from" in data and "to" in data:
            found.append(((*path, "to"), data, "to", "range"))
    elif isinstance(data, LocatedList) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(data):
            found += _dates(root, schema["items"], item, (*path, index))
    return found


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    resolved: dict[str, Any] = node
    return resolved


def date_problems(data: Any, schema: str, path: Path) -> list[Problem]:
    """Dates of the right form that are not in the calendar (2019-02-30), and ranges whose
    ``to`` ends before their ``from`` begins (a month ``to`` may end a range that begins on
    one of its days: 2019-07-25 to 2019-07)."""
    problems = []
    root = _schema(schema)
    if "date" not in root.get("$defs", {}):
        return []
    written = re.compile(root["$defs"]["date"]["pattern"])  # else a schema error already
    for steps, holder, key, kind in _dates(root, root, data, ()):
        location = "/".join(_step(step) for step in steps)
        line, column = holder.where(key)
        value = holder[key]
        well_formed = isinstance(value, str) and written.search(value) is not None
        if kind == "date" and well_formed and parse_date(value) is None:
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    Code.SCHEMA,
                    f"{location}: {_show(value)} is not a date in the calendar",
                    "write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day",
                )
            )
        start, end = parse_date(holder.get("from")), parse_date(value)
        if kind == "range" and start and end and end.last_day < start.first_day:
            problems.append(
                Problem(
                    path,
                    line,
                    column,
                    Code.SCHEMA,
                    f"{location}: the range ends ({value}) before it begins ({holder['from']})",
                    "swap the dates, or correct one of them",
                )
            )
    return problems


def validate(data: Any, schema: str, path: Path) -> list[Problem]:
    """All schema violations of ``data``, each at the line it concerns, and its date
    problems (:func:`date_problems`); kept with a parsed file's other checks."""
    return remembered(data, ("validate", schema), lambda: _validate(data, schema, path))


def _validate(data: Any, schema: str, path: Path) -> list[Problem]:
    import fastjsonschema

    try:
        quick_validator(schema)(data)
        return date_problems(data, schema, path)  # valid: no need for the full report
    except fastjsonschema.JsonSchemaValueException:
        pass
    problems = []
    for error in sorted(validator(schema).iter_errors(data), key=lambda e: list(e.path)):
        line, column = _locate(data, list(error.absolute_path))
        hint = f"see the schema {schema}.schema.json"
        problems.append(Problem(path, line, column, Code.SCHEMA, _describe(error), hint))
    return problems + date_problems(data, schema, path)
