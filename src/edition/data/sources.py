"""Loading and checking one source folder: ``sources/<slug>/``.

The same functions serve the Sphinx build and ``edition check``: one
implementation of every check.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..core.model import Block, Document, Source, TextFile
from ..core.problems import Code, DataError, Problem
from ..core.source_meta import SourceMeta
from .fidelity import check_seed
from .remembered import remembered_apart, remembered_for
from .safety import scan
from .schema import validate
from .yamlio import LocatedDict, load_yaml

SOURCE_FILE = "source.yaml"
ORIGINAL_FILE = "original.yaml"
TRANSLATION_FILE = "translation.yaml"


def default_seeds_dir(root: Path) -> Path:
    """The seeds folder: ``$EDITION_SEEDS``, else ``../shared/seeds`` beside the repository."""
    env = os.environ.get("EDITION_SEEDS")
    return Path(env) if env else root.parent / "shared" / "seeds"


def source_folders(sources_dir: Path) -> list[Path]:
    """Folders under ``sources/`` that hold a document (they have a source.yaml)."""
    return sorted(p.parent for p in sources_dir.glob(f"*/{SOURCE_FILE}"))


def _load_checked(path: Path, schema: str) -> tuple[Any, list[Problem]]:
    try:
        data = load_yaml(path)
    except DataError as exc:
        return None, exc.problems
    return data, validate(data, schema, path)


def _text_file(path: Path, data: LocatedDict) -> tuple[TextFile, list[Problem]]:
    problems: list[Problem] = []
    blocks: list[Block] = []
    seen: dict[str, int] = {}
    for item, (line, _col) in zip(data["blocks"], data["blocks"].item_lines, strict=True):
        block = Block(
            item["id"], item.get("kind", "paragraph"), item["text"], line, item.get("reason", "")
        )
        if block.id in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    Code.DUPLICATE_ID,
                    f"block ID {block.id!r} is already used on line {seen[block.id]}",
                    "give every block its own ID; never renumber published IDs",
                )
            )
        seen.setdefault(block.id, line)
        blocks.append(block)
    return TextFile(path, data["lang"], data["role"], blocks), problems


def _align(original: TextFile, translation: TextFile) -> list[Problem]:
    """Original and translation share IDs: report every row that would not align."""
    problems: list[Problem] = []
    trans = translation.by_id()
    orig = original.by_id()
    for block in original.rendered:
        other = trans.get(block.id)
        if other is None:
            problems.append(
                Problem(
                    original.path,
                    block.line,
                    1,
                    Code.UNTRANSLATED,
                    f"{block.kind} {block.id!r} has no translation in {translation.path.name}",
                    f"add a block with id: {block.id} to {translation.path.name}",
                )
            )
        elif other.kind != block.kind:
            problems.append(
                Problem(
                    translation.path,
                    other.line,
                    1,
                    Code.KIND_MISMATCH,
                    f"{block.id!r} is a {other.kind} here but a {block.kind} in the original",
                    "use the same kind as in original.yaml",
                )
            )
    for block in translation.blocks:
        source_block = orig.get(block.id)
        if source_block is None or source_block.kind == "omission":
            problems.append(
                Problem(
                    translation.path,
                    block.line,
                    1,
                    Code.ORPHAN_TRANSLATION,
                    f"translation block {block.id!r} has no original block with that ID",
                    "use the ID of the original paragraph, or remove this block",
                )
            )
        if block.kind == "omission":
            problems.append(
                Problem(
                    translation.path,
                    block.line,
                    1,
                    Code.KIND_MISMATCH,
                    f"{block.id!r}: omissions belong to the original, not the translation",
                    "remove the block",
                )
            )
    shared = [b.id for b in original.rendered if b.id in trans]
    order = [b.id for b in translation.blocks if b.id in orig]
    if not problems and shared != order:
        first = next(i for i, (a, b) in enumerate(zip(shared, order, strict=False)) if a != b)
        block = trans[order[first]]
        problems.append(
            Problem(
                translation.path,
                block.line,
                1,
                Code.ORDER_MISMATCH,
                f"{block.id!r} is out of order: the original has {shared[first]!r} here",
                "keep the blocks in the order of original.yaml",
            )
        )
    return problems


def _linked_seed(meta: LocatedDict, meta_path: Path, seeds_dir: Path | None) -> Problem | None:
    """A seed that is a symbolic link (in the source's folder or the seeds folder): its
    checksum would vouch for a file elsewhere on the machine."""
    name = meta["seed"]["file"]
    for place in (meta_path.parent, seeds_dir):
        if place is not None and (place / name).is_symlink():
            line, column = meta["seed"].where("file")
            return Problem(
                meta_path,
                line,
                column,
                Code.SEED_MISSING,
                f"the seed {place / name} is a symbolic link; a seed must be the file itself",
                "replace the link by a copy of the seed",
            )
    return None


SourceRead = tuple[tuple[Document | None, list[Problem]], Callable[[], Source | None]]


def load_source(folder: Path, seeds_dir: Path | None = None) -> SourceRead:
    """Load and check ``folder``: the document's index entry (None if it is unusable) and
    all problems, and a function that gives the source with its texts.

    Both are kept in the parse cache per content of the folder's files and of its seed: a
    document unchanged since the last run is not parsed and checked again, and its texts
    are read back only if they are asked for."""
    meta_path = folder / SOURCE_FILE
    if folder.is_symlink():
        # A linked folder could bring in files from anywhere on the machine.
        message = f"the source folder {folder.name} is a symbolic link"
        hint = "replace the link by the folder itself"
        return (None, [Problem(meta_path, 0, 0, Code.YAML, message, hint)]), lambda: None
    load = partial(_indexed, folder, seeds_dir)
    files = [meta_path, folder / ORIGINAL_FILE, folder / TRANSLATION_FILE]
    # The seed's name, known once per content of the metadata (not parsed at every load).
    name = remembered_for([meta_path], ("seed name",), partial(_seed_name, meta_path))
    if name is None:
        checked, source = load()  # no valid seed name to key the seed check by (never read)
        return checked, lambda: source
    # The seed in either place (a link there is not kept: the loader reports it).
    seeds = [place / name for place in (folder, seeds_dir) if place is not None]
    return remembered_apart([*files, *seeds], ("source", str(seeds_dir)), load)


def _seed_name(meta_path: Path) -> str | None:
    """The seed's file name in valid metadata, else None (the load reports why)."""
    meta, found = _load_checked(meta_path, "source")
    return None if meta is None or found else str(meta["seed"]["file"])


def _indexed(
    folder: Path, seeds_dir: Path | None
) -> tuple[tuple[Document | None, list[Problem]], Source | None]:
    source, problems = _load_source(folder, seeds_dir)
    return (Document.of(source) if source is not None else None, problems), source


def _load_source(folder: Path, seeds_dir: Path | None) -> tuple[Source | None, list[Problem]]:
    problems: list[Problem] = []
    meta_path = folder / SOURCE_FILE
    meta, found = _load_checked(meta_path, "source")
    problems += found
    texts: dict[str, TextFile] = {}
    for name, role in ((ORIGINAL_FILE, "original"), (TRANSLATION_FILE, "translation")):
        path = folder / name
        data, found = _load_checked(path, "text")
        problems += found
        if data is None or found:
            continue
        text, found = _text_file(path, data)
        problems += found
        if text.role != role:
            line, col = data.where("role")
            problems.append(
                Problem(path, line, col, Code.SCHEMA, f"role must be {role!r} in {name}", "")
            )
        texts[role] = text
    if meta is not None:
        # Metadata prose is MyST: nothing in it may bring in markup or script. A source
        # whose metadata is unsafe is not rendered at all.
        problems += scan(meta, meta_path)
    if meta is None or problems or len(texts) != 2:
        return None, problems
    original, translation = texts["original"], texts["translation"]
    for text, key in ((original, "language"), (translation, "translation_language")):
        if text.lang != meta[key]:
            line, col = meta.where(key)
            problems.append(
                Problem(
                    meta_path,
                    line,
                    col,
                    Code.LANGUAGE,
                    f"{key} is {meta[key]!r} but {text.path.name} says lang: {text.lang}",
                    "make the two agree",
                )
            )
    if meta["id"] != folder.name:
        line, col = meta.where("id")
        problems.append(
            Problem(
                meta_path,
                line,
                col,
                Code.SCHEMA,
                f"id {meta['id']!r} differs from the folder name {folder.name!r}",
                "the id is the folder name",
            )
        )
    problems += _align(original, translation)
    linked = _linked_seed(meta, meta_path, seeds_dir)
    if linked is not None:
        problems.append(linked)
    elif seeds_dir is not None or (folder / meta["seed"]["file"]).is_file():
        problems += check_seed(meta, meta_path, original, seeds_dir or folder)
    source = Source(
        folder.name,
        folder,
        SourceMeta.from_data(meta),
        original,
        translation,
    )
    return source, problems
