"""``edition lock``: every page and anchor the edition publishes added to the anchor lock,
which only grows; what is in it stays as it is, comments included."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml import YAMLError as RuamelError

from .atomic import write_atomic
from .write_checks import (
    TextFile,
    WriteError,
    checked_text,
    load_valid,
    plain_data,
    under_write_lock,
)
from .yaml_dialect import ruamel_scalar

LOCK_HEADER = (
    "# yaml-language-server: $schema=../src/edition/schemas/anchors-lock.schema.json\n"
    "# Every page and anchor the edition has published. It only grows: run `edition lock`\n"
    "# to add new ones. A page or anchor that goes away needs a redirect or a tombstone\n"
    "# in retired.yaml.\n"
)


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
    with under_write_lock(lock_path.parent):
        if lock_path.exists():
            content = TextFile(lock_path.read_bytes(), lock_path)
            locked = plain_data(load_valid(lock_path, "anchors-lock"))
            source = content.text.replace("\r\n", "\n")
        else:
            content = TextFile(b"", lock_path)
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
            checked = checked_text(text, lock_path, expected, "anchors-lock")
            write_atomic(lock_path, content.encode(checked))
    return added
