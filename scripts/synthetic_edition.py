#!/usr/bin/env python3
"""A synthetic edition for benchmarks: N documents, a register of M entries, K notes per
document, a bibliography of B entries, and the same text as plain MyST pages (the
baseline: two sphinx-design columns per paragraph, plain footnotes, the register and the
bibliography as ordinary pages, no register linking).

    python scripts/synthetic_edition.py OUT --documents 200 --entries 5000 --notes 10 \\
        --bib 300 --seed 1

Deterministic from --seed. OUT/edition is a project the edition's extension builds
(docs/ with conf.py, sources/, bibliography.bib); OUT/baseline is a plain Sphinx project.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

LANGS = ("ru", "uk", "en")
SYLLABLES = {  # a few syllables per language make words that look like the language
    "ru": tuple("ка ли но ра те ми су до вы ре ло на ко ри ту ся ме бо".split(" ")),  # noqa: SIM905
    "uk": tuple("ка лі но ра те мі су до ви ре ло на ко рі ту ся ме бо".split(" ")),  # noqa: SIM905
    "en": tuple("ka li no ra te mi su do vi re lo na ko ri tu sa me bo".split(" ")),  # noqa: SIM905
}
ENDINGS = {"ru": ["", "а", "у", "ом", "е"], "uk": ["", "а", "у", "ом", "і"], "en": ["", "'s"]}
TRANSLATION = {"ru": "en", "uk": "en", "en": "ru"}


def word(rng: random.Random, lang: str, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES[lang]) for _ in range(syllables))


def sentence(rng: random.Random, lang: str, names: list[str]) -> str:
    words = [word(rng, lang, rng.randint(1, 4)) for _ in range(rng.randint(8, 18))]
    if names and rng.random() < 0.6:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def generate(out: Path, documents: int, entries: int, notes: int, bib: int, seed: int) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    edition = out / "edition"
    baseline = out / "baseline"
    (edition / "sources" / "register").mkdir(parents=True)
    (edition / "docs" / "sources").mkdir(parents=True)
    (baseline / "sources").mkdir(parents=True)

    # The register: M entries, each with a base form and inflected forms per language.
    register_names: dict[str, list[str]] = {lang: [] for lang in LANGS}
    lines = ["actors:"]
    # The baseline's register: the same entries as ordinary MyST sections.
    plain_register = ["---", "tocdepth: 2", "---", "# Actors", "", "## People", ""]
    for number in range(entries):
        forms = {}
        for lang in LANGS:
            base = f"{word(rng, lang, 3).capitalize()}{number}"
            forms[lang] = [base + ending for ending in ENDINGS[lang]]
            register_names[lang].append(base)
        lines += [
            f"- id: actor-{number}",
            "  type: person",
            f"  name: Person {number}",
            "  names:",
            *(f"    {lang}: [{', '.join(forms[lang])}]" for lang in LANGS),
            f"  description: A synthetic person, number {number}.",
        ]
        plain_register += [
            f"(actor-{number})=",
            f"### Person {number}",
            "",
            "; ".join(f"{lang}: {', '.join(forms[lang])}" for lang in LANGS),
            "",
            f"A synthetic person, number {number}.",
            "",
        ]
    (edition / "sources" / "register" / "actors.yaml").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )

    keys = [f"work{n}" for n in range(bib)]
    (baseline / "register").mkdir()
    (baseline / "register" / "actors.md").write_text("\n".join(plain_register), encoding="utf-8")
    (baseline / "bibliography.md").write_text(
        "# Bibliography\n\n"
        + "".join(
            f"(bib-{key})=\nAuthor{n}, A. {2000 + n % 25}. *Work {n}*. Press.\n\n"
            for n, key in enumerate(keys)
        ),
        encoding="utf-8",
    )
    (edition / "bibliography.bib").write_text(
        "".join(
            f"@book{{{key},\n  author = {{Author{n}, A.}},\n  title = {{Work {n}}},\n"
            f"  year = {{{2000 + n % 25}}},\n  publisher = {{Press}},\n"
            "  keywords = {editorial},\n}\n\n"
            for n, key in enumerate(keys)
        ),
        encoding="utf-8",
    )

    toc = []
    for doc in range(documents):
        slug = f"doc-{doc:04d}"
        lang = LANGS[doc % 3]
        other = TRANSLATION[lang]
        folder = edition / "sources" / slug
        folder.mkdir()
        count = rng.randint(20, 60)
        # Names with an inflection, as they would stand in a text.
        inflected = [
            rng.choice(register_names[lang]) + rng.choice(ENDINGS[lang]) for _ in range(30)
        ]
        originals = [
            " ".join(sentence(rng, lang, inflected) for _ in range(rng.randint(2, 5)))
            for _ in range(count)
        ]
        translations = [
            " ".join(sentence(rng, other, register_names[other][:50]) for _ in range(2))
            for _ in range(count)
        ]

        def blocks(texts: list[str]) -> str:
            return "".join(f"- id: p{i}\n  text: {t}\n" for i, t in enumerate(texts, 1))

        (folder / "original.yaml").write_text(
            f"lang: {lang}\nrole: original\nblocks:\n{blocks(originals)}", encoding="utf-8"
        )
        (folder / "translation.yaml").write_text(
            f"lang: {other}\nrole: translation\nblocks:\n{blocks(translations)}", encoding="utf-8"
        )
        (folder / "source.yaml").write_text(
            f"id: {slug}\nseed: {{file: none.txt, sha256: '{'0' * 64}'}}\n"
            f"editorial_title: Synthetic document {doc}\nshort_title: Doc {doc}\n"
            "title: null\ntitle_translation: null\ngenre: synthetic\n"
            "authorship: unsigned\nauthors: []\noutlet: null\ndate: null\n"
            f"language: {lang}\ntranslation_language: {other}\nurl: null\n"
            "provenance_status: not identified\nprovenance: Synthetic.\n"
            "original_is: Generated text.\ntranslation_is: Generated text.\n",
            encoding="utf-8",
        )
        note_lines = ["notes:"]
        baseline_notes: dict[int, list[str]] = {}
        for n in range(notes):
            paragraph = rng.randrange(count)
            first = originals[paragraph].split()[0].replace("'", "''")
            key = rng.choice(keys)
            note_lines += [
                f"- id: n-{n}",
                f"  paragraph: p{paragraph + 1}",
                "  column: original",
                f"  phrase: '{first}'",
                "  occurrence: 1",
                "  kind: context",
                f"  body: A synthetic note citing {{cite:p}}`{key}`.",
                "  credit: {by: Bench, date: 2026-11-23}",
            ]
            baseline_notes.setdefault(paragraph, []).append(f"A synthetic note citing {key}.")
        (folder / "notes.yaml").write_text("\n".join(note_lines) + "\n", encoding="utf-8")
        (edition / "docs" / "sources" / f"{slug}.md").write_text(
            f"# Synthetic document {doc}\n\n```{{edition-document}} {slug}\n```\n",
            encoding="utf-8",
        )
        # The baseline: the same text as ordinary MyST, two columns per paragraph.
        page = [f"# Synthetic document {doc}\n"]
        footnotes = []
        for i, (original, translation) in enumerate(zip(originals, translations, strict=True)):
            marks = ""
            for k, text in enumerate(baseline_notes.get(i, [])):
                marks += f"[^n{i}-{k}]"
                footnotes.append(f"[^n{i}-{k}]: {text}")
            page += [
                f"(p{i + 1})=",
                "::::{grid} 2",
                f":::{{grid-item}}\n{original}{marks}\n:::",
                f":::{{grid-item}}\n{translation}\n:::",
                "::::",
                "",
            ]
        (baseline / "sources" / f"{slug}.md").write_text(
            "\n".join(page + footnotes) + "\n", encoding="utf-8"
        )
        toc.append(f"sources/{slug}")

    toctree = "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(toc) + "\n```\n"
    (edition / "docs" / "bibliography.md").write_text(
        '# Bibliography\n\n```{bibliography}\n:filter: keywords % "editorial"\n```\n',
        encoding="utf-8",
    )
    (edition / "docs" / "conf.py").write_text(
        'project = "Synthetic edition"\n'
        'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "edition"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
        'bibtex_bibfiles = ["../bibliography.bib"]\n'
        'bibtex_default_style = "edition"\nbibtex_reference_style = "edition"\n'
        'html_theme = "furo"\nedition_root = ".."\nedition_seeds_dir = "no-seeds"\n'
        # The HTML settings of the conf.py `edition init` writes (the baseline keeps
        # Sphinx's defaults): no general index, no copies of the page sources.
        "html_use_index = False\nhtml_copy_source = False\nhtml_show_sourcelink = False\n",
        encoding="utf-8",
    )
    (edition / "docs" / "index.md").write_text(
        f"# Synthetic edition\n\n{toctree}\n```{{toctree}}\nregister/actors\nbibliography\n```\n",
        encoding="utf-8",
    )
    (edition / "docs" / "register").mkdir()
    (edition / "docs" / "register" / "actors.md").write_text(
        "# Actors\n\n```{edition-register} actors\n```\n", encoding="utf-8"
    )
    (baseline / "index.md").write_text(
        f"# Baseline\n\n{toctree}\n```{{toctree}}\nregister/actors\nbibliography\n```\n",
        encoding="utf-8",
    )
    (baseline / "conf.py").write_text(
        'project = "Baseline"\nextensions = ["myst_parser", "sphinx_design"]\n'
        'myst_enable_extensions = ["colon_fence"]\nhtml_theme = "furo"\n',
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--bib", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.documents, args.entries, args.notes, args.bib, args.seed)
    print(f"wrote {args.out}/edition and {args.out}/baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
