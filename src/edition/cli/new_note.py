"""``edition new-note``: a note stub added after the last note of a source's notes file,
in the list's own style, with the rest of the file kept byte for byte."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from ..core.vocabulary import COLUMNS, NOTE_KINDS
from ..data.notes import NOTE_PREFIX, NOTES_FILE, STUB, occurrences
from ..data.sources import ORIGINAL_FILE, TRANSLATION_FILE
from .atomic import write_atomic
from .write_checks import (
    SCHEMA_COMMENT,
    TextFile,
    WriteError,
    checked_text,
    load_valid,
    plain_data,
    under_write_lock,
)
from .yaml_dialect import scalar

STUB_BODY = f"{STUB} write the note (cite bibliography.bib keys)."


def _find_phrase(text: str, phrase: str, column: str, paragraph: str) -> tuple[str, list[int]]:
    """The phrase as the paragraph writes it, and where it occurs.

    A phrase typed on one line may stand across a line break (or other spacing) in the
    paragraph: it is then taken as the paragraph has it, so that the check finds it."""
    found = occurrences(text, phrase)
    if found:
        return phrase, found
    words = phrase.split()
    if words:
        pattern = r"\s+".join(re.escape(word) for word in words)
        spellings = {match.group() for match in re.finditer(pattern, text)}
        if len(spellings) == 1:
            written = spellings.pop()
            return written, occurrences(text, written)
        if spellings:
            raise WriteError(
                f"{phrase!r} stands in the {column} of {paragraph!r} with different spacing "
                f"({', '.join(repr(s) for s in sorted(spellings))}): give it exactly"
            )
    raise WriteError(f"{phrase!r} is not in the {column} of {paragraph!r}")


def _render_note(note: dict[str, Any], dash: int, key: int, newline: str) -> str:
    """A note as a block sequence item, its ``-`` at column ``dash``, its keys at ``key``."""
    lines = []
    for name, value in note.items():
        if name == "body":
            lines.append(f"body: |-\n  {value}")
        elif name == "credit":
            lines.append(f"credit: {_flow_mapping(value)}")
        elif isinstance(value, int):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {scalar(value, quote=name == 'phrase')}")
    text = "\n".join(lines).replace("\n", "\n" + " " * key)
    return " " * dash + "-" + " " * (key - dash - 1) + text.replace("\n", newline) + newline


def _flow_mapping(mapping: dict[str, Any]) -> str:
    """``mapping`` as a one-line flow mapping ``{key: value, …}``."""
    items = []
    for name, value in mapping.items():
        if isinstance(value, dict):
            text = _flow_mapping(value)
        elif isinstance(value, int):
            text = str(value)
        else:
            text = scalar(value, quote=name in ("phrase", "date"))
        items.append(f"{name}: {text}")
    return "{" + ", ".join(items) + "}"


def _notes_node(text: str) -> tuple[yaml.MappingNode, yaml.Node]:
    """The file's top mapping and its ``notes`` list, as PyYAML's composer sees them."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.MappingNode)  # the schema was checked
    for key, value in root.value:
        if key.value == "notes":
            return root, value
    raise AssertionError("notes: required by the schema")


def _last_node(node: yaml.Node) -> yaml.Node:
    """The last scalar or flow collection in ``node``: where its text ends."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return _last_node(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        return _last_node(node.value[-1])
    return node


def _line_after(text: str, index: int, newline: str) -> tuple[str, int]:
    """Where a new line goes after the text that ends at ``index``: the start of the next
    line (a line break is added at the end of a file that lacks one)."""
    line_start = text.rfind("\n", 0, index) + 1
    if not text[line_start:index].strip():
        return text, line_start  # a block scalar ends with its line break
    end = text.find("\n", index)
    if end == -1:
        return text + newline, len(text) + len(newline)
    return text, end + 1


def _with_note(content: TextFile, note: dict[str, Any]) -> str:
    """The notes file's text with ``note`` after its last note; nothing else changes."""
    text, newline = content.text, content.newline
    top, notes = _notes_node(text)
    assert isinstance(notes, yaml.SequenceNode)  # the schema was checked
    if not notes.flow_style:
        first = notes.value[0]
        dash = notes.start_mark.column
        keys = first.start_mark.column if isinstance(first, yaml.MappingNode) else dash + 2
        if isinstance(first, yaml.MappingNode) and first.flow_style:
            keys = dash + 2
        text, at = _line_after(text, _last_node(notes).end_mark.index, newline)
        return text[:at] + _render_note(note, dash, max(keys, dash + 2), newline) + text[at:]
    if notes.value:  # a flow list with notes: one more, in the same style
        at = notes.value[-1].end_mark.index
        return text[:at] + ", " + _flow_mapping(note) + text[at:]
    if top.flow_style:  # `{notes: []}`: the note goes between the brackets
        at = notes.start_mark.index + 1
        return text[:at] + _flow_mapping(note) + text[at:]
    # `notes: []`, perhaps with a comment after it: the brackets go, a block list follows.
    before = text[: notes.start_mark.index].rstrip(" \t")
    after = text[notes.end_mark.index :].lstrip(" \t")
    text = before + (" " + after if after.startswith("#") else after)
    text, at = _line_after(text, len(before), newline)
    return text[:at] + _render_note(note, 0, 2, newline) + text[at:]


# Cyrillic letters of Russian and Ukrainian as ASCII, for note IDs made from a phrase
# (a simplified scientific transliteration: IDs are names, not renderings).
CYRILLIC_TO_LATIN = {
    **dict(zip("абвгґдезиіїйклмнопрстуфы", "abvggdeziiiiklmnoprstufy", strict=True)),
    **{"є": "ie", "ё": "io", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh"},
    **{"щ": "shch", "э": "e", "ю": "iu", "я": "ia", "ъ": "", "ь": ""},
}


def id_stem(phrase: str) -> str:
    """A note ID's stem from ``phrase``: lower case, Cyrillic transliterated, words joined
    by hyphens, at most 40 characters ("" when nothing is left)."""
    text = "".join(CYRILLIC_TO_LATIN.get(char, char) for char in phrase.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-")


def new_note(
    source_folder: Path,
    paragraph: str,
    phrase: str,
    column: str = "original",
    kind: str = "identification",
    occurrence: int | None = None,
    note_id: str | None = None,
    by: str = "The editors",
    date: str | None = None,
) -> str:
    """Add a note stub after the last note of the source's notes file; return its ID.

    The rest of the file is kept byte for byte (comments, quoting, indentation, line ends);
    the note is written in the list's own style (block or flow) and indentation."""
    if column not in COLUMNS:
        raise WriteError(f"column {column!r}: use original or translation")
    if kind not in NOTE_KINDS:
        raise WriteError(f"kind {kind!r}: use one of {', '.join(NOTE_KINDS)}")
    if not phrase.strip():
        raise WriteError("the phrase is empty: give the words the note hangs on")
    if note_id is not None and not re.fullmatch(rf"{NOTE_PREFIX}[a-z0-9][a-z0-9-]*", note_id):
        raise WriteError(f"note ID {note_id!r}: {NOTE_PREFIX} then a-z, 0-9 and hyphens")
    if not by.strip():
        raise WriteError("--by is empty: say who writes the note")
    with under_write_lock(source_folder.parent):
        name = ORIGINAL_FILE if column == "original" else TRANSLATION_FILE
        blocks = load_valid(source_folder / name, "text")["blocks"]
        texts = {item["id"]: item.get("text", "") for item in blocks}
        if paragraph not in texts:
            raise WriteError(f"no paragraph {paragraph!r} in {name}")
        phrase, found = _find_phrase(texts[paragraph], phrase, column, paragraph)
        if len(found) > 1 and occurrence is None:
            raise WriteError(f"{phrase!r} occurs {len(found)} times: say which with --occurrence")
        if occurrence is not None and not 1 <= occurrence <= len(found):
            raise WriteError(f"{phrase!r} occurs {len(found)} time(s), not {occurrence}")
        path = source_folder / NOTES_FILE
        raw = path.read_bytes() if path.exists() else b""
        content = TextFile(raw, path)
        empty = not _has_content(content.text)
        data: Any = {"notes": []} if empty else plain_data(load_valid(path, "notes"))
        for existing in data["notes"]:  # the same stub again: nothing to add (idempotent)
            same = (
                existing["paragraph"],
                existing["column"],
                existing["phrase"],
                existing.get("occurrence"),
            )
            if same == (paragraph, column, phrase, occurrence) and existing["body"].startswith(
                STUB
            ):
                return str(existing["id"])
        used = {existing["id"] for existing in data["notes"]}
        if note_id is None:
            stem = id_stem(phrase)
            note_id, number = f"{NOTE_PREFIX}{stem or paragraph.lower()}", 2
            while note_id in used:
                note_id, number = f"{NOTE_PREFIX}{stem or paragraph.lower()}-{number}", number + 1
            if not re.fullmatch(rf"{NOTE_PREFIX}[a-z0-9][a-z0-9-]*", note_id):
                raise WriteError(f"no note ID can be made from {phrase!r}: give one with --id")
        elif note_id in used:
            raise WriteError(f"note ID {note_id!r} is already used")
        note: dict[str, Any] = {"id": note_id, "paragraph": paragraph, "column": column}
        note["phrase"] = phrase
        if occurrence:
            note["occurrence"] = occurrence
        day = date or datetime.date.today().isoformat()
        note |= {"kind": kind, "body": STUB_BODY, "credit": {"by": by, "date": day}}
        if empty:  # a new file, or one with comments only: they are kept
            newline = content.newline
            text = content.text or SCHEMA_COMMENT.format("notes").replace("\n", newline)
            if not text.endswith("\n"):
                text += newline
            text += "notes:" + newline + _render_note(note, 0, 2, newline)
        else:
            text = _with_note(content, note)
        expected = data | {"notes": [*data["notes"], note]}
        write_atomic(path, content.encode(checked_text(text, path, expected, "notes")))
    return note_id


def _has_content(text: str) -> bool:
    """Whether a YAML text holds anything but blank lines and comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())
