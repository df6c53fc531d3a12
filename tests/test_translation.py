"""Every paragraph has its translation, in the right language, with the edition's names."""

from __future__ import annotations

import re

import pytest

from edition.data.project import Project

CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
URL = re.compile(r"\S+://\S+|\S+@\S+")


def _rows(edition: Project):
    for source in edition.sources.values():
        translations = source.translation.by_id()
        for block in source.original.rendered:
            yield source, block, translations[block.id]


def test_every_original_block_has_a_non_empty_translation(edition: Project) -> None:
    count = 0
    for source, block, translation in _rows(edition):
        assert translation.text.strip(), f"{source.slug}#{block.id}"
        assert translation.kind == block.kind
        count += 1
    assert count >= 80  # the four documents have 80 rows between them


def test_translations_are_in_their_language(edition: Project) -> None:
    for source, block, translation in _rows(edition):
        text = URL.sub("", translation.text)
        if source.translation.lang == "en":
            assert not CYRILLIC.search(text), f"{source.slug}#{block.id}: {text[:80]}"
        elif not CYRILLIC.search(block.text):  # Zhebin's Russian references stay as printed
            assert CYRILLIC.search(text), f"{source.slug}#{block.id} is not translated"


def test_translation_length_is_plausible(edition: Project) -> None:
    """A dropped or added sentence shows as an outlying length ratio."""
    for source, block, translation in _rows(edition):
        if len(block.text) < 80:
            continue
        ratio = len(translation.text) / len(block.text)
        assert 0.6 < ratio < 1.7, f"{source.slug}#{block.id}: length ratio {ratio:.2f}"


def test_sentence_counts_match(edition: Project) -> None:
    def sentences(text: str) -> int:
        # A sentence ends at . ! ? … before a capital or the end of the text, but not after
        # a lower-case abbreviation of one or two letters (г., гг.) or an initial (M.V., U.S.).
        text = URL.sub("URL", text)
        ends = re.findall(
            r"(?<!\s[a-zа-яё])(?<!\s[a-zа-яё]{2})(?<![\s.][A-ZА-ЯЁ])"
            r"[.!?…][»”\"]?(?=\s+[«“\"(]?[A-ZА-ЯЁІЇЄ]|\s*$)",
            text,
        )
        return len(ends)

    for source, block, translation in _rows(edition):
        if block.kind != "paragraph" or block.id.startswith("r"):
            continue
        difference = abs(sentences(block.text) - sentences(translation.text))
        assert difference <= 1, f"{source.slug}#{block.id}"


@pytest.mark.parametrize(
    ("lang", "wrong", "right"),
    [
        ("en", "Beagan", "Biegun"),
        ("en", "Kim Jong-un", "Kim Jong Un"),
        ("ru", "Биган", "Бигэн"),
        ("ru", "Цой Сон Хи", "Чхве Сон Хи"),
    ],
)
def test_names_follow_the_editions_conventions(
    edition: Project, lang: str, wrong: str, right: str
) -> None:
    texts = [t.text for s, _b, t in _rows(edition) if s.translation.lang == lang]
    joined = "\n".join(texts)
    assert wrong not in joined
    assert right in joined


def test_markers_are_kept_in_the_translation(edition: Project) -> None:
    source = edition.sources["essay-dprk-us-2019"]
    for block in source.original.rendered:
        markers = re.findall(r"\[\d\]", block.text)
        assert re.findall(r"\[\d\]", source.translation.by_id()[block.id].text) == markers
