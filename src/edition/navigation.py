"""The sidebar's navigation tree, built once per folder instead of once per page.

furo builds each page's navigation from Sphinx's whole table of contents, then rewrites
it with BeautifulSoup: each page costs time in proportion to the number of pages, and the
build in proportion to its square (a fifth of a 200-document build). Two pages of
one folder get the same tree except for the entries marked current. So furo is handed,
for every page of a folder, the tree as seen from a page that is not in it (one string,
which furo's own cache then rewrites once), and the current entries of each page are
marked afterwards from a template. The HTML is the same as furo's own; a test compares
every page of the edition built both ways. ``edition_navigation_cache = False`` turns
this off.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from sphinx.environment.adapters.toctree import global_toctree_for_doc

# What furo asks Sphinx's ``toctree()`` for (furo/__init__.py, _compute_navigation_tree).
FURO_TOCTREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
# A page name that is in no table of contents: the tree as seen from its folder.
OUTSIDE = "__edition_navigation__"
SLOT = re.compile(r' ?(?:checked)?__edition_slot_([LUAC])(\d+)__(?:="")?')


@dataclass
class Template:
    """A folder's navigation as text with a slot for each mark of the current page."""

    parts: list[str | tuple[str, int]]
    classes: list[list[str]]  # per list item: its classes other than furo's has-children
    has_children: list[bool]
    link_attributes: list[str]  # per list item: its link's attributes as furo wrote them
    outer_items: list[list[int]]  # per list item: the list items it lies within
    outer_lists: list[list[int]]  # per list item: the lists it lies within
    item_of_href: dict[str, int] = field(default_factory=dict)

    def render(self, page_href: str | None) -> str | None:
        """The navigation with the item linking to ``page_href`` marked current, as
        Sphinx and furo mark it; None when that link is not there exactly once."""
        if page_href is None:
            current_items: set[int] = set()
            current_lists: set[int] = set()
            page_item = -1
        else:
            page_item = self.item_of_href.get(page_href, -1)
            if page_item < 0:
                return None
            current_items = {page_item, *self.outer_items[page_item]}
            current_lists = set(self.outer_lists[page_item])
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            kind, index = part
            if kind == "L":
                names = list(self.classes[index])
                if index in current_items:
                    names.append("current")
                if self.has_children[index]:
                    names.append("has-children")
                if index == page_item:
                    names.append("current-page")
                out.append(" ".join(names))
            elif kind == "U":
                out.append(' class="current"' if index in current_lists else "")
            elif kind == "A":
                out.append(
                    ' class="current reference internal" href="#"'
                    if index == page_item
                    else self.link_attributes[index]
                )
            else:  # the checkbox of an item with children: checked when it is current
                out.append(' checked=""' if index in current_items else "")
        return "".join(out)


def _template(navigation: str) -> Template | None:
    """The template of a folder's navigation (furo's HTML, no entry current), or None
    when its shape is not the one this module knows."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(navigation, "html.parser")
    lists = soup.find_all("ul")
    items = soup.find_all("li")
    if any(ul.attrs for ul in lists) or any("current" in li.get("class", []) for li in items):
        return None
    list_index = {id(ul): n for n, ul in enumerate(lists)}
    item_index = {id(li): n for n, li in enumerate(items)}
    template = Template([], [], [], [], [], [])
    for n, ul in enumerate(lists):
        ul.attrs = {f"__edition_slot_U{n}__": None}
    for n, li in enumerate(items):
        classes = list(li.get("class", []))
        template.has_children.append("has-children" in classes)
        template.classes.append([c for c in classes if c != "has-children"])
        template.outer_items.append([item_index[id(p)] for p in li.parents if p.name == "li"])
        template.outer_lists.append([list_index[id(p)] for p in li.parents if p.name == "ul"])
        link = li.find("a", recursive=False)
        if link is None:
            return None
        opening = str(link)[len("<a") : str(link).index(">")]
        template.link_attributes.append(opening)
        href = link.get("href", "")
        template.item_of_href[href] = -1 if href in template.item_of_href else n
        link.attrs = {f"__edition_slot_A{n}__": None}
        checkbox = li.find("input", recursive=False)
        if checkbox is not None:
            # BeautifulSoup writes attributes in alphabetical order: the slot is named
            # so that it stands where furo's "checked" would.
            checkbox.attrs[f"checked__edition_slot_C{n}__"] = None
        li["class"] = f"__edition_slot_L{n}__"
    text = str(soup)
    position = 0
    for slot in SLOT.finditer(text):
        template.parts.append(text[position : slot.start()])
        template.parts.append((slot.group(1), int(slot.group(2))))
        position = slot.end()
    template.parts.append(text[position:])
    if text.count("__edition_slot_") != sum(isinstance(p, tuple) for p in template.parts):
        return None
    return template


class NavigationCache:
    """Per build: each folder's navigation as furo is given it and as a template."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.toctrees: dict[str, str] = {}
        self.templates: dict[str, Template | None] = {}

    def _outside(self, pagename: str) -> str:
        folder = posixpath.dirname(self.app.builder.get_target_uri(pagename))
        return posixpath.join(folder, OUTSIDE) if folder else OUTSIDE

    def toctree(self, pagename: str) -> str:
        """Sphinx's toctree HTML for furo's navigation, as seen from the page's folder."""
        outside = self._outside(pagename)
        if outside not in self.toctrees:
            builder = self.app.builder
            tree = global_toctree_for_doc(
                self.app.env, outside, builder, tags=builder.tags, **FURO_TOCTREE
            )
            self.toctrees[outside] = (
                "" if tree is None else builder.render_partial(tree)["fragment"]
            )
        return self.toctrees[outside]

    def navigation(self, pagename: str, furo_navigation: str) -> str | None:
        """The page's navigation from its folder's template (furo's navigation of the
        folder, given as ``furo_navigation``); None when the template cannot serve."""
        outside = self._outside(pagename)
        if outside not in self.templates:
            self.templates[outside] = _template(furo_navigation) if furo_navigation else None
        template = self.templates[outside]
        if template is None:
            return None
        page_href = self.app.builder.get_relative_uri(outside, pagename)
        in_tree = page_href in template.item_of_href
        return template.render(page_href if in_tree else None)


def _hand_furo_the_folder_tree(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    cache: NavigationCache | None = getattr(app, "_edition_navigation", None)
    if cache is None or "toctree" not in context:
        return
    original = context["toctree"]

    def toctree(**kwargs: Any) -> str:
        if kwargs == FURO_TOCTREE:
            return cache.toctree(pagename)
        return original(**kwargs)

    context["toctree"] = toctree
    context["_edition_toctree"] = original


def _mark_the_current_page(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    cache: NavigationCache | None = getattr(app, "_edition_navigation", None)
    if cache is None or "_edition_toctree" not in context:
        return
    original = context.pop("_edition_toctree")
    context["toctree"] = original
    if "furo_navigation_tree" not in context:
        return
    marked = cache.navigation(pagename, context["furo_navigation_tree"])
    if marked is None:  # a shape this module does not know: furo's own, the slow way
        from furo.navigation import get_navigation_tree

        marked = get_navigation_tree(original(**FURO_TOCTREE))
    context["furo_navigation_tree"] = marked


def _start(app: Any) -> None:
    # Only for furo, whose navigation this knows, and only for HTML pages.
    enabled = app.config.edition_navigation_cache and app.config.html_theme == "furo"
    is_html = app.builder.format == "html" and hasattr(app.builder, "render_partial")
    app._edition_navigation = NavigationCache(app) if enabled and is_html else None


def setup_navigation(app: Any) -> None:
    app.add_config_value("edition_navigation_cache", True, "html", types=frozenset({bool}))
    app.connect("builder-inited", _start)
    # furo computes its navigation in its html-page-context handler (priority 500).
    app.connect("html-page-context", _hand_furo_the_folder_tree, priority=400)
    app.connect("html-page-context", _mark_the_current_page, priority=600)
