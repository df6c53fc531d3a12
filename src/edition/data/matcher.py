"""Finding name forms in text: an index of the forms by their first word.

The register may hold thousands of forms. One regular expression per name would make
linking cost grow with the register; a single pattern of all forms (even factored into a
trie) takes seconds to compile at that size. Instead the forms are indexed by their first
word: the text is read word by word, and at each word only the forms that begin with it
are tried, longest first. The cost grows with the length of the text, not the size of the
register, and building the index is a dictionary insert per form. Matches are whole words
(never inside a word), leftmost, and longest, as a regular expression
``(?<!\\w)(?:form|...)(?!\\w)`` would find them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_FIRST_WORD = re.compile(r"\w+")


def _is_word_char(char: str) -> bool:
    # What \w matches in a str pattern: Unicode letters and digits, and the underscore.
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    form: str


class FormMatcher:
    """Whole-word matcher for a fixed set of forms (one language)."""

    def __init__(self, forms: Iterable[str]) -> None:
        unique = sorted({form for form in forms if form})
        self.forms = unique
        # The key of a form is its first word; a form that begins with a sign (a quotation
        # mark, say) is keyed by that sign.
        index: dict[str, list[str]] = {}
        signs: set[str] = set()
        for form in unique:
            first = _FIRST_WORD.match(form)
            key = first.group(0) if first else form[0]
            if not first:
                signs.add(key)
            index.setdefault(key, []).append(form)
        for candidates in index.values():
            candidates.sort(key=len, reverse=True)  # the longest form wins
        self._index = index
        alternatives = [r"\w+"] + [re.escape(sign) for sign in sorted(signs)]
        self._tokens = re.compile("|".join(alternatives))

    def finditer(self, text: str) -> Iterator[Match]:
        if not self._index:
            return
        index = self._index
        length = len(text)
        resume = 0  # matches never overlap: the next one starts after the last
        for token in self._tokens.finditer(text):
            start = token.start()
            if start < resume:
                continue
            candidates = index.get(token.group(0))
            if candidates is None:
                continue
            if start and _is_word_char(text[start - 1]):
                continue  # a sign inside a word (a word run always starts a word)
            for form in candidates:
                end = start + len(form)
                if text.startswith(form, start) and (end == length or not _is_word_char(text[end])):
                    yield Match(start, end, form)
                    resume = end
                    break
