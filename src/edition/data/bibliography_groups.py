"""Every entry of ``bibliography.bib`` belongs to a group of the bibliography page: the
page lists the groups with ``:filter: keywords % "…"``, and an entry in none of them
cannot be listed, so that citations of it fail in the build."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.problems import Code, Problem

ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*\{[ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
NOT_ENTRIES = {"comment", "preamble", "string"}


GROUP_FILTER = re.compile(r'^:filter:\s*keywords\s*%\s*"([^"]+)"', re.MULTILINE)
KEYWORDS = re.compile(r"^\s*keywords\s*=\s*[{\"]([^}\"]*)[}\"]", re.MULTILINE | re.IGNORECASE)


def group_problems(path: Path, docs_dir: Path) -> list[Problem]:
    """Every entry belongs to a group of the bibliography page (its ``keywords`` matches
    one of the page's ``:filter: keywords % "…"``); otherwise the page cannot list it and
    citations of it fail in the build."""
    groups: list[str] = []
    for page in docs_dir.rglob("*.md"):
        groups += GROUP_FILTER.findall(page.read_text(encoding="utf-8"))
    if not groups or not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    starts = [m for m in ENTRY.finditer(text) if m.group(1).lower() not in NOT_ENTRIES]
    problems = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        keywords = KEYWORDS.search(text, match.end(), end)
        value = keywords.group(1) if keywords else ""
        if not any(re.search(group, value) for group in groups):
            problems.append(
                Problem(
                    path,
                    text.count("\n", 0, match.start()) + 1,
                    1,
                    Code.BIBTEX,
                    f"entry {match.group(2)!r} is in no group of the bibliography page",
                    f"add keywords = {{...}} with one of: {', '.join(sorted(set(groups)))}",
                )
            )
    return problems
