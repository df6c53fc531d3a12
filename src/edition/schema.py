"""JSON Schema validation of the data files, with errors placed on file lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .problems import Code, Problem
from .yamlio import LocatedDict, LocatedList

SCHEMA_NAMES = ("text", "source", "notes", "register", "mentions", "anchors-lock", "retired")


def _schema(name: str) -> dict[str, Any]:
    text = files("edition.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(name))


@cache
def quick_validator(name: str) -> Callable[[Any], Any]:
    """A compiled validator that only says yes or no: validating a register of thousands
    of entries with jsonschema took seconds of every build; this takes a fraction. The
    schemas use only keywords draft 7 has (``$defs`` is reached by JSON pointer), so
    fastjsonschema compiles them as draft 7; a test proves both agree on every case of
    the malformed corpus and on the edition's own files."""
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


def _describe(error: ValidationError) -> str:
    location = "/".join(str(step) for step in error.absolute_path) or "(top level)"
    forbidden = error.validator == "not" and isinstance(error.validator_value, dict)
    if forbidden and "required" in error.validator_value:
        # jsonschema would print the whole object and the sub-schema: say what it means.
        fields = ", ".join(repr(f) for f in error.validator_value["required"])
        return f"{location}: {fields} is not allowed here"
    return f"{location}: {error.message}"


def validate(data: Any, schema: str, path: Path) -> list[Problem]:
    """All schema violations of ``data``, each at the line it concerns."""
    try:
        quick_validator(schema)(data)
        return []  # valid, as nearly every file is: no need for the full report
    except fastjsonschema.JsonSchemaValueException:
        pass
    problems = []
    for error in sorted(validator(schema).iter_errors(data), key=lambda e: list(e.path)):
        line, column = _locate(data, list(error.absolute_path))
        hint = f"see the schema {schema}.schema.json"
        problems.append(Problem(path, line, column, Code.SCHEMA, _describe(error), hint))
    return problems
