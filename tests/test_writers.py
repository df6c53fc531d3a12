"""The commands that write files: they never overwrite, never renumber or drop an ID, are
idempotent, and leave everything they do not add exactly as it was."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from edition.cli.atomic import LOCK_NAME
from edition.cli.main import main
from edition.cli.writers import WriteError, lock_anchors, new_note, new_source, split_paragraphs
from edition.core.problems import Code
from edition.data.project import load_project
from edition.data.yamlio import load_yaml, parse_yaml

SEED = "Первый абзац текста.\n\nВторой абзац, с «кавычками» и *звёздочкой*.\n\n\nТретий.\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes; the write lock's empty file is no data, and is not listed."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != LOCK_NAME
    }


def test_paragraphs_split_at_blank_lines_or_lines() -> None:
    assert split_paragraphs("\ufeffA\r\nstill A\r\n\r\nB\r\n") == ["A\nstill A", "B"]
    assert split_paragraphs("one\ntwo\nthree\n") == ["one", "two", "three"]


def test_new_source_imports_a_document(demo_root: Path, tmp_path: Path) -> None:
    seed = tmp_path / "tass.txt"
    seed.write_text(SEED, encoding="utf-8")
    written = new_source(demo_root, seed, "tass-2019", "ru", "en")
    folder = demo_root / "sources" / "tass-2019"
    assert folder / "original.yaml" in written
    original = yaml.safe_load((folder / "original.yaml").read_text(encoding="utf-8"))
    assert [b["id"] for b in original["blocks"]] == ["p1", "p2", "p3"]
    assert original["blocks"][1]["text"] == "Второй абзац, с «кавычками» и *звёздочкой*."
    assert (demo_root / "docs" / "sources" / "tass-2019.md").is_file()
    assert "sources/tass-2019" in (demo_root / "docs" / "index.md").read_text(encoding="utf-8")
    project = load_project(demo_root, demo_root / "seeds")
    # The skeleton is valid; what is missing is the translation, paragraph by paragraph.
    assert [p.code for p in project.problems] == [Code.UNTRANSLATED] * 3
    assert project.sources["tass-2019"].meta.seed.file == "seed.txt"


def test_new_source_never_overwrites(demo_root: Path, tmp_path: Path) -> None:
    seed = tmp_path / "again.txt"
    seed.write_text(SEED, encoding="utf-8")
    before = _snapshot(demo_root)
    with pytest.raises(WriteError, match="sources/demo exists"):
        new_source(demo_root, seed, "demo", "ru", "en")
    assert _snapshot(demo_root) == before


def test_new_source_refuses_bad_input(demo_root: Path, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(WriteError, match="not UTF-8"):
        new_source(demo_root, latin1, "latin", "en", "ru")
    with pytest.raises(WriteError, match="slug 'Bad Slug'"):
        new_source(demo_root, latin1, "Bad Slug", "en", "ru")
    with pytest.raises(WriteError, match="language 'fr'"):
        new_source(demo_root, latin1, "latin", "fr", "ru")


def test_new_note_appends_a_stub_and_keeps_the_file(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    before = (folder / "notes.yaml").read_text(encoding="utf-8")
    note_id = new_note(folder, "p1", "marker", kind="context", date="2026-11-23")
    after = (folder / "notes.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing else changed
    assert note_id == "n-marker-2"  # n-marker is taken: never reuse an ID
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [(p.code, "stub" in p.message) for p in problems] == [(Code.NOTE_BODY, True)]
    # The same call again adds nothing.
    assert new_note(folder, "p1", "marker", kind="context", date="2026-11-23") == note_id
    assert (folder / "notes.yaml").read_text(encoding="utf-8") == after


def test_new_note_checks_the_phrase(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    before = _snapshot(demo_root)
    with pytest.raises(WriteError, match="is not in the original of 'p1'"):
        new_note(folder, "p1", "no such words", date="2026-11-23")
    with pytest.raises(WriteError, match="occurs 2 times"):
        new_note(folder, "p1", '"', date="2026-11-23")
    with pytest.raises(WriteError, match="no paragraph 'p9'"):
        new_note(folder, "p9", "x", date="2026-11-23")
    assert _snapshot(demo_root) == before


def test_new_note_command(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--root", str(demo_root), "new-note", "demo", "p2", "second line",
                   "--column", "original", "--kind", "context", "--id", "n-line"])  # fmt: skip
    assert status == 0
    assert "added note n-line" in capsys.readouterr().out
    notes = yaml.safe_load((demo_root / "sources/demo/notes.yaml").read_text(encoding="utf-8"))
    assert notes["notes"][-1]["id"] == "n-line"
    assert main(["--root", str(demo_root), "new-note", "demo", "p2", "absent"]) == 1


def test_lock_only_adds_and_keeps_comments(demo_root: Path) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text("# kept by the editors\n" + lock.read_text(encoding="utf-8"), encoding="utf-8")
    project = load_project(demo_root, demo_root / "seeds")
    anchors = project.anchors()
    anchors["sources/demo"].append("p99")
    assert lock_anchors(lock, anchors) == 1
    text = lock.read_text(encoding="utf-8")
    assert text.startswith("# kept by the editors\n")
    assert yaml.safe_load(text)["pages"]["sources/demo"][-1] == "p99"
    assert lock_anchors(lock, anchors) == 0
    assert lock.read_text(encoding="utf-8") == text  # idempotent


def test_every_data_file_names_its_schema_for_editors() -> None:
    """The `yaml-language-server` comment lets editors complete and validate as you type."""
    from conftest import REPO

    for path in sorted((REPO / "sources").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.is_file(), (path, schema)


# --- One YAML dialect: what the writers emit reads back identically in `edition check` ---

TRICKY = [
    *("yes", "no", "on", "off", "y", "n", "Y", "N", "True", "NULL", "null", "~", ""),
    *("1", "1.0", "0x1F", "0o17", "017", "1e3", ".inf", "-.inf", ".nan", "1_000", "12:30"),
    *("2019-07-25", "2019-07-25 10:00:00", "=", "<<", "?", ":", "-", "- dash", "a: b", "#c"),
    *("a #b", "it's", 'say "x"', "back\\slash", "\\1", " lead", "trail ", "[x]", "{y}"),
    *("a, b", "*star", "&amp", "!tag", "%pct", "@at", "`tick", "|", ">", "line\nbreak"),
    *("\u2028", "a\u2029b", "\x85", "\x0c", "\x00", "\ufeffbom", "\t", "\x7f", "é ключ 한"),
]


@pytest.mark.parametrize("value", TRICKY)
def test_scalars_read_back_as_written(value: str) -> None:
    from edition.cli.writers import scalar

    written = scalar(value)
    assert parse_yaml(f"k: {written}\n", Path("x.yaml")) == {"k": value}
    assert parse_yaml(f"[{written}]\n", Path("x.yaml")) == [value]  # in flow style too
    assert yaml.safe_load(f"k: {written}\n") == {"k": value}
    assert YAML().load(f"k: {written}\n") == {"k": value}  # YAML 1.2 reads the same


@pytest.mark.parametrize(
    "value", ["yes", "no", "on", "off", "y", "n", "null", "~", "1.0", "2019-07-25", "0o17"]
)
def test_strings_that_yaml_would_retype_are_quoted(value: str) -> None:
    from edition.cli.writers import scalar

    assert scalar(value) in (f"'{value}'", f'"{value}"')


# --- edition lock ---


@pytest.mark.parametrize(
    "words", [("no", "on", "yes"), ("off", "y", "n"), ("null", "true", "false")]
)
def test_lock_quotes_anchors_that_yaml_would_retype(demo_root: Path, words: tuple[str]) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    anchors = load_project(demo_root, None).anchors()
    anchors["sources/demo"] += list(words)
    anchors["no"] = ["on"]  # a page whose name is a YAML 1.1 boolean too
    assert lock_anchors(lock, anchors) == len(words) + 2
    text = lock.read_text(encoding="utf-8")
    for word in words:
        assert f"- '{word}'\n" in text
    assert "'no':\n" in text
    data = load_yaml(lock)  # what `edition check` reads: strings, not booleans or None
    assert data["pages"]["sources/demo"][-len(words) :] == list(words)
    assert data["pages"]["no"] == ["on"]
    # The check reads the lock as valid (its only complaint: the made-up anchors are gone).
    codes = {p.code for p in load_project(demo_root, None).problems}
    assert codes <= {Code.ANCHOR_REMOVED, Code.PAGE_REMOVED}
    assert lock_anchors(lock, anchors) == 0  # and they count as locked the next time


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_lock_keeps_crlf_and_bom(demo_root: Path, bom: bytes) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_bytes(bom + lock.read_bytes().replace(b"\n", b"\r\n"))
    anchors = load_project(demo_root, None).anchors()
    anchors["sources/demo"].append("p99")
    assert lock_anchors(lock, anchors) == 1
    raw = lock.read_bytes()
    assert raw.startswith(bom + b"pages:\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert load_yaml(lock)["pages"]["sources/demo"][-1] == "p99"


@pytest.mark.parametrize(
    "content",
    ["pages: [unclosed\n", "pages:\n  sources/demo: 5\n", "- not a mapping\n", "pages: {}\nx: 1\n"],
)
def test_lock_refuses_a_broken_lock_cleanly(
    demo_root: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text(content, encoding="utf-8")
    before = _snapshot(demo_root)
    assert main(["--root", str(demo_root), "lock"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("edition lock: ") and "anchors.lock.yaml" in err
    assert "Traceback" not in err
    assert _snapshot(demo_root) == before


# --- edition new-note: the notes file as it is, whatever its layout ---

NOTE_DEMO = """\
# yaml-language-server: $schema=../../src/edition/schemas/notes.schema.json
notes:
{items}
"""
FIRST = (
    "- id: n-marker\n  paragraph: p1\n  column: original\n  phrase: '[4]'\n  kind: reference\n"
    "  body: |-\n    The marker.\n  credit: {by: The editors, date: 2026-11-23}\n"
)


def _indented(text: str, spaces: int, key_gap: int = 1) -> str:
    lines = []
    for line in text.splitlines():
        if line.startswith("- "):
            lines.append(" " * spaces + "-" + " " * key_gap + line[2:])
        else:
            lines.append(" " * (spaces + key_gap - 1) + line)
    return "\n".join(lines) + "\n"


def _is_insertion(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with one run of text inserted somewhere."""
    prefix = 0
    while prefix < len(before) and before[prefix] == after[prefix]:
        prefix += 1
    return after.endswith(before[prefix:]) and len(after) > len(before)


def _added_stub(folder: Path, **extra: object) -> dict[str, object]:
    """Add a stub on 'marker' of p1; return it as `edition check` reads it."""
    note_id = new_note(folder, "p1", "marker", kind="context", date="2026-11-23", **extra)
    notes = load_yaml(folder / "notes.yaml")["notes"]
    assert notes[-1]["id"] == note_id
    return dict(notes[-1])


def _only_stub_problem(root: Path) -> None:
    """The check finds the new note, and complains only that it is a stub (and, where a
    test wrote its own notes file, that the demo's locked notes are gone)."""
    problems = load_project(root, root / "seeds").problems
    problems = [p for p in problems if p.code != Code.ANCHOR_REMOVED]
    assert [(p.code, "stub" in p.message) for p in problems] == [(Code.NOTE_BODY, True)]


@pytest.mark.parametrize(
    "items",
    [
        _indented(FIRST, 2),  # `  - id:` with keys at 4
        _indented(FIRST, 4, 3),  # `    -   id:` with keys at 8
        _indented(FIRST, 2) + "\n  # a comment inside the list\n",
        FIRST + "  # about n-marker\n# the end of the notes\n\n# really\n",
        FIRST.replace("  body: |-\n    The marker.\n", "  body: The\n    marker.\n"),
    ],
    ids=["indent-2", "indent-4", "inner-comment", "trailing-comments", "plain-multiline"],
)
def test_new_note_keeps_a_block_list_as_it_is(demo_root: Path, items: str) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    before = NOTE_DEMO.format(items=items)
    path.write_text(before, encoding="utf-8")
    note = _added_stub(path.parent)
    after = path.read_text(encoding="utf-8")
    assert _is_insertion(before, after)  # every byte of the file is kept
    assert note["phrase"] == "marker" and note["credit"]["date"] == "2026-11-23"
    first_item = next(line for line in items.splitlines() if line.lstrip().startswith("-"))
    dash = first_item[: first_item.index("-") + 1]
    assert f"{dash}{first_item[len(dash) :][: -len(first_item.lstrip('- '))]}id: n-" in after
    _only_stub_problem(demo_root)


@pytest.mark.parametrize(
    ("before", "kept"),
    [
        ("notes: []\n", "notes:\n"),
        ("notes: []  # none yet\n", "notes: # none yet\n"),
        ("notes: [ ]", "notes:\n"),  # no line break at the end
        ("{notes: []}\n", "{notes: [{id: n-"),
        ("notes: [\n  {id: n-a, paragraph: p1, column: original, phrase: First, kind: context,"
         " body: Fine., credit: {by: X, date: '2026-11-23'}}\n]  # c\n", "body: Fine., credit"),
    ],
    ids=["empty", "empty-comment", "empty-no-newline", "flow-mapping", "flow-list"],
)  # fmt: skip
def test_new_note_on_flow_lists(demo_root: Path, before: str, kept: str) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    path.write_text(before, encoding="utf-8")
    note = _added_stub(path.parent)
    after = path.read_text(encoding="utf-8")
    assert kept in after
    assert note["body"].startswith("TODO:") and note["kind"] == "context"
    assert len(load_yaml(path)["notes"]) == before.count("id: n-") + 1
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert {p.code for p in problems} - {Code.ANCHOR_REMOVED} == {Code.NOTE_BODY}


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("layout", ["block", "empty-flow", "missing"])
def test_new_note_keeps_crlf_and_bom(demo_root: Path, bom: bytes, layout: str) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    content = {"block": path.read_bytes(), "empty-flow": b"notes: []\n", "missing": b"# x\n"}
    path.write_bytes(bom + content[layout].replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    _added_stub(path.parent)
    raw = path.read_bytes()
    assert raw.startswith(bom) and raw[len(bom) :][:3] != b"\xef\xbb\xbf"  # one BOM, kept
    assert raw.count(b"\n") == raw.count(b"\r\n") > 5
    if layout != "empty-flow":
        assert raw.startswith(before)  # kept byte for byte, comments included


@pytest.mark.parametrize("by", ["A\\B", "C:\\path\\1", "\\g<0> and \\1", 'O\'Brien: "Jr" #2'])
def test_new_note_takes_any_name_in_by(demo_root: Path, by: str) -> None:
    status = main(["--root", str(demo_root), "new-note", "demo", "p2", "second line",
                   "--id", "n-by", "--by", by])  # fmt: skip
    assert status == 0
    assert load_yaml(demo_root / "sources/demo/notes.yaml")["notes"][-1]["credit"]["by"] == by


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("</script> with", "</script>\nwith"),  # typed on one line
        ("</script>\nwith", "</script>\nwith"),  # given with its line break
        ("alert(1)</script>   with  a", "alert(1)</script>\nwith a"),  # other spacing
    ],
)
def test_new_note_phrase_across_a_line_break(demo_root: Path, typed: str, stored: str) -> None:
    folder = demo_root / "sources" / "demo"
    new_note(folder, "p2", typed, note_id="n-across", date="2026-11-23")
    assert load_yaml(folder / "notes.yaml")["notes"][-1]["phrase"] == stored
    _only_stub_problem(demo_root)  # the check finds the note's phrase


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("notes: [unclosed\n", "not valid YAML"),
        ("notes: 5\n", "schema"),
        ("notes:\n- just text\n", "schema"),
        ("notes: []\nnotes: []\n", "appears twice"),
        (b"notes: [] # caf\xe9\n", "UTF-8"),
    ],
)
def test_new_note_refuses_a_broken_notes_file_cleanly(
    demo_root: Path, content: str | bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    raw = content.encode("utf-8") if isinstance(content, str) else content
    path.write_bytes(raw)
    before = _snapshot(demo_root)
    assert main(["--root", str(demo_root), "new-note", "demo", "p1", "marker"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("edition new-note: ") and message in err
    assert "Traceback" not in err
    assert _snapshot(demo_root) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "p1", "marker", "--id", "N-Bad"],
        ["demo", "p1", "   "],
        ["demo", "p1", "marker", "--by", ""],
        ["../demo", "p1", "marker"],
        ["demo", "p1", "marker", "--kind", "opinion"],
    ],
)
def test_new_note_refusals_are_messages(
    demo_root: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(demo_root)
    assert main(["--root", str(demo_root), "new-note", *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("edition new-note: ") and "Traceback" not in err
    assert _snapshot(demo_root) == before


def test_new_note_refuses_a_note_the_check_would_refuse(demo_root: Path) -> None:
    before = _snapshot(demo_root)
    for date in ("2026-11", "tomorrow", "23.11.2026"):
        with pytest.raises(WriteError, match="would not pass the check"):
            new_note(demo_root / "sources" / "demo", "p1", "marker", date=date)
    assert _snapshot(demo_root) == before


# --- edition new-source: any text, any file name ---


@pytest.mark.parametrize(
    "text",
    [
        "Line\u2028separated, and\u2029a paragraph separator.\n\nNext.\n",
        "Form\x0cfeed.\n\nA NEL \x85 here.\n\nA\x00NUL and a \x1b escape.\n",
        "no\n\nyes\n\n2019-07-25\n\n~\n\n- a dash\n\n# a hash\n\n'quoted'\n\n\"x\": y\n",
        "Tabs\tinside.\n\n  Indented\n  lines kept.\n\nTrailing  \nspaces.\n",
    ],
    ids=["line-separators", "control-characters", "yaml-lookalikes", "spacing"],
)
def test_new_source_writes_any_text(demo_root: Path, tmp_path: Path, text: str) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_bytes(text.encode("utf-8"))
    new_source(demo_root, seed, "odd", "en", "ru")
    folder = demo_root / "sources" / "odd"
    blocks = load_yaml(folder / "original.yaml")["blocks"]
    assert [b["text"] for b in blocks] == split_paragraphs(text)
    assert yaml.safe_load((folder / "original.yaml").read_text(encoding="utf-8"))["blocks"] == [
        {"id": b["id"], "text": b["text"]} for b in blocks
    ]
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert {p.code for p in problems} == {Code.UNTRANSLATED}  # the fidelity check passes


@pytest.mark.parametrize(
    "name",
    ["my seed.txt", 'it\'s "quoted".txt', "a: b.txt", "#1 #hash.t#t", "x.yaml", "new\nline"],
)
def test_new_source_takes_odd_seed_names(demo_root: Path, tmp_path: Path, name: str) -> None:
    seed = tmp_path / name
    seed.write_text(SEED, encoding="utf-8")
    new_source(demo_root, seed, "odd", "ru", "en")
    folder = demo_root / "sources" / "odd"
    assert load_yaml(folder / "source.yaml")["seed"]["file"] == "seed.txt"
    assert (folder / "seed.txt").read_bytes() == seed.read_bytes()
    original = (folder / "original.yaml").read_text(encoding="utf-8")
    assert original.splitlines()[1].startswith("# Transcription of ")  # one comment line
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.UNTRANSLATED] * 3


@pytest.mark.parametrize("slug", ["yes", "no", "null", "on", "y"])
def test_new_source_quotes_a_slug_yaml_would_retype(
    demo_root: Path, tmp_path: Path, slug: str
) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED, encoding="utf-8")
    new_source(demo_root, seed, slug, "ru", "en")
    meta = load_yaml(demo_root / "sources" / slug / "source.yaml")
    assert (meta["id"], meta["short_title"]) == (slug, slug)
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.UNTRANSLATED] * 3


def test_new_source_keeps_a_bom_and_fidelity_is_still_checked(
    demo_root: Path, tmp_path: Path
) -> None:
    seed = tmp_path / "bom.txt"
    seed.write_bytes(b"\xef\xbb\xbf" + SEED.encode("utf-8"))
    new_source(demo_root, seed, "bom", "ru", "en")
    folder = demo_root / "sources" / "bom"
    assert (folder / "seed.txt").read_bytes() == seed.read_bytes()  # the BOM is kept
    assert (
        load_yaml(folder / "source.yaml")["seed"]["sha256"]
        == hashlib.sha256(seed.read_bytes()).hexdigest()
    )
    assert load_yaml(folder / "original.yaml")["blocks"][0]["text"] == "Первый абзац текста."
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.UNTRANSLATED] * 3
    # A real departure from the seed is still found.
    original = folder / "original.yaml"
    original.write_text(
        original.read_text(encoding="utf-8").replace("Первый", "Первейший"), encoding="utf-8"
    )
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert Code.FIDELITY in [p.code for p in problems]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_new_source_keeps_toctree_line_ends(demo_root: Path, tmp_path: Path, newline: str) -> None:
    index = demo_root / "docs" / "index.md"
    index.write_bytes(index.read_bytes().replace(b"\n", newline.encode()))
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED, encoding="utf-8")
    new_source(demo_root, seed, "crlf", "ru", "en")
    raw = index.read_bytes()
    assert f"sources/demo{newline}sources/crlf{newline}".encode() in raw
    if newline == "\r\n":
        assert raw.count(b"\n") == raw.count(b"\r\n")


# --- A kill at the write, and two writers at once, lose nothing ---

# Run in a fresh interpreter: the first write of data to a file (or the fsync, or the step
# that puts the new file in place) sends SIGKILL to the process, as a crash would.
KILLER = """
import builtins, io, os, signal, sys
from edition.cli.main import main

kill_at, argv = sys.argv[1], sys.argv[2:]

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

real_write, real_open = os.write, builtins.open

def half_then_die(fd, data):
    if fd > 2:  # a file, not the terminal
        real_write(fd, bytes(data)[: max(1, len(data) // 2)])
        die()
    return real_write(fd, data)

class HalfThenDie:
    def __init__(self, file):
        self._file = file
    def write(self, data):
        self._file.write(data[: max(1, len(data) // 2)])
        self._file.flush()
        die()
    def __getattr__(self, name):
        return getattr(self._file, name)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self._file.__exit__(*exc)

def opening(file, mode="r", *args, **kwargs):
    opened = real_open(file, mode, *args, **kwargs)
    return HalfThenDie(opened) if set(mode) & set("wax+") else opened

if kill_at == "write":
    os.write = half_then_die
    builtins.open = io.open = opening
elif kill_at == "fsync":
    os.fsync = die
elif kill_at == "replace":
    os.replace = os.rename = os.link = die
main(argv)
"""
KILL_POINTS = ["write", "fsync", "replace"]


def _killed(root: Path, kill_at: str, *argv: str) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-c", KILLER, kill_at, "--root", str(root), *argv]
    result = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_new_note_leaves_the_notes_file_whole(demo_root: Path, kill_at: str) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    before = path.read_bytes()
    _killed(demo_root, kill_at, "new-note", "demo", "p2", "second line", "--id", "n-killed")
    assert path.read_bytes() == before
    assert [n["id"] for n in load_yaml(path)["notes"]][-1] == "n-head"
    # What the kill left behind does not stand in the way of the next run.
    assert main(["--root", str(demo_root), "new-note", "demo", "p2", "line", "--id", "n-x"]) == 0
    assert [n["id"] for n in load_yaml(path)["notes"]][-2:] == ["n-head", "n-x"]


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_lock_leaves_the_lock_whole(demo_root: Path, kill_at: str) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8").replace("  - p2\n", ""), encoding="utf-8")
    before = lock.read_bytes()
    _killed(demo_root, kill_at, "lock")
    assert lock.read_bytes() == before
    assert "p2" not in load_yaml(lock)["pages"]["sources/demo"]
    assert main(["--root", str(demo_root), "lock"]) == 0
    assert "p2" in load_yaml(lock)["pages"]["sources/demo"]


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_new_source_leaves_no_half_source(
    demo_root: Path, tmp_path: Path, kill_at: str
) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED, encoding="utf-8")
    index = demo_root / "docs" / "index.md"
    before = index.read_bytes()
    _killed(demo_root, kill_at, "new-source", str(seed), "--slug", "killed", "--lang", "ru")
    assert index.read_bytes() == before
    assert not (demo_root / "sources" / "killed").exists()  # all of it, or nothing
    assert load_project(demo_root, demo_root / "seeds").problems == []
    assert main(["--root", str(demo_root), "new-source", str(seed), "--slug", "killed",
                 "--lang", "ru"]) == 0  # fmt: skip
    assert b"sources/killed" in index.read_bytes()
    assert [p.code for p in load_project(demo_root, demo_root / "seeds").problems] == [
        Code.UNTRANSLATED
    ] * 3


def _at_once(*jobs: Callable[[], object]) -> None:
    """Run ``jobs`` in processes of their own, released together."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(jobs))

    def run(job: Callable[[], object]) -> None:
        start.wait()
        job()

    processes = [context.Process(target=run, args=(job,)) for job in jobs]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0


def test_two_new_notes_at_once_both_stay(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    path = folder / "notes.yaml"
    for round_ in range(10):
        _at_once(
            lambda r=round_: new_note(folder, "p2", "second", note_id=f"n-a{r}"),
            lambda r=round_: new_note(folder, "p2", "line", note_id=f"n-b{r}"),
        )
        ids = [note["id"] for note in load_yaml(path)["notes"]]
        assert {f"n-a{round_}", f"n-b{round_}"} <= set(ids)
        # The stubs written, so that the next round's stubs are new ones.
        path.write_text(path.read_text(encoding="utf-8").replace("TODO:", "Done:"), "utf-8")
    assert len(ids) == 4 + 20


def test_two_locks_at_once_both_stay(demo_root: Path) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    anchors = load_project(demo_root, None).anchors()
    for round_ in range(10):
        _at_once(
            lambda r=round_: lock_anchors(lock, anchors | {f"page-a{r}": ["x"]}),
            lambda r=round_: lock_anchors(lock, anchors | {f"page-b{r}": ["y"]}),
        )
        pages = load_yaml(lock)["pages"]
        assert pages[f"page-a{round_}"] == ["x"] and pages[f"page-b{round_}"] == ["y"]


def test_two_new_sources_at_once_both_stay(demo_root: Path, tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED, encoding="utf-8")
    for round_ in range(5):
        _at_once(
            lambda r=round_: new_source(demo_root, seed, f"a{r}", "ru", "en"),
            lambda r=round_: new_source(demo_root, seed, f"b{r}", "ru", "en"),
        )
    index = (demo_root / "docs" / "index.md").read_text(encoding="utf-8")
    for round_ in range(5):
        assert f"sources/a{round_}\n" in index and f"sources/b{round_}\n" in index
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.UNTRANSLATED] * 30


@pytest.mark.parametrize(
    ("phrase", "stem"),
    [
        ("Ким Чен Ын", "kim-chen-yn"),
        ("Міністр закордонних справ", "ministr-zakordonnikh-sprav"),
        ("«США»", "ssha"),
        ("объём", "obiom"),
        ("Stephen Beagan", "stephen-beagan"),
    ],
)
def test_note_ids_are_made_from_the_phrase_in_any_script(phrase: str, stem: str) -> None:
    from edition.cli.new_note import id_stem

    assert id_stem(phrase) == stem


def test_a_note_on_a_cyrillic_phrase_gets_an_id_from_the_phrase(demo_root: Path) -> None:
    folder = demo_root / "sources" / "demo"
    note_id = new_note(folder, "p1", "пометой", column="translation", date="2026-11-23")
    assert note_id == "n-pometoi"
