"""What every writing command shares: its refusal (:class:`WriteError`), the edition's
write lock, data files read as ``edition check`` reads them, text files written back with
their byte-order mark and line ends, and new content read back and compared before it is
written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core.problems import DataError
from ..data.schema import validate
from ..data.yamlio import load_yaml, parse_yaml
from .atomic import write_lock

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../src/edition/schemas/{}.schema.json\n"
BOM = "\ufeff"


class WriteError(Exception):
    """A command refused to write: the message says why, and nothing was changed."""


def plain_data(data: Any) -> Any:
    """Located data as plain dicts and lists, for comparisons and messages."""
    if isinstance(data, dict):
        return {key: plain_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain_data(item) for item in data]
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


def checked_text(text: str, path: Path, expected: Any, schema: str | None = None) -> str:
    """``text`` if the project's loader reads it as ``expected`` (valid against ``schema``,
    if given); else refuse."""
    try:
        located = parse_yaml(text, path)
        actual = plain_data(located)
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


class TextFile:
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
def under_write_lock(sources_dir: Path) -> Iterator[None]:
    try:
        with write_lock(sources_dir):
            yield
    except TimeoutError as exc:
        raise WriteError(str(exc)) from None


def load_valid(path: Path, schema: str) -> Any:
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
