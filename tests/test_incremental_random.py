"""Incremental builds under random edits: each sequence makes every kind of edit once, in
an order and on targets drawn from a seeded generator (a note's body, a paragraph's text, a
name form added, a register entry removed, a bibliography key renamed); after each, the
pages and the exports of the incremental build are, byte for byte, those of a clean build
of the same data. -j 1 and -j 2."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_incremental import _build, _data, _edition, _exports, _pages

# Words of the demo texts that no register entry claims: forms an editor might add.
NEW_FORMS = {"en": ["marker", "line", "quotes"], "ru": ["строкой", "скобки"]}
# Words appended to a translated paragraph: register forms, and words that are none.
NEW_WORDS = ["Второй абзац", "Первый абзац", "слово", "ещё одно"]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")


def _retire(source: Path, target: str) -> None:
    """A tombstone for a published anchor that is gone (the lock only grows)."""
    path = _data(source) / "retired.yaml"
    retired = _load(path) if path.exists() else {}
    tombstone = {"target": target, "reason": "a random edit", "since": "0.2.0"}
    retired.setdefault("tombstones", []).append(tombstone)
    _dump(path, retired)


def edit_a_note_body(rng: random.Random, source: Path) -> str:
    path = _data(source) / "demo" / "notes.yaml"
    data = _load(path)
    note = rng.choice(data["notes"])
    note["body"] = f"{note['body']} Edited {rng.randrange(1000)}."
    _dump(path, data)
    return f"body of {note['id']}"


def edit_a_paragraph(rng: random.Random, source: Path) -> str:
    """The translation's text (the original must reproduce its seed)."""
    path = _data(source) / "demo" / "translation.yaml"
    data = _load(path)
    block = rng.choice([b for b in data["blocks"] if b.get("kind", "paragraph") == "paragraph"])
    block["text"] = f"{block['text']} {rng.choice(NEW_WORDS)}"
    _dump(path, data)
    return f"text of {block['id']}"


def _register(source: Path) -> dict[str, tuple[Path, Any]]:
    folder = _data(source) / "register"
    return {
        key: (folder / f"{key}.yaml", _load(folder / f"{key}.yaml")) for key in ("actors", "events")
    }


def add_a_name_form(rng: random.Random, source: Path) -> str:
    files = _register(source)
    taken = {
        form
        for _, data in files.values()
        for entry in data[_key(data)]
        for forms in entry["names"].values()
        for form in forms
    }
    choices = [(lang, form) for lang, forms in NEW_FORMS.items() for form in forms]
    lang, form = rng.choice([c for c in choices if c[1] not in taken])
    key = rng.choice([k for k, (_, data) in files.items() if data[_key(data)]])
    path, data = files[key]
    entry = rng.choice(data[_key(data)])
    entry["names"].setdefault(lang, []).append(form)
    _dump(path, data)
    return f"form {form!r} for {entry['id']}"


def _key(data: dict[str, Any]) -> str:
    return next(iter(data))


def remove_a_register_entry(rng: random.Random, source: Path) -> str:
    """With the records that name it, and tombstones for its published anchors."""
    files = _register(source)
    key = rng.choice([k for k, (_, data) in files.items() if data[_key(data)]])
    path, data = files[key]
    entries = data[_key(data)]
    entry = entries.pop(rng.randrange(len(entries)))
    _dump(path, data)
    for other_path, other in _register(source).values():
        for item in other[_key(other)]:
            if entry["id"] in item.get("participants", []):
                item["participants"].remove(entry["id"])
        _dump(other_path, other)
    mentions_path = _data(source) / "demo" / "mentions.yaml"
    mentions = _load(mentions_path)
    mentions["mentions"] = [m for m in mentions.get("mentions", []) if m["entry"] != entry["id"]]
    _dump(mentions_path, mentions)
    _retire(source, f"register/{key}#{entry['id']}")
    if key == "events":
        _retire(source, f"register/chronology#chrono-{entry['id']}")
    return f"entry {entry['id']} removed"


def rename_a_bibliography_key(rng: random.Random, source: Path) -> str:
    bib = source / "data" / "bibliography.bib"
    text = bib.read_text(encoding="utf-8")
    old = rng.choice(
        [line.split("{", 1)[1].rstrip(",") for line in text.splitlines() if line.startswith("@")]
    )
    new = f"{old}r{rng.randrange(100)}"
    files = [bib, *sorted(_data(source).rglob("*.yaml"))]
    for path in files:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return f"key {old} renamed {new}"


EDITS: list[Callable[[random.Random, Path], str]] = [
    edit_a_note_body,
    edit_a_paragraph,
    add_a_name_form,
    remove_a_register_entry,
    rename_a_bibliography_key,
]


@pytest.mark.parametrize(("seed", "jobs"), [(1, "1"), (2, "2")])
def test_random_edits_give_the_outputs_of_a_clean_build(
    tmp_path: Path, seed: int, jobs: str
) -> None:
    rng = random.Random(seed)
    source = _edition(tmp_path)
    incremental = tmp_path / "incremental"
    assert _build(source, incremental, jobs, clean=True) == ""
    edits = list(EDITS)
    rng.shuffle(edits)
    for number, edit in enumerate(edits):
        done = edit(rng, source)
        assert _build(source, incremental, jobs, clean=False) == "", done
        clean = tmp_path / f"clean-{number}"
        assert _build(source, clean, jobs, clean=True) == "", done
        for outputs in (_pages, _exports):
            expected, got = outputs(clean), outputs(incremental)
            assert sorted(got) == sorted(expected), done
            assert [name for name in expected if got[name] != expected[name]] == [], done
