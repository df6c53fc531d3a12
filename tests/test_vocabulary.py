"""The vocabulary is defined once in the code (edition.core.vocabulary) and named again in
the JSON Schemas' enums, which editors' tools read: the two say the same."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from edition.core import vocabulary


def _schema(name: str) -> dict[str, Any]:
    text = files("edition.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _enums(node: Any, path: str = "") -> dict[str, list[str]]:
    """Every enum of a schema, by the JSON path of the property that holds it."""
    found: dict[str, list[str]] = {}
    if isinstance(node, dict):
        if "enum" in node:
            found[path] = node["enum"]
        for key, value in node.items():
            found.update(_enums(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.update(_enums(value, f"{path}/{index}"))
    return found


@pytest.mark.parametrize(
    ("schema", "property_name", "values"),
    [
        ("source", "language", vocabulary.LANGUAGE_NAMES),
        ("source", "translation_language", vocabulary.LANGUAGE_NAMES),
        ("text", "lang", vocabulary.LANGUAGE_NAMES),
        ("text", "role", vocabulary.COLUMNS),
        ("notes", "column", vocabulary.COLUMNS),
        ("mentions", "column", vocabulary.COLUMNS),
        ("notes", "kind", vocabulary.NOTE_KINDS),
        ("register", "type", vocabulary.REGISTER_TYPES),
        ("source", "status", vocabulary.STATUSES),
        ("register", "hangul_status", vocabulary.CHECKED),
    ],
)
def test_each_schema_enum_is_the_vocabulary(schema: str, property_name: str, values: Any) -> None:
    enums = {
        path: enum
        for path, enum in _enums(_schema(schema)).items()
        if path.rstrip("/").endswith(f"/{property_name}")
    }
    assert enums, f"no enum for {property_name} in {schema}.schema.json"
    for enum in enums.values():
        assert sorted(enum) == sorted(values)


def test_the_languages_agree_with_their_names() -> None:
    assert set(vocabulary.LANGUAGES) == set(vocabulary.LANGUAGE_NAMES)
    assert set(vocabulary.POLYGLOSSIA) <= set(vocabulary.LANGUAGES)
