"""``edition new-source``: a plain-text document imported as a new source folder, with
its page and toctree entries; the source folder appears whole or not at all."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

from ..core.vocabulary import LANGUAGES
from ..data.notes import NOTES_FILE
from ..data.sources import ORIGINAL_FILE, SOURCE_FILE, TRANSLATION_FILE
from .atomic import fsync_folder, write_atomic, write_new
from .write_checks import BOM, SCHEMA_COMMENT, TextFile, WriteError, checked_text, under_write_lock
from .yaml_dialect import block_text, scalar

STAGING_PREFIX = ".edition-staging-"  # new-source builds a source folder here, then renames it


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
    with under_write_lock(sources_dir):
        for path in (folder, page):
            if path.exists() or path.is_symlink():
                raise WriteError(f"{path.relative_to(root)} exists: nothing was written")
        files = {seed_name: raw}
        for name, (content, expected) in _source_files(
            slug, seed, seed_name, raw, paragraphs, lang, translation_lang
        ).items():
            schema = {NOTES_FILE: "notes", SOURCE_FILE: "source"}.get(name, "text")
            files[name] = checked_text(content, folder / name, expected, schema).encode("utf-8")
        page_text = f"# Untitled document ({slug})\n\n```{{edition-document}} {slug}\n```\n"
        tocs = {}
        for toc in (root / "docs" / "index.md", root / "docs" / "book.md"):
            if toc.exists():
                toc_text = TextFile(toc.read_bytes(), toc)
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


TOCTREE = re.compile(r"^([ \t]*)(`{3,}|:{3,})\{toctree\}")


def _empty_toctree_end(lines: list[str]) -> int | None:
    """The line of the closing fence of the first toctree that lists no page yet (that of a
    new edition's documents), or None."""
    for start, line in enumerate(lines):
        opening = TOCTREE.match(line)
        if not opening:
            continue
        fence = opening.group(2)
        for end in range(start + 1, len(lines)):
            stripped = lines[end].strip()
            if len(stripped) >= len(fence) and set(stripped) == {fence[0]}:
                return end
            if stripped and not stripped.startswith(":"):
                break  # an entry: this toctree lists a page
    return None


def _toctree_with(text: str, docname: str) -> str | None:
    """``text`` with ``docname`` after the last ``sources/…`` entry of a toctree, indented
    alike; where there is none yet (a new edition), as the entry of the first toctree that
    lists nothing. None when it is listed already or there is no such toctree."""
    lines = text.split("\n")
    if docname in (line.strip() for line in lines):
        return None
    entries = [i for i, line in enumerate(lines) if line.strip().startswith("sources/")]
    if not entries:
        end = _empty_toctree_end(lines)
        if end is None:
            return None
        fence = lines[end]
        ending = "\r" if fence.endswith("\r") else ""  # a CRLF file stays CRLF
        indent = fence[: len(fence) - len(fence.lstrip())]
        blank = [] if not lines[end - 1].strip() else [ending]
        lines[end:end] = [*blank, f"{indent}{docname}{ending}"]
        return "\n".join(lines)
    last = lines[entries[-1]]
    indent = last[: len(last) - len(last.lstrip())]
    ending = "\r" if last.endswith("\r") else ""  # a CRLF file stays CRLF
    lines.insert(entries[-1] + 1, f"{indent}{docname}{ending}")
    return "\n".join(lines)
