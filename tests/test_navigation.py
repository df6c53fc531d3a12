"""edition.sphinx_ext.navigation: the folder's template, marked for one page, is furo's own
navigation of that page (furo's rewrite of Sphinx's toctree with the page current)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from furo.navigation import get_navigation_tree

from edition.sphinx_ext.navigation_template import folder_template


def _toctree(current: str | None) -> str:
    """Sphinx's toctree HTML for a two-level tree, with ``current`` marked as Sphinx
    marks it (its item, the items and lists it lies within, its link)."""

    def item(level: int, href: str, title: str, within: tuple[str, ...] = ()) -> str:
        on_path = current is not None and current in (href, *within)
        classes = f"toctree-l{level}" + (" current" if on_path else "")
        if href == current:
            link = f'<a class="current reference internal" href="#">{title}</a>'
        else:
            link = f'<a class="reference internal" href="{href}">{title}</a>'
        children = bullet_list(within, level + 1) if within else ""
        return f'<li class="{classes}">{link}{children}</li>'

    def bullet_list(hrefs: tuple[str, ...], level: int) -> str:
        on_path = current in hrefs
        items = [item(level, href, href.upper()) for href in hrefs]
        return ('<ul class="current">' if on_path else "<ul>") + "\n".join(items) + "</ul>"

    sources = ("sources/a.html", "sources/b.html")
    top = [
        item(1, "intro.html", "Introduction"),
        item(1, "sources/index.html", "Sources", sources),
        item(1, "register.html", "Register"),
    ]
    on_path = current in ("intro.html", "sources/index.html", "register.html", *sources)
    return ('<ul class="current">' if on_path else "<ul>") + "\n".join(top) + "</ul>"


def test_the_template_marks_each_page_as_furo_does() -> None:
    template = folder_template(get_navigation_tree(_toctree(None)))
    assert template is not None
    for page in ("intro.html", "sources/index.html", "sources/b.html", "register.html"):
        assert template.serves(page)
        assert template.render(page) == get_navigation_tree(_toctree(page)), page


def test_a_page_that_is_not_in_the_tree_has_no_current_entry() -> None:
    template = folder_template(get_navigation_tree(_toctree(None)))
    assert template is not None
    assert template.render("elsewhere.html") == get_navigation_tree(_toctree(None))


def test_pages_listed_twice_or_with_anchors_are_left_to_furo() -> None:
    html = _toctree(None).replace(
        "</ul>",
        '<li class="toctree-l1"><a class="reference '
        'internal" href="intro.html">Again</a></li><li class="toctree-l1"><a class="reference '
        'internal" href="register.html#people">People</a></li></ul>',
        1,
    )
    template = folder_template(get_navigation_tree(html))
    assert template is not None
    assert not template.serves("intro.html") and not template.serves("register.html")
    assert template.serves("sources/a.html")


def test_a_tree_with_a_current_entry_is_nofolder_template() -> None:
    assert folder_template(get_navigation_tree(_toctree("sources/a.html"))) is None


def test_a_rebuild_marks_its_pages_from_the_kept_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder's template found equal to furo's way is kept with the doctrees: a
    rebuild after one note changed writes that page from it, without making and
    comparing it again and without furo making its navigation from the folder's tree,
    and the page is a clean build's."""
    import furo

    from edition.sphinx_ext import navigation
    from test_incremental import _build, _edition, _pages

    made: list[str] = []
    make = navigation.folder_template

    def counted(folder_navigation: str) -> Any:
        made.append(folder_navigation)
        return make(folder_navigation)

    monkeypatch.setattr(navigation, "folder_template", counted)
    given: list[str] = []  # the trees furo makes its navigation from
    furos_navigation = furo.get_navigation_tree

    def watched(toctree_html: str) -> Any:
        given.append(toctree_html)
        return furos_navigation(toctree_html)

    monkeypatch.setattr(furo, "get_navigation_tree", watched)
    source = _edition(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "furo"\n')  # the navigation of furo's sidebar
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert made  # made, compared with furo's way, and kept
    assert any(given)
    folders = _kept_folders(out)
    assert len(folders) >= 2  # the title page's, the documents', ...
    made.clear()
    given.clear()
    notes = source / "data" / "sources" / "demo" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("A note on the crosshead.", "A new note."), encoding="utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert made == []
    assert given and not any(given)  # furo was given no tree to make
    assert _kept_folders(out) == folders  # those of folders not written again too
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    assert _pages(out) == _pages(clean)


def _kept_folders(out: Path) -> set[str]:
    """The folders (as their unlisted page names) whose templates are kept."""
    import pickle

    from edition.sphinx_ext.navigation import NavigationCache

    with open(out / ".doctrees" / NavigationCache.KEPT, "rb") as kept:
        return {key.partition("\0")[0] for key in pickle.load(kept)}


def test_the_folders_tree_is_made_again_only_when_it_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild in which no page came or went and every page read kept its title and
    table of contents takes each folder's tree digest from the last build, without making
    the tree; a changed title or a new page makes it again, as does a kept digest of
    another generation of the tree (an interrupted build)."""
    from edition.sphinx_ext import navigation
    from test_incremental import _build, _edition, _pages, _replace

    made: list[str] = []
    toctree = navigation.NavigationCache.toctree

    def counted(self: navigation.NavigationCache, pagename: str) -> str:
        made.append(pagename)
        return toctree(self, pagename)

    monkeypatch.setattr(navigation.NavigationCache, "toctree", counted)
    source = _edition(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_theme = "furo"\n')
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert made
    made.clear()
    notes = source / "data" / "sources" / "demo" / "notes.yaml"
    _replace(notes, "A note on the crosshead.", "A new note.")
    assert _build(source, out, "1", clean=False) == ""
    assert made == []
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    assert _pages(out) == _pages(clean)
    _replace(source / "links.md", "# Links", "# Links between pages")
    assert _build(source, out, "1", clean=False) == ""
    assert made  # a page read has another title: the tree may have changed
    made.clear()
    _replace(notes, "A new note.", "A newer note.")
    assert _build(source, out, "1", clean=False) == ""
    assert set(made) == {"sources/demo"}  # its folder's digest is not of this generation
    made.clear()
    _replace(notes, "A newer note.", "A newest note.")
    assert _build(source, out, "1", clean=False) == ""
    assert made == []  # now it is
    (source / "extra.md").write_text("# Extra\n\nA page in no tree.\n", encoding="utf-8")
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('suppress_warnings = ["toc.not_included"]\n')
    assert _build(source, out, "1", clean=False) == ""
    assert made  # the configuration changed, and a page came
    made.clear()
    (source / "extra.md").unlink()
    assert _build(source, out, "1", clean=False) == ""
    assert made  # a page went
    made.clear()
    kept = out / ".doctrees" / navigation.NavigationCache.KEPT
    cache = navigation.ParseCache(kept.parent, kept.name)
    _, trees = cache.get(navigation.TREES)
    cache.put(navigation.TREES, ("an interrupted build's", trees))
    cache.carry_over(lambda key: True)
    cache.save()
    _replace(notes, "A newest note.", "The newest note.")
    assert _build(source, out, "1", clean=False) == ""
    assert made  # kept digests of another generation are not used
