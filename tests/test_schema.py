"""The quick validator (fastjsonschema) and the full one (jsonschema) agree on validity:
the build trusts the quick yes and asks the full one only for the report."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
from fastjsonschema import JsonSchemaValueException

from edition.problems import DataError
from edition.schema import quick_validator, validator
from edition.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent


def schema_for(path: Path) -> str | None:
    name = path.name
    if path.parent.name == "register":
        return "register"
    return {
        "source.yaml": "source",
        "original.yaml": "text",
        "translation.yaml": "text",
        "notes.yaml": "notes",
        "mentions.yaml": "mentions",
        "anchors.lock.yaml": "anchors-lock",
        "retired.yaml": "retired",
    }.get(name)


def data_files() -> list[tuple[str, Path]]:
    found = []
    for folder in (ROOT / "sources", ROOT / "tests" / "roots"):
        for path in sorted(folder.rglob("*.yaml")):
            schema = schema_for(path)
            if schema:
                found.append((schema, path))
    for case in sorted((ROOT / "tests" / "malformed").iterdir()):
        schema = schema_for(Path((case / "target").read_text(encoding="utf-8").strip()))
        if schema:
            found.append((schema, case / "input"))
    return found


def quick_says_valid(schema: str, data: Any) -> bool:
    try:
        quick_validator(schema)(data)
    except JsonSchemaValueException:  # anything else is a crash, and fails the test
        return False
    return True


def mutations(data: Any, rng: random.Random) -> list[Any]:
    """Variants of ``data`` with one change each: a field removed, retyped or added."""
    variants = []
    paths: list[list[Any]] = []

    def walk(node: Any, path: list[Any]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, [*path, index])

    walk(data, [])
    for path in rng.sample(paths, min(25, len(paths))):
        for change in ("remove", "number", "text", "extra", "empty"):
            variant = copy.deepcopy(data)
            parent = variant
            for step in path[:-1]:
                parent = parent[step]
            target = parent[path[-1]] if path else variant
            if change == "remove" and path:
                del parent[path[-1]]
            elif change == "number" and path:
                parent[path[-1]] = 3
            elif change == "text" and path:
                parent[path[-1]] = "x y"
            elif change == "extra" and isinstance(target, dict):
                target["unexpected"] = 1
            elif change == "empty" and path:
                parent[path[-1]] = ""
            else:
                continue
            variants.append(variant)
    return variants


@pytest.mark.parametrize(("schema", "path"), data_files(), ids=lambda v: str(v)[-50:])
def test_quick_and_full_validators_agree(schema: str, path: Path) -> None:
    try:
        data = load_yaml(path)
    except DataError:
        return  # not YAML at all: no schema is asked
    rng = random.Random(path.as_posix())
    for variant in [data, *mutations(data, rng)]:
        full = validator(schema).is_valid(variant)
        assert quick_says_valid(schema, variant) == full, (path, variant)


def test_the_corpus_reaches_every_schema() -> None:
    assert {schema for schema, _path in data_files()} == {
        "source",
        "text",
        "notes",
        "mentions",
        "register",
        "anchors-lock",
        "retired",
    }
