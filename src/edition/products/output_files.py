"""Writing build output: made again from the data at any time, so written in place (as
Sphinx writes its pages), and only when it changed, so that a host (and Sphinx, for a
figure it includes) sees what changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_if_changed(path: Path, content: bytes, folders: set[Path] | None = None) -> bool:
    """Write ``content`` unless the file holds it already; whether it was written.
    ``folders``: those known to exist (tens of thousands of files share a few hundred)."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        if folders is None or path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            if folders is not None:
                folders.add(path.parent)
    path.write_bytes(content)
    return True


def read_json_object(path: Path) -> dict[str, Any] | None:
    """The JSON object a build wrote at ``path`` earlier (None if it is missing, damaged or
    not an object: then it is not trusted)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
