"""Fidelity of the transcription to its seed.

The transcription blocks and the recorded omissions, taken in order, must
reproduce the seed exactly; only whitespace is normalised (runs of spaces and
line breaks count as one space).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ..core.model import TextFile
from ..core.problems import Code, Problem

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def first_divergence(seed: str, original: TextFile) -> tuple[int, str] | None:
    """``(line, message)`` for the first block that does not continue the seed."""
    rest = normalise(seed)
    for block in original.transcribed:
        text = normalise(block.text)
        if rest.startswith(text):
            rest = rest[len(text) :].lstrip()
            continue
        common = next(
            (i for i, (a, b) in enumerate(zip(text, rest, strict=False)) if a != b),
            min(len(text), len(rest)),
        )
        start = max(0, common - 20)  # a little context before the difference
        return block.line, (
            f"block {block.id!r} departs from the seed at character {common + 1}: "
            f"the block has {text[start : common + 30]!r}, "
            f"the seed has {rest[start : common + 30]!r}"
        )
    if rest:
        line = original.blocks[-1].line if original.blocks else 1
        return line, f"the seed goes on after the last block: {rest[:60]!r}"
    return None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_seed(meta: Any, meta_path: Path, original: TextFile, seeds_dir: Path) -> list[Problem]:
    """Checksum and fidelity of one source against its seed in ``seeds_dir``."""
    # A source added with `edition new-source` keeps its seed in its own folder.
    local = meta_path.parent / meta["seed"]["file"]
    seed_path = local if local.is_file() else seeds_dir / meta["seed"]["file"]
    line, col = meta["seed"].where("file")
    if not seed_path.is_file():
        return [
            Problem(
                meta_path,
                line,
                col,
                Code.SEED_MISSING,
                f"seed {seed_path} not found",
                "set EDITION_SEEDS to the folder that holds the seeds",
            )
        ]
    actual = sha256(seed_path)
    if actual != meta["seed"]["sha256"]:
        line, col = meta["seed"].where("sha256")
        return [
            Problem(
                meta_path,
                line,
                col,
                Code.CHECKSUM,
                f"sha256 of {seed_path.name} is {actual}, not the recorded one",
                "the seed changed or the wrong file is named: never edit a seed",
            )
        ]
    # utf-8-sig: a byte-order mark is how the file was saved, not a character of the text.
    divergence = first_divergence(seed_path.read_text(encoding="utf-8-sig"), original)
    if divergence is None:
        return []
    line, message = divergence
    hint = (
        "the transcription must keep the seed's words to the letter; "
        "record left-out text as an omission"
    )
    return [Problem(original.path, line, 1, Code.FIDELITY, message, hint)]
