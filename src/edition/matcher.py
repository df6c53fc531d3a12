"""Finding name forms in text: one compiled pattern per language, built as a trie.

The register may hold thousands of forms. One regular expression per name would make
linking cost grow with the register; a plain alternation of all forms makes the regex
engine try every form at every position. Factoring the forms into a trie first gives one
compiled pattern in which each position of the text is tried only along the characters
that can still match, so the cost grows with the length of the text, not the size of the
register. Matches are whole words (never inside a word), leftmost, and longest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_END = ""  # the key that marks the end of a form in a trie node


def _trie(forms: Iterable[str]) -> dict[str, dict]:
    root: dict[str, dict] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[_END] = {}
    return root


def _pattern(node: dict[str, dict]) -> str:
    """The regex of a trie node: longer continuations first, so the match is the longest."""
    ends = _END in node
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # The form may end here; a longer one is tried first. The group is atomic-free on
        # purpose: if the longer form is not followed by a word boundary, the shorter wins.
        return f"(?:{body})?"
    return body


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    form: str


class FormMatcher:
    """Whole-word matcher for a fixed set of forms (one language)."""

    def __init__(self, forms: Iterable[str]) -> None:
        unique = sorted(set(forms))
        self.forms = unique
        if unique:
            body = _pattern(_trie(unique))
            self._regex: re.Pattern[str] | None = re.compile(rf"(?<!\w)(?:{body})(?!\w)")
        else:
            self._regex = None

    def finditer(self, text: str) -> Iterator[Match]:
        if self._regex is None:
            return
        for found in self._regex.finditer(text):
            if found.end() > found.start():
                yield Match(found.start(), found.end(), found.group(0))
