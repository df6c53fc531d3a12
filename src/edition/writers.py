"""The commands that write data files: ``new-source``, ``new-note`` and ``lock``.

They never overwrite a file, never renumber or drop an ID, and leave everything they do
not add exactly as it was: new files are written whole; existing YAML files are extended
through ruamel.yaml's round trip (comments, key order and quoting kept) or by appending
text at their end.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from .notes import COLUMNS, KIND_LABELS, NOTE_PREFIX, NOTES_FILE, STUB, occurrences
from .sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE
from .yamlio import load_yaml

LANGUAGES = ("en", "ru", "uk", "ko")
LOCK_HEADER = (
    "# yaml-language-server: $schema=../src/edition/schemas/anchors-lock.schema.json\n"
    "# Every page and anchor the edition has published. It only grows: run `edition lock`\n"
    "# to add new ones. A page or anchor that goes away needs a redirect or a tombstone\n"
    "# in retired.yaml.\n"
)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../src/edition/schemas/{}.schema.json\n"


class WriteError(Exception):
    """A command refused to write: the message says why, and nothing was changed."""


def _round_trip() -> YAML:
    yaml = YAML()  # round-trip mode: comments, order and quotes survive
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line of text
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _literal(text: str, indent: str) -> str:
    """``text`` as a YAML literal block (``|-``), every line indented."""
    return "|-\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text document: blocks separated by blank lines, or, where the
    text has no blank lines, its lines. Whitespace inside a paragraph is kept as it is."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if len(blocks) == 1 and "\n" in blocks[0]:
        blocks = [line for line in blocks[0].split("\n") if line.strip()]
    return [b.strip() for b in blocks]


def new_source(root: Path, seed: Path, slug: str, lang: str, translation_lang: str) -> list[Path]:
    """Import ``seed`` as ``sources/<slug>/`` with its page and toctree entries."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", slug):
        raise WriteError(f"slug {slug!r}: use lower-case letters, digits and hyphens")
    for code in (lang, translation_lang):
        if code not in LANGUAGES:
            raise WriteError(f"language {code!r}: use one of {', '.join(LANGUAGES)}")
    folder = root / "sources" / slug
    page = root / "docs" / "sources" / f"{slug}.md"
    for path in (folder, page):
        if path.exists():
            raise WriteError(f"{path.relative_to(root)} exists: nothing was written")
    raw = seed.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WriteError(f"{seed} is not UTF-8 (byte {exc.start}): save it as UTF-8") from None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise WriteError(f"{seed} has no text")
    folder.mkdir(parents=True)
    seed_name = "seed" + (seed.suffix or ".txt")
    shutil.copyfile(seed, folder / seed_name)
    blocks = "".join(
        f"- id: p{number}\n  text: {_literal(paragraph, '    ')}"
        for number, paragraph in enumerate(paragraphs, 1)
    )
    files = {
        ORIGINAL_FILE: SCHEMA_COMMENT.format("text")
        + f"# Transcription of {seed.name}: the seed's words to the letter.\n"
        + f"lang: {lang}\nrole: original\nblocks:\n{blocks}",
        TRANSLATION_FILE: SCHEMA_COMMENT.format("text")
        + "# The translation: one block per paragraph of original.yaml, with the same ID.\n"
        + f"lang: {translation_lang}\nrole: translation\nblocks: []\n",
        NOTES_FILE: SCHEMA_COMMENT.format("notes") + "notes: []\n",
        SOURCE_FILE: SCHEMA_COMMENT.format("source")
        + "# Metadata and provenance: only facts from research; what is unknown stays null.\n"
        + f"id: {slug}\n"
        + f"seed:\n  file: {seed_name}\n  sha256: {hashlib.sha256(raw).hexdigest()}\n"
        + f"editorial_title: Untitled document ({slug})\n"
        + f"short_title: {slug}\n"
        + "title: null\ntitle_translation: null\n"
        + "genre: not yet described\n"
        + "authorship: not identified\nauthors: []\noutlet: null\ndate: null\n"
        + f"language: {lang}\ntranslation_language: {translation_lang}\nurl: null\n"
        + "provenance_status: not identified\n"
        + "provenance: Not yet researched.\n"
        + "original_is: The text as handed over, paragraph by paragraph.\n"
        + "translation_is: The editors' translation.\n",
    }
    written = [folder / seed_name]
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
        written.append(folder / name)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        f"# Untitled document ({slug})\n\n```{{edition-document}} {slug}\n```\n", encoding="utf-8"
    )
    written.append(page)
    for toc in (root / "docs" / "index.md", root / "docs" / "book.md"):
        if toc.exists() and _add_to_toctree(toc, f"sources/{slug}"):
            written.append(toc)
    return written


def _add_to_toctree(path: Path, docname: str) -> bool:
    """Add ``docname`` after the last ``sources/…`` entry of a toctree (text is kept)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if docname in (line.strip() for line in lines):
        return False
    entries = [i for i, line in enumerate(lines) if line.strip().startswith("sources/")]
    if not entries:
        return False
    lines.insert(entries[-1] + 1, docname)
    path.write_text("\n".join(lines), encoding="utf-8")
    return True


def _quoted(value: str) -> str:
    """A YAML scalar for ``value`` that is read back exactly: single-quoted."""
    return "'" + value.replace("'", "''") + "'"


def new_note(
    source_folder: Path,
    paragraph: str,
    phrase: str,
    column: str = "original",
    kind: str = "identification",
    occurrence: int | None = None,
    note_id: str | None = None,
    by: str = "The editors",
    date: str = "",
) -> str:
    """Append a note stub to the source's notes file; return its ID."""
    if column not in COLUMNS:
        raise WriteError(f"column {column!r}: use original or translation")
    if kind not in KIND_LABELS:
        raise WriteError(f"kind {kind!r}: use one of {', '.join(KIND_LABELS)}")
    name = ORIGINAL_FILE if column == "original" else TRANSLATION_FILE
    texts = {item["id"]: item["text"] for item in load_yaml(source_folder / name)["blocks"]}
    if paragraph not in texts:
        raise WriteError(f"no paragraph {paragraph!r} in {name}")
    found = occurrences(texts[paragraph], phrase)
    if not found:
        raise WriteError(f"{phrase!r} is not in the {column} of {paragraph!r}")
    if len(found) > 1 and occurrence is None:
        raise WriteError(f"{phrase!r} occurs {len(found)} times: say which with --occurrence")
    if occurrence is not None and not 1 <= occurrence <= len(found):
        raise WriteError(f"{phrase!r} occurs {len(found)} time(s), not {occurrence}")
    path = source_folder / NOTES_FILE
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    data: Any = load_yaml(path) if existing.strip() else {"notes": []}
    notes = data.get("notes") or []
    for note in notes:  # the same stub again: nothing to add (the command is idempotent)
        same = (note["paragraph"], note["column"], note["phrase"], note.get("occurrence"))
        if same == (paragraph, column, phrase, occurrence) and note["body"].startswith(STUB):
            return str(note["id"])
    used = {note["id"] for note in notes}
    if note_id is None:
        stem = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")[:40] or paragraph
        note_id, number = f"{NOTE_PREFIX}{stem}", 2
        while note_id in used:
            note_id, number = f"{NOTE_PREFIX}{stem}-{number}", number + 1
    elif note_id in used:
        raise WriteError(f"note ID {note_id!r} is already used")
    if not re.fullmatch(rf"{NOTE_PREFIX}[a-z0-9][a-z0-9-]*", note_id):
        raise WriteError(f"note ID {note_id!r}: {NOTE_PREFIX} then a-z, 0-9 and hyphens")
    block = (
        f"- id: {note_id}\n  paragraph: {paragraph}\n  column: {column}\n"
        f"  phrase: {_quoted(phrase)}\n"
        + (f"  occurrence: {occurrence}\n" if occurrence else "")
        + f"  kind: {kind}\n  body: |-\n    {STUB} write the note (cite bibliography.bib keys).\n"
        + f"  credit: {{by: {_quoted(by)}, date: '{date}'}}\n"
    )
    if not existing.strip():
        text = SCHEMA_COMMENT.format("notes") + "notes:\n" + block
    elif re.search(r"^notes:\s*\[\]\s*$", existing, re.MULTILINE):
        text = re.sub(
            r"^notes:\s*\[\]\s*$", "notes:\n" + block.rstrip("\n"), existing, count=1, flags=re.M
        )
    else:
        text = existing + ("" if existing.endswith("\n") else "\n") + block
    path.write_text(text, encoding="utf-8")
    return note_id


def lock_anchors(lock_path: Path, current: dict[str, list[str]]) -> int:
    """Add every page and anchor of ``current`` missing from the lock; return how many.

    The lock only grows, and what is in it stays as it is, comments included."""
    yaml = _round_trip()
    if lock_path.exists():
        data = yaml.load(lock_path.read_text(encoding="utf-8"))
    else:
        data = yaml.load(LOCK_HEADER + "pages: {}\n")
    pages = data["pages"]
    added = 0
    for page in sorted(current):
        if page not in pages:
            pages[page] = []
            added += 1
        for anchor in current[page]:
            if anchor not in pages[page]:
                pages[page].append(anchor)
                added += 1
    if added:
        out = io.StringIO()
        yaml.dump(data, out)
        lock_path.write_text(out.getvalue(), encoding="utf-8")
    return added
