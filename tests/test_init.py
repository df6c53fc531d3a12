"""`edition init`: a second edition, made in a temporary folder with the package as its
dependency, filled with `edition new-source` and `edition new-note`, checked, locked and
built as HTML, LaTeX and EPUB with zero warnings. Nothing of this repository's edition
is in it: what differs between editions is configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from edition.book.build import book_name
from edition.cli.main import main

LETTER = """\
Киев, 3 марта 1918 года.

Дорогой брат! Пишу тебе из Киева, где всё изменилось за одну неделю.

Передай поклон матери и сёстрам.
"""
TRANSLATION = """\
lang: en
role: translation
blocks:
- id: p1
  text: Kyiv, 3 March 1918.
- id: p2
  text: Dear brother! I am writing to you from Kyiv, where everything changed in one week.
- id: p3
  text: Give my regards to mother and our sisters.
"""
TITLE = "Letters from Kyiv, 1918: A Test Edition"


def _sphinx(docs: Path, out: Path, builder: str, *extra: str) -> None:
    """A build with -W --keep-going -n, as the edition's Makefile runs it: no warning."""
    doctrees = out.parent / f".doctrees-{builder}"
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q"]
    done = subprocess.run(
        [*command, "-d", str(doctrees), *extra, str(docs), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == "", done.stderr
    assert done.returncode == 0, done.stdout


@pytest.fixture
def letters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new edition with one document: a Russian letter, translated, with one note."""
    root = tmp_path / "letters-1918"
    assert main(["init", str(root), "--title", TITLE, "--author", "Jane Roe"]) == 0
    seed = tmp_path / "letter.txt"
    seed.write_text(LETTER, encoding="utf-8")
    at = ["--root", str(root)]
    assert main([*at, "new-source", str(seed), "--slug", "letter-1918", "--lang", "ru"]) == 0
    folder = root / "sources" / "letter-1918"
    (folder / "translation.yaml").write_text(TRANSLATION, encoding="utf-8")
    assert main([*at, "new-note", "letter-1918", "p2", "из Киева", "--id", "n-kyiv"]) == 0
    notes = folder / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    stub = "TODO: write the note (cite bibliography.bib keys)."
    assert stub in text
    notes.write_text(text.replace(stub, "Kyiv was then held by the Central Powers."), "utf-8")
    assert main([*at, "lock"]) == 0
    capsys.readouterr()
    return root


def test_a_new_edition_is_checked_and_builds_without_warnings(
    letters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, docs = letters, letters / "docs"
    assert main(["--root", str(root), "check"]) == 0
    assert "1 source checked, 0 problems" in capsys.readouterr().out
    lock = yaml.safe_load((root / "sources" / "anchors.lock.yaml").read_text(encoding="utf-8"))
    assert lock["pages"]["sources/letter-1918"] == ["p1", "p2", "p3", "n-kyiv"]
    assert {"index", "book", "register/actors", "bibliography"} <= set(lock["pages"])
    # new-source put the document into the empty toctrees of the title page and the book
    for page in ("index.md", "book.md"):
        assert "\nsources/letter-1918\n" in (docs / page).read_text(encoding="utf-8"), page

    build = tmp_path / "build"
    _sphinx(docs, build / "html", "html")
    page = (build / "html" / "sources" / "letter-1918.html").read_text(encoding="utf-8")
    assert 'id="p2"' in page and 'id="n-kyiv"' in page and "из Киева" in page
    assert "Kyiv was then held by the Central Powers." in page
    index = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert "Letters from Kyiv, 1918" in index and "sources/letter-1918.html" in index

    assert book_name(docs) == "letters-1918"  # from the folder's name, in conf.py
    _sphinx(docs, build / "latex", "latex")
    tex = (build / "latex" / "letters-1918.tex").read_text(encoding="utf-8")
    assert "Letters from Kyiv, 1918" in tex and "Дорогой брат" in tex

    _sphinx(docs, build / "epub", "epub", "-t", "epub")
    assert (build / "epub" / "letters-1918.epub").is_file()
    assert not (build / "epub" / "index.xhtml").exists()  # the e-book starts at book.md


def test_nothing_of_this_edition_is_in_the_new_one(letters: Path) -> None:
    """The new edition's files name none of this repository's edition."""
    for path in letters.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".md", ".yaml", ".bib", ".txt", ""):
            text = path.read_text(encoding="utf-8")
            for word in ("DPRK", "zhebin", "pompeo", "rt-choe", "essay-dprk", "Four Documents"):
                assert word not in text, (path, word)


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(folder), "--title", "A title"]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder is left


def test_init_writes_into_an_empty_folder_and_refuses_bad_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["init", str(empty), "--title", "T", "--book", "Bad Name"]) == 1
    assert "book name" in capsys.readouterr().err
    assert main(["init", str(empty), "--title", "T", "--language", "fr"]) == 1
    assert not any(empty.iterdir())
    assert main(["init", str(empty), "--title", "A *starred* title", "--book", "starred"]) == 0
    assert (empty / "docs" / "conf.py").is_file()
    assert book_name(empty / "docs") == "starred"
    index = (empty / "docs" / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# A \\*starred\\* title\n")


def test_the_book_name_is_configuration() -> None:
    """This edition's book is named in its conf.py, not in the package."""
    from conftest import REPO

    assert book_name(REPO / "docs") == "dprk-us-edition"
