"""A folder's sidebar navigation as a template: furo's HTML with a slot for each mark
that makes an entry current, so that each page of the folder is marked without building
the tree again (see :mod:`edition.sphinx_ext.navigation`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


def folder_template(navigation: str) -> Template | None:
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
