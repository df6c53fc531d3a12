"""The sidebar's navigation tree, built once per folder instead of once per page.

furo builds each page's navigation from Sphinx's whole table of contents, then rewrites
it with BeautifulSoup: each page costs time in proportion to the number of pages, and the
build in proportion to its square (a fifth of a 200-document build). Two pages of one
folder get the same tree except for the entries marked current. So furo is handed, for
every page of a folder, the tree as seen from a page name in that folder that is in no
table of contents (one string, which furo's own cache then rewrites once), and each
page's current entries are marked afterwards from a template.

The result is furo's own HTML: the first page of each folder is also built furo's way
and compared (a difference turns the template off for that folder), a test compares
every page of the edition built both ways, and another the marking of a nested tree.
Pages whose own entry is listed twice, or with section anchors, take furo's way. Only
the standalone HTML builder with furo is served; ``edition_navigation_cache = False``
turns it off.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from .outputs import is_standalone_site
from .settings import edition_config
from .state import state_of

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder


# What furo asks Sphinx's ``toctree()`` for (furo/__init__.py, _compute_navigation_tree).
FURO_TOCTREE: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
# A page name in no table of contents; in a folder, it sees the tree as its pages do.
UNLISTED_PAGE = "__edition_navigation__"
# The marks a current page changes, left as slots in the template's text: an item's
# classes (L), a list's class (U), an item's link (A), an item's checkbox (C).
SLOT = re.compile(r' ?(?:checked)?__edition_slot_([LUAC])(\d+)__(?:="")?')


@dataclass
class Item:
    """One entry (``<li>``) of the navigation."""

    classes: list[str]  # as Sphinx gave them; furo's has-children is added on rendering
    has_children: bool
    link_attributes: str  # its link's attributes as furo wrote them, when not current
    outer_items: list[int]  # the entries it lies within
    outer_lists: list[int]  # the lists (``<ul>``) it lies within


@dataclass
class Template:
    """A folder's navigation as text, with a slot for each mark of the current page."""

    parts: list[str | tuple[str, int]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    item_of_href: dict[str, int] = field(default_factory=dict)
    served_elsewhere: set[str] = field(default_factory=set)  # hrefs listed twice or anchored

    def serves(self, page_href: str) -> bool:
        return page_href not in self.served_elsewhere

    def render(self, page_href: str) -> str:
        """The navigation with the entry that links to ``page_href`` (if any) marked
        current, as Sphinx and furo mark it."""
        page = self.item_of_href.get(page_href, -1)
        current_items = {page, *self.items[page].outer_items} if page >= 0 else set()
        current_lists = set(self.items[page].outer_lists) if page >= 0 else set()
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            kind, index = part
            item = self.items[index]
            if kind == "L":
                names = list(item.classes)
                if index in current_items:
                    names.append("current")
                if item.has_children:
                    names.append("has-children")
                if index == page:
                    names.append("current-page")
                out.append(" ".join(names))
            elif kind == "U":
                out.append(' class="current"' if index in current_lists else "")
            elif kind == "A":
                current = ' class="current reference internal" href="#"'
                out.append(current if index == page else item.link_attributes)
            else:  # an entry's checkbox is checked when the entry is current
                out.append(' checked=""' if index in current_items else "")
        return "".join(out)


def _classes(tag: Any) -> list[str]:
    """The classes of a BeautifulSoup tag (none when it has none)."""
    return [c for c in tag.get_attribute_list("class") if c]


# A bare attribute (a name without a value) marks each slot in the template's HTML.
Slot = dict[str, Any]


def _template(navigation: str) -> Template | None:
    """The template of a folder's navigation (furo's HTML, no entry current), or None
    when its shape is not the one this module knows."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(navigation, "html.parser")
    lists = soup.find_all("ul")
    entries = soup.find_all("li")
    if any(ul.attrs for ul in lists) or any("current" in _classes(li) for li in entries):
        return None
    list_index = {id(ul): n for n, ul in enumerate(lists)}
    entry_index = {id(li): n for n, li in enumerate(entries)}
    template = Template()
    for n, ul in enumerate(lists):
        ul.attrs = Slot({f"__edition_slot_U{n}__": None})
    for n, li in enumerate(entries):
        link = li.find("a", recursive=False)
        if link is None:
            return None
        classes = _classes(li)
        opening = str(link)
        template.items.append(
            Item(
                classes=[c for c in classes if c != "has-children"],
                has_children="has-children" in classes,
                link_attributes=opening[len("<a") : opening.index(">")],
                outer_items=[entry_index[id(p)] for p in li.parents if p.name == "li"],
                outer_lists=[list_index[id(p)] for p in li.parents if p.name == "ul"],
            )
        )
        href, _, anchor = str(link.get("href") or "").partition("#")
        if anchor or href in template.item_of_href:
            # Seen from its own page, a section's link is "#anchor" and not "page#anchor";
            # a page listed twice is marked twice. furo's way serves those pages.
            template.served_elsewhere.add(href)
        else:
            template.item_of_href[href] = n
        link.attrs = Slot({f"__edition_slot_A{n}__": None})
        checkbox = li.find("input", recursive=False)
        if checkbox is not None:
            # BeautifulSoup writes attributes in alphabetical order: the slot is named
            # so that it stands where furo's "checked" would.
            checkbox.attrs = Slot({**checkbox.attrs, f"checked__edition_slot_C{n}__": None})
        li["class"] = f"__edition_slot_L{n}__"
    text = str(soup)
    position = 0
    for slot in SLOT.finditer(text):
        template.parts += [text[position : slot.start()], (slot.group(1), int(slot.group(2)))]
        position = slot.end()
    template.parts.append(text[position:])
    # The template must give back furo's text exactly when no entry is current.
    return template if template.render("") == navigation else None


class NavigationCache:
    """For one build: each folder's tree as furo is given it, and its template."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.toctrees: dict[str, str] = {}
        self.templates: dict[str, Template | None] = {}

    @staticmethod
    def unlisted_page(pagename: str) -> str:
        """The page name in ``pagename``'s folder that no table of contents lists."""
        return posixpath.join(posixpath.dirname(pagename), UNLISTED_PAGE)

    def toctree(self, pagename: str) -> str:
        """Sphinx's toctree HTML for furo's navigation, as seen from the page's folder."""
        unlisted = self.unlisted_page(pagename)
        if unlisted not in self.toctrees:
            builder = cast("StandaloneHTMLBuilder", self.app.builder)
            tree = global_toctree_for_doc(
                self.app.env, unlisted, builder, tags=builder.tags, **FURO_TOCTREE
            )
            html = "" if tree is None else builder.render_partial(tree)["fragment"]
            self.toctrees[unlisted] = html
        return self.toctrees[unlisted]

    def navigation(
        self, pagename: str, folder_navigation: str, furos_own: Callable[[], str]
    ) -> str:
        """The page's navigation from its folder's template (made from furo's navigation
        of the folder, ``folder_navigation``), or ``furos_own()`` where the template
        cannot serve; on the first page of a folder, both, compared."""
        unlisted = self.unlisted_page(pagename)
        first = unlisted not in self.templates
        if first:
            self.templates[unlisted] = _template(folder_navigation) if folder_navigation else None
        template = self.templates[unlisted]
        page_href = self.app.builder.get_relative_uri(unlisted, pagename)
        if template is None or not template.serves(page_href):
            return furos_own()
        marked = template.render(page_href)
        if first and marked != furos_own():
            self.templates[unlisted] = None  # a tree this module does not know: furo's way
            return furos_own()
        return marked


def _hand_furo_the_folder_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document
) -> None:
    cache: NavigationCache | None = state_of(app).navigation
    if cache is None or "toctree" not in context:
        return
    page_toctree = context["toctree"]

    def toctree(**kwargs: Any) -> str:
        return cache.toctree(pagename) if kwargs == FURO_TOCTREE else page_toctree(**kwargs)

    context["toctree"] = toctree
    context["_edition_page_toctree"] = page_toctree


def _mark_the_current_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    cache: NavigationCache | None = state_of(app).navigation
    if cache is None or "_edition_page_toctree" not in context:
        return
    page_toctree = context.pop("_edition_page_toctree")
    context["toctree"] = page_toctree
    if "furo_navigation_tree" not in context:
        return

    def furos_own() -> str:
        from furo.navigation import get_navigation_tree

        return str(get_navigation_tree(page_toctree(**FURO_TOCTREE)))

    context["furo_navigation_tree"] = cache.navigation(
        pagename, context["furo_navigation_tree"], furos_own
    )


def _start(app: Sphinx) -> None:
    # Only furo's navigation is known here, and only the standalone HTML builder's
    # addresses (dirhtml and singlehtml make theirs differently).
    enabled = edition_config(app.config).navigation_cache and app.config.html_theme == "furo"
    cache = NavigationCache(app) if enabled and is_standalone_site(app.builder) else None
    state_of(app).navigation = cache


def setup_navigation(app: Sphinx) -> None:
    app.connect("builder-inited", _start)
    # furo computes its navigation in its html-page-context handler (priority 500).
    app.connect("html-page-context", _hand_furo_the_folder_tree, priority=400)
    app.connect("html-page-context", _mark_the_current_page, priority=600)
