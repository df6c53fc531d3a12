"""The commands that write data files: ``new-source``, ``new-note`` and ``lock``.

They never overwrite a file, never renumber or drop an ID, and leave everything they do
not add exactly as it was. Every file is replaced in one step (:mod:`edition.atomic`) under
the edition's write lock, so that a kill or a second command cannot lose data; a command
that refuses writes nothing.

They write one YAML dialect, the one ``edition check`` reads (:func:`edition.yamlio.load_yaml`,
YAML 1.1): a string that YAML 1.1 or 1.2 would read as something else (``no``, ``on``, ``1.0``,
``2019-07-25``, ``null``, ``~``) is quoted, a character that YAML may not hold raw (a form
feed, U+2028) is escaped, and each file written is read back and compared before it replaces
the old one.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml import YAMLError as RuamelError
from ruamel.yaml.nodes import ScalarNode as RuamelScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..core.problems import DataError
from ..data.notes import COLUMNS, KIND_LABELS, NOTE_PREFIX, NOTES_FILE, STUB, occurrences
from ..data.schema import validate
from ..data.sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE
from ..data.yamlio import load_yaml, parse_yaml
from .atomic import fsync_folder, write_atomic, write_lock, write_new

LANGUAGES = ("en", "ru", "uk", "ko")
LOCK_HEADER = (
    "# yaml-language-server: $schema=../src/edition/schemas/anchors-lock.schema.json\n"
    "# Every page and anchor the edition has published. It only grows: run `edition lock`\n"
    "# to add new ones. A page or anchor that goes away needs a redirect or a tombstone\n"
    "# in retired.yaml.\n"
)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../src/edition/schemas/{}.schema.json\n"
STUB_BODY = f"{STUB} write the note (cite bibliography.bib keys)."
STAGING_PREFIX = ".edition-staging-"  # new-source builds a source folder here, then renames it
BOM = "\ufeff"


class WriteError(Exception):
    """A command refused to write: the message says why, and nothing was changed."""


# ---------------------------------------------------------------------------------------------
# One YAML dialect: scalars that the project's loader (and YAML 1.2 tools) read back exactly

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


def _plain(data: Any) -> Any:
    """Located data as plain dicts and lists, for comparisons and messages."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    return data


def _first_difference(old: Any, new: Any, where: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key, ...) != new.get(key, ...):
                return _first_difference(old.get(key), new.get(key), f"{where}/{key}")
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{where}/{index}")
    return f"{where or '(top level)'}: {old!r} would read as {new!r}"


def _checked(text: str, path: Path, expected: Any, schema: str | None = None) -> str:
    """``text`` if the project's loader reads it as ``expected`` (valid against ``schema``,
    if given); else refuse."""
    try:
        located = parse_yaml(text, path)
        actual = _plain(located)
    except DataError as exc:
        raise WriteError(f"{path.name}: the new content would not be valid YAML ({exc})") from None
    if actual != expected:
        raise WriteError(
            f"{path.name}: the new content would not read back as intended "
            f"({_first_difference(expected, actual)}); nothing was written"
        )
    problems = validate(located, schema, path) if schema else []
    if problems:  # what a command writes passes the check
        raise WriteError(f"the result would not pass the check: {problems[0].format()}")
    return text


class _Text:
    """A text file's content with its byte-order mark and line ends, to write back alike."""

    def __init__(self, raw: bytes, path: Path) -> None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise WriteError(f"{path} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
        self.bom = text.startswith(BOM)
        self.text = text.removeprefix(BOM)
        first_break = self.text.find("\n")
        self.crlf = first_break > 0 and self.text[first_break - 1] == "\r"
        self.newline = "\r\n" if self.crlf else "\n"

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


@contextmanager
def _locked(sources_dir: Path) -> Iterator[None]:
    try:
        with write_lock(sources_dir):
            yield
    except TimeoutError as exc:
        raise WriteError(str(exc)) from None


def _load(path: Path, schema: str) -> Any:
    """A data file read as ``edition check`` reads it; refused unless it is valid."""
    try:
        data = load_yaml(path)
    except DataError as exc:
        raise WriteError(_problems_message(exc.problems)) from None
    problems = validate(data, schema, path)
    if problems:
        raise WriteError(_problems_message(problems))
    return data


def _problems_message(problems: list[Any]) -> str:
    first = problems[0].format()
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return f"{first}{more}; fix it (edition check lists the problems), then try again"


# ---------------------------------------------------------------------------------------------
# new-source


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text document: blocks separated by blank lines, or, where the
    text has no blank lines, its lines. Whitespace inside a paragraph is kept as it is."""
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if len(blocks) == 1 and "\n" in blocks[0]:
        blocks = [line for line in blocks[0].split("\n") if line.strip()]
    return [b.strip() for b in blocks]


def _seed_suffix(seed: Path) -> str:
    """The seed copy's extension: the seed's, when it is a plain one; else ``.txt``."""
    suffix = seed.suffix.lower()
    if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) and suffix not in (".yaml", ".yml"):
        return suffix
    return ".txt"


def _comment(text: str) -> str:
    """``text`` fit for a YAML comment line: what cannot be shown is replaced."""
    return "".join(char if char.isprintable() else "\ufffd" for char in text)


def _source_files(
    slug: str, seed: Path, seed_name: str, raw: bytes, paragraphs: list[str], lang: str,
    translation_lang: str,
) -> dict[str, tuple[str, Any]]:  # fmt: skip
    """Each new YAML file of a source: its text and the data it must read back as."""
    blocks = "".join(
        f"- id: p{number}\n  text: {block_text(paragraph, '    ')}"
        for number, paragraph in enumerate(paragraphs, 1)
    )
    meta: dict[str, Any] = {
        "id": slug,
        "seed": {"file": seed_name, "sha256": hashlib.sha256(raw).hexdigest()},
        "editorial_title": f"Untitled document ({slug})",
        "short_title": slug,
        "title": None,
        "title_translation": None,
        "genre": "not yet described",
        "authorship": "not identified",
        "authors": [],
        "outlet": None,
        "date": None,
        "language": lang,
        "translation_language": translation_lang,
        "url": None,
        "provenance_status": "not identified",
        "provenance": "Not yet researched.",
        "original_is": "The text as handed over, paragraph by paragraph.",
        "translation_is": "The editors' translation.",
    }
    meta_lines = []
    for key, value in meta.items():
        if isinstance(value, dict):
            meta_lines.append(f"{key}:\n")
            meta_lines += [f"  {k}: {scalar(v)}\n" for k, v in value.items()]
        else:
            text = "null" if value is None else "[]" if value == [] else scalar(value)
            meta_lines.append(f"{key}: {text}\n")
    original = {
        "lang": lang,
        "role": "original",
        "blocks": [{"id": f"p{n}", "text": p} for n, p in enumerate(paragraphs, 1)],
    }
    return {
        ORIGINAL_FILE: (
            SCHEMA_COMMENT.format("text")
            + f"# Transcription of {_comment(seed.name)}: the seed's words to the letter.\n"
            + f"lang: {scalar(lang)}\nrole: original\nblocks:\n{blocks}",
            original,
        ),
        TRANSLATION_FILE: (
            SCHEMA_COMMENT.format("text")
            + "# The translation: one block per paragraph of original.yaml, with the same ID.\n"
            + f"lang: {scalar(translation_lang)}\nrole: translation\nblocks: []\n",
            {"lang": translation_lang, "role": "translation", "blocks": []},
        ),
        NOTES_FILE: (SCHEMA_COMMENT.format("notes") + "notes: []\n", {"notes": []}),
        SOURCE_FILE: (
            SCHEMA_COMMENT.format("source")
            + "# Metadata and provenance: only facts from research; what is unknown stays null.\n"
            + "".join(meta_lines),
            meta,
        ),
    }


def new_source(root: Path, seed: Path, slug: str, lang: str, translation_lang: str) -> list[Path]:
    """Import ``seed`` as ``sources/<slug>/`` with its page and toctree entries.

    The source folder appears whole or not at all: it is built in a hidden staging folder
    and renamed into place. The seed is copied byte for byte (a byte-order mark included),
    and its checksum is of those bytes."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", slug):
        raise WriteError(f"slug {slug!r}: use lower-case letters, digits and hyphens")
    for code in (lang, translation_lang):
        if code not in LANGUAGES:
            raise WriteError(f"language {code!r}: use one of {', '.join(LANGUAGES)}")
    try:
        raw = seed.read_bytes()
    except OSError as exc:
        raise WriteError(f"cannot read {seed}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WriteError(f"{seed} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise WriteError(f"{seed} has no text")
    sources_dir = root / "sources"
    if not sources_dir.is_dir():
        raise WriteError(f"{sources_dir} is not a folder: is {root} the edition's root?")
    folder = sources_dir / slug
    page = root / "docs" / "sources" / f"{slug}.md"
    seed_name = "seed" + _seed_suffix(seed)
    with _locked(sources_dir):
        for path in (folder, page):
            if path.exists() or path.is_symlink():
                raise WriteError(f"{path.relative_to(root)} exists: nothing was written")
        files = {seed_name: raw}
        for name, (content, expected) in _source_files(
            slug, seed, seed_name, raw, paragraphs, lang, translation_lang
        ).items():
            schema = {NOTES_FILE: "notes", SOURCE_FILE: "source"}.get(name, "text")
            files[name] = _checked(content, folder / name, expected, schema).encode("utf-8")
        page_text = f"# Untitled document ({slug})\n\n```{{edition-document}} {slug}\n```\n"
        tocs = {}
        for toc in (root / "docs" / "index.md", root / "docs" / "book.md"):
            if toc.exists():
                toc_text = _Text(toc.read_bytes(), toc)
                added = _toctree_with(toc_text.text, f"sources/{slug}")
                if added is not None:
                    tocs[toc] = toc_text.encode(added)
        _clear_staging(sources_dir)
        staging = sources_dir / f"{STAGING_PREFIX}{os.getpid()}"
        staging.mkdir()
        try:
            (staging / slug).mkdir()
            for name, data in files.items():
                write_new(staging / slug / name, data)
            fsync_folder(staging / slug)
            (staging / slug).rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        fsync_folder(sources_dir)
        written = [folder / name for name in files]
        page.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(page, page_text.encode("utf-8"), exclusive=True)
        written.append(page)
        for toc, data in tocs.items():
            write_atomic(toc, data)
            written.append(toc)
    return written


def _clear_staging(sources_dir: Path) -> None:
    """Remove what a killed new-source left (we hold the lock: no one else is staging)."""
    for leftover in sources_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _toctree_with(text: str, docname: str) -> str | None:
    """``text`` with ``docname`` after the last ``sources/…`` entry of a toctree, indented
    alike; None when it is listed already or there is no such entry."""
    lines = text.split("\n")
    if docname in (line.strip() for line in lines):
        return None
    entries = [i for i, line in enumerate(lines) if line.strip().startswith("sources/")]
    if not entries:
        return None
    last = lines[entries[-1]]
    indent = last[: len(last) - len(last.lstrip())]
    ending = "\r" if last.endswith("\r") else ""  # a CRLF file stays CRLF
    lines.insert(entries[-1] + 1, f"{indent}{docname}{ending}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# new-note


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


def _with_note(content: _Text, note: dict[str, Any]) -> str:
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
    if kind not in KIND_LABELS:
        raise WriteError(f"kind {kind!r}: use one of {', '.join(KIND_LABELS)}")
    if not phrase.strip():
        raise WriteError("the phrase is empty: give the words the note hangs on")
    if note_id is not None and not re.fullmatch(rf"{NOTE_PREFIX}[a-z0-9][a-z0-9-]*", note_id):
        raise WriteError(f"note ID {note_id!r}: {NOTE_PREFIX} then a-z, 0-9 and hyphens")
    if not by.strip():
        raise WriteError("--by is empty: say who writes the note")
    with _locked(source_folder.parent):
        name = ORIGINAL_FILE if column == "original" else TRANSLATION_FILE
        blocks = _load(source_folder / name, "text")["blocks"]
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
        content = _Text(raw, path)
        empty = not _has_content(content.text)
        data: Any = {"notes": []} if empty else _plain(_load(path, "notes"))
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
            stem = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")[:40].strip("-")
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
        write_atomic(path, content.encode(_checked(text, path, expected, "notes")))
    return note_id


def _has_content(text: str) -> bool:
    """Whether a YAML text holds anything but blank lines and comments."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


# ---------------------------------------------------------------------------------------------
# lock


def _round_trip() -> YAML:
    yaml_rt = YAML()  # round-trip mode: comments, order and quotes survive
    yaml_rt.preserve_quotes = True
    yaml_rt.width = 4096  # never re-wrap a long line of text
    yaml_rt.indent(mapping=2, sequence=2, offset=0)
    return yaml_rt


def lock_anchors(lock_path: Path, current: dict[str, list[str]]) -> int:
    """Add every page and anchor of ``current`` missing from the lock; return how many.

    The lock only grows, and what is in it stays as it is, comments included. What is
    already locked is judged as ``edition check`` reads the file."""
    with _locked(lock_path.parent):
        if lock_path.exists():
            content = _Text(lock_path.read_bytes(), lock_path)
            locked = _plain(_load(lock_path, "anchors-lock"))
            source = content.text.replace("\r\n", "\n")
        else:
            content = _Text(b"", lock_path)
            locked, source = {"pages": {}}, LOCK_HEADER + "pages: {}\n"
        expected_pages = {page: list(anchors) for page, anchors in locked["pages"].items()}
        round_trip = _round_trip()
        try:
            data = round_trip.load(source)
        except RuamelError as exc:
            raise WriteError(f"{lock_path}: cannot be read to extend it ({exc})") from None
        pages = data["pages"]
        added = 0
        for page in sorted(current):
            if page not in expected_pages:
                expected_pages[page] = []
                pages[ruamel_scalar(page)] = []
                added += 1
            for anchor in current[page]:
                if page not in pages:  # a key that YAML 1.1 and 1.2 read differently
                    raise WriteError(
                        f"{lock_path.name}: page {page!r} is written so that YAML readers "
                        "disagree on it: put it in quotes, then try again"
                    )
                if anchor not in expected_pages[page]:
                    expected_pages[page].append(anchor)
                    pages[page].append(ruamel_scalar(anchor))
                    added += 1
        if added:
            out = io.StringIO()
            round_trip.dump(data, out)
            text = out.getvalue()
            if content.crlf:
                text = text.replace("\n", "\r\n")
            expected = locked | {"pages": expected_pages}
            checked = _checked(text, lock_path, expected, "anchors-lock")
            write_atomic(lock_path, content.encode(checked))
    return added
