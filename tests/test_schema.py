"""The quick validator (fastjsonschema) and the full one (jsonschema) agree on validity:
the build trusts the quick yes and asks the full one only for the report."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from fastjsonschema import JsonSchemaValueException
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from edition.core.dates import parse_date
from edition.core.problems import Code, DataError
from edition.data.schema import END_GUARD, SCHEMA_NAMES, quick_validator, validate, validator
from edition.data.yamlio import load_yaml, parse_yaml

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


def _patterns(node: Any, where: str = "") -> list[tuple[str, str]]:
    """Every ``pattern`` of a schema, with where it stands."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.append((where, value))
            else:
                found += _patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _patterns(value, f"{where}/{index}")
    return found


ALL_PATTERNS = [
    (name, where, pattern)
    for name in SCHEMA_NAMES
    for where, pattern in _patterns(validator(name).schema)
]
# Patterns that look for something anywhere in the value: a text may end in a newline.
CONTAINS = {"\\S"}


def test_every_schema_has_patterns_and_all_are_anchored_at_the_true_end() -> None:
    assert {name for name, _where, _pattern in ALL_PATTERNS} == set(SCHEMA_NAMES)
    for name, where, pattern in ALL_PATTERNS:
        if pattern in CONTAINS:
            continue
        assert pattern.startswith("^") and pattern.endswith(END_GUARD), (name, where, pattern)


@pytest.mark.parametrize(
    ("name", "where", "pattern"),
    [case for case in ALL_PATTERNS if case[2] not in CONTAINS],
    ids=lambda v: str(v)[-40:],
)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_a_final_newline_is_refused_by_every_pattern(
    name: str, where: str, pattern: str, data: st.DataObject
) -> None:
    body = pattern.removeprefix("^").removesuffix(END_GUARD)
    value = data.draw(st.from_regex(body, fullmatch=True))
    schema = {"type": "string", "pattern": pattern}
    full, quick = Draft202012Validator(schema), fastjsonschema.compile(schema)
    assert full.is_valid(value), (name, where, value)
    quick(value)  # raises if the quick validator refuses what the full one accepts
    for bad in (value + "\n", value + "\r\n", "\n" + value):
        assert not full.is_valid(bad), (name, where, bad)
        with pytest.raises(JsonSchemaValueException):
            quick(bad)


def test_one_date_parser_for_year_month_and_day() -> None:
    for good in ("2019", "2019-02", "2020-02-29", "2019-12-31"):
        assert parse_date(good) is not None, good
    bad = ("2019-02-29", "2019-13", "2019-00", "2019-01-00", "0000", "2019-1-1", "2019-02-30\n")
    for value in (*bad, "٢٠١٩", 2019, None):
        assert parse_date(value) is None, value
    march = parse_date("2019-03")
    assert march is not None
    assert (march.first_day.isoformat(), march.last_day.isoformat()) == (
        "2019-03-01",
        "2019-03-31",
    )


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("demo/source.yaml", "to: 2019-07-26", "to: 2019-02-30", "date/to: '2019-02-30' is not"),
        ("demo/source.yaml", "to: 2019-07-26", "to: 2018-12", "date/to: the range ends (2018-12)"),
        ("demo/notes.yaml", "date: 2026-11-24", "date: 2026-02-29", "credit/date: '2026-02-29'"),
        ("register/actors.yaml", "to: 2019-06-11", "to: 2019-06-31", "roles/0/to: '2019-06-31'"),
        ("register/actors.yaml", "to: 2019-06-11", "to: 2018-03", "ends (2018-03) before"),
        ("register/events.yaml", "from: 2019-07-25", "from: 2019-02-29", "from: '2019-02-29'"),
        ("register/events.yaml", "to: 2019-07-26", "to: 2019-07-24", "ends (2019-07-24) before"),
    ],
)
def test_dates_are_checked_wherever_a_schema_has_one(
    name: str, old: str, new: str, message: str
) -> None:
    path = ROOT / "tests" / "roots" / "test-basic" / "data" / "sources" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    schema = schema_for(path)
    assert schema is not None
    data = parse_yaml(text.replace(old, new, 1), path)
    problems = validate(data, schema, path)
    assert [p.code for p in problems] == [Code.SCHEMA]
    assert message in problems[0].message
    assert validate(parse_yaml(text, path), schema, path) == []
