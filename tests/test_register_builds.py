"""Correctness under change: -j 2 gives the same HTML as -j 1, and an incremental build
after editing one source leaves no stale "mentioned in" link."""

from __future__ import annotations

import filecmp
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from conftest import REPO


def _build(out: Path, jobs: str, *settings: str) -> None:
    command = ["-b", "html", "-q", "-E", "-j", jobs, *settings, str(REPO / "docs"), str(out)]
    assert build_main(command) == 0


@pytest.mark.slow
def test_parallel_build_gives_the_same_html(tmp_path: Path, seeds_dir: Path) -> None:
    _build(tmp_path / "j1", "1")
    _build(tmp_path / "j2", "2")
    pages = sorted(p.relative_to(tmp_path / "j1") for p in (tmp_path / "j1").rglob("*.html"))
    assert len(pages) > 10
    different = [
        str(page)
        for page in pages
        if not filecmp.cmp(tmp_path / "j1" / page, tmp_path / "j2" / page, shallow=False)
    ]
    assert different == []


@pytest.mark.slow
def test_register_lists_written_as_html_are_those_of_the_nodes(
    built_edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "mentioned in" lists of the HTML register pages are written as HTML directly
    (edition.sphinx_ext.mention_lists); built as nodes instead (the optimisation switched
    off, and the memory's too), every page is the same."""
    from edition.sphinx_ext import mention_lists

    written_as_html = []
    as_html = mention_lists._HTMLLinks.paragraph

    def counted(self: Any, *args: Any) -> Any:
        written_as_html.append(args[0])
        return as_html(self, *args)

    monkeypatch.setattr(mention_lists._HTMLLinks, "paragraph", counted)
    off = ("-D", "edition_register_lists_as_html=0", "-D", "edition_lean_memory=0")
    _build(tmp_path / "nodes", "1", *off)
    assert written_as_html == []  # the switch turns the optimisation off
    _build(tmp_path / "html", "1")
    assert written_as_html  # and it is on by default
    pages = sorted((built_edition / "register").glob("*.html"))
    assert sum(page.read_text(encoding="utf-8").count("ed-mentioned-in") for page in pages) > 100
    for page in pages:
        assert filecmp.cmp(page, tmp_path / "nodes" / "register" / page.name, shallow=False)


@pytest.mark.slow
def test_register_fields_written_as_html_are_those_of_the_nodes(
    built_edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The website's register pages get their entries' fields as HTML written after
    Sphinx's post-transforms (edition.sphinx_ext.register_fields_html); made as a field
    list before the post-transforms instead (the optimisation switched off), every page is
    the same, links and Korean runs included."""
    from edition.sphinx_ext import register_fields_html

    written_as_html: list[int] = []
    as_html = register_fields_html.fields_html

    def counted(*args: Any) -> str:
        written_as_html.append(1)
        return as_html(*args)

    monkeypatch.setattr(register_fields_html, "fields_html", counted)
    _build(tmp_path / "nodes", "1", "-D", "edition_register_fields_when_written=0")
    assert written_as_html == []  # the switch turns the optimisation off
    _build(tmp_path / "html", "1")
    assert len(written_as_html) > 100  # and it is on by default: once per entry
    pages = sorted((built_edition / "register").glob("*.html"))
    html = "".join(page.read_text(encoding="utf-8") for page in pages)
    assert 'class="reference internal" href="actors.html#' in html  # participants
    assert '<span lang="ko">' in html and "ed-entry-fields field-list simple" in html
    assert '<dl class="ed-entry-fields field-list">' in html  # an entry with two roles
    for page in pages:
        assert filecmp.cmp(page, tmp_path / "nodes" / "register" / page.name, shallow=False)


def _mentioned(app: Any, entry: str) -> list[str]:
    html = (app.outdir / "register" / "actors.html").read_text(encoding="utf-8")
    section = BeautifulSoup(html, "html.parser").select_one(f"section#{entry}")
    return [a["href"] for a in section.select(".ed-mentioned-in a")]


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-incremental")
def test_incremental_build_updates_the_register(app_params: Any, make_app: Any) -> None:
    args, kwargs = app_params
    app = make_app(*args, **kwargs)
    app.build()
    assert _mentioned(app, "angle-org") == ["../sources/demo.html#p1"]
    app.cleanup()  # as a new process would: the next build starts with a clean docutils
    translation = kwargs["srcdir"] / "data" / "sources" / "demo" / "translation.yaml"
    translation.write_text(
        translation.read_text(encoding="utf-8").replace(
            "со второй строкой.", "со второй строкой, угловые."
        ),
        encoding="utf-8",
    )
    again = make_app(*args, **kwargs)
    again.build()
    assert again.warning.getvalue() == ""
    assert _mentioned(again, "angle-org") == [
        "../sources/demo.html#p1",
        "../sources/demo.html#p2",
    ]


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-one-note")
def test_changing_one_note_rewrites_only_what_shows_it(app_params: Any, make_app: Any) -> None:
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    first.cleanup()
    notes = kwargs["srcdir"] / "data" / "sources" / "demo" / "notes.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("A note on the crosshead.", "A new note."),
        encoding="utf-8",
    )
    second = make_app(*args, **kwargs)
    second.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", second.status.getvalue())  # no colours
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status)
    written = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status)
    assert read == ["sources/demo"]
    assert "sources/demo" in written
    assert not {"register/actors", "register/events", "register/chronology"} & set(written)
    assert "index" not in written  # it lists the page, whose title and sections are the same
    assert "index" in second.env.files_to_rebuild["sources/demo"]  # kept for later builds


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-retitled")
def test_a_changed_title_rewrites_the_pages_that_list_it(app_params: Any, make_app: Any) -> None:
    args, kwargs = app_params
    first = make_app(*args, **kwargs)
    first.build()
    first.cleanup()
    page = kwargs["srcdir"] / "sources" / "demo.md"
    text = page.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    assert title.startswith("# ")
    page.write_text(text.replace(title, title + " (retitled)", 1), encoding="utf-8")
    second = make_app(*args, **kwargs)
    second.build()
    status = re.sub(r"\x1b\[[0-9;]*m", "", second.status.getvalue())
    written = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status)
    assert {"sources/demo", "index"} <= set(written)
    listing = (second.outdir / "index.html").read_text(encoding="utf-8")
    assert "(retitled)" in listing


@pytest.mark.slow
def test_the_register_pages_keep_only_the_contents_they_show(
    built_edition: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register page's table of contents in Sphinx's environment stops at its
    ``tocdepth`` (its groups), not at its every entry (a fifth of a large edition's
    saved environment); with every entry kept (the cut switched off), every page is the
    same."""
    import pickle

    from docutils import nodes

    from edition.sphinx_ext import register_pages

    with open(built_edition / ".doctrees" / "environment.pickle", "rb") as saved:
        env = pickle.load(saved)
    anchors = [
        str(ref["anchorname"])
        for ref in env.tocs["register/actors"].findall()
        if ref.tagname == "reference"
    ]
    assert "#type-person" in anchors
    assert not [anchor for anchor in anchors if anchor.startswith("#kim-jong")]
    monkeypatch.setattr(register_pages, "_keep_the_shown_contents", lambda app, doctree: None)
    _build(tmp_path / "whole", "1")
    with open(tmp_path / "whole" / ".doctrees" / "environment.pickle", "rb") as saved:
        whole = pickle.load(saved).tocs["register/actors"]
    assert "#kim-jong-un" in [str(r["anchorname"]) for r in whole.findall(nodes.reference)]
    pages = sorted(p.relative_to(built_edition) for p in built_edition.rglob("*.html"))
    different = [
        str(page)
        for page in pages
        if not filecmp.cmp(built_edition / page, tmp_path / "whole" / page, shallow=False)
    ]
    assert different == []
