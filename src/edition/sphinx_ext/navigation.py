"""The sidebar's navigation tree, built once per folder instead of once per page.

furo builds each page's navigation from Sphinx's whole table of contents, then rewrites
it with BeautifulSoup: each page costs time in proportion to the number of pages, and the
build in proportion to its square (a fifth of a 200-document build). Two pages of one
folder get the same tree except for the entries marked current. So furo is handed, for
every page of a folder, the tree as seen from a page name in that folder that is in no
table of contents (one string, which furo's own cache then rewrites once), and each
page's current entries are marked afterwards from a template
(:mod:`edition.sphinx_ext.navigation_template`).

The result is furo's own HTML: the first page of each folder is also built furo's way
and compared (a difference turns the template off for that folder), a test compares
every page of the edition built both ways, and another the marking of a nested tree.
A template found equal is kept with the doctrees, under the folder's tree as furo is given
it, furo's version and this module's code: a rebuild writing one page then gives furo no
tree to make its navigation from, and marks the page from the kept template. The folder's
tree itself is made again only when the tree may have changed: while no page is added or
removed, the configuration is the same and every page read again has the title and table
of contents it had, the tree's digest kept from the last build serves (making the tree to
digest it was a tenth of a one-note rebuild at N = 1000). Such a build keeps the
"generation" of the tree, saved in the environment; any other starts a new one, and a
kept digest of another generation is never used.
Pages whose own entry is listed twice, or with section anchors, take furo's way. Only
the standalone HTML builder with furo is served; ``edition_navigation_cache = False``
turns it off.
"""

from __future__ import annotations

import hashlib
import posixpath
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import furo
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import CONFIG_OK
from sphinx.environment.adapters.toctree import global_toctree_for_doc

from ..data.parse_cache import ParseCache, code_digest
from .incremental import shown_digest
from .navigation_template import Template, folder_template
from .outputs import is_standalone_site
from .register_domain import domain_of
from .settings import edition_config
from .state import state_of

if TYPE_CHECKING:
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment


# What furo asks Sphinx's ``toctree()`` for (furo/__init__.py, _compute_navigation_tree).
FURO_TOCTREE: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
# A page name in no table of contents; in a folder, it sees the tree as its pages do.
UNLISTED_PAGE = "__edition_navigation__"
GENERATION = "navigation"  # in the edition domain's "written": the tree's generation
TREES = "\0trees"  # the kept key of the folders' tree digests (no folder begins with \0)


class NavigationCache:
    """For one build: each folder's tree as furo is given it, and its template; the
    templates found equal to furo's way are kept with the doctrees for the next build."""

    KEPT = "edition-navigation.pickle"

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.toctrees: dict[str, str] = {}
        self.templates: dict[str, Template | None] = {}
        self.compared: set[str] = set()  # folders whose template was found furo's own
        self.kept = ParseCache(Path(app.doctreedir), self.KEPT)
        self.tree_digests: dict[str, str] = {}  # folder -> digest of its tree, this build
        self._kept_trees_read: dict[str, str] | None = None

    @staticmethod
    def _key(unlisted: str, tree_digest: str) -> str:
        made_by = f"{code_digest('sphinx_ext/navigation.py')}\0{furo.__version__}\0"
        digest = hashlib.sha256((made_by + tree_digest).encode("utf-8")).hexdigest()
        return f"{unlisted}\0{digest}"

    def _generation(self) -> str | None:
        generation = domain_of(self.app.env).data["written"].get(GENERATION)
        return generation if isinstance(generation, str) else None

    def _kept_trees(self) -> dict[str, str]:
        """The folders' tree digests kept from the last build, if of this generation."""
        if self._kept_trees_read is None:
            kept = self.kept.get(TREES)
            generation = self._generation()
            trees: Any = {}
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generation:
                trees = kept[1]
            self._kept_trees_read = trees if generation and isinstance(trees, dict) else {}
        return self._kept_trees_read

    def tree_digest(self, pagename: str) -> str:
        """The digest of the folder's tree: kept, or made from the tree."""
        unlisted = self.unlisted_page(pagename)
        if unlisted not in self.tree_digests:
            digest = self._kept_trees().get(unlisted)
            if not isinstance(digest, str):
                tree = self.toctree(pagename)
                digest = hashlib.sha256(tree.encode("utf-8")).hexdigest()
            self.tree_digests[unlisted] = digest
        return self.tree_digests[unlisted]

    def kept_template(self, pagename: str) -> Template | None:
        """The template of the page's folder that an earlier build found equal to furo's
        own, kept under the folder's tree as furo is given it (then furo need not make
        its navigation from that tree at all)."""
        unlisted = self.unlisted_page(pagename)
        if unlisted not in self.templates:
            kept = self.kept.get(self._key(unlisted, self.tree_digest(pagename)))
            if not isinstance(kept, Template):
                return None
            self.templates[unlisted] = kept
            self.compared.add(unlisted)
        return self.templates[unlisted] if unlisted in self.compared else None

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
            self.templates[unlisted] = (
                folder_template(folder_navigation) if folder_navigation else None
            )
        template = self.templates[unlisted]
        page_href = self.app.builder.get_relative_uri(unlisted, pagename)
        if template is None or not template.serves(page_href):
            return furos_own()
        marked = template.render(page_href)
        if unlisted not in self.compared:
            if marked != furos_own():
                self.templates[unlisted] = None  # a tree this module does not know: furo's
                return furos_own()
            self.compared.add(unlisted)
            self.kept.put(self._key(unlisted, self.tree_digest(pagename)), template)
        return marked

    def keep(self) -> None:
        """Keep the templates found furo's own in this build, and the earlier ones of the
        folders of which it wrote no page; and the folders' tree digests."""
        trees = {**self._kept_trees(), **self.tree_digests}
        self.kept.carry_over(
            lambda key: key != TREES and key.partition("\0")[0] not in self.templates
        )
        generation = self._generation()
        if generation is not None:
            self.kept.put(TREES, (generation, trees))
        self.kept.save()


def _hand_furo_the_folder_tree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document
) -> None:
    cache: NavigationCache | None = state_of(app).navigation
    if cache is None or "toctree" not in context:
        return
    page_toctree = context["toctree"]

    def toctree(**kwargs: Any) -> str:
        if kwargs != FURO_TOCTREE:
            return page_toctree(**kwargs)
        # With a kept template furo is given no tree: the page's is marked from it.
        return "" if cache.kept_template(pagename) is not None else cache.toctree(pagename)

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


def _note_added_or_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    state_of(app).pages_came_or_went = bool(added or removed)
    return []


def _same_tree_or_new_generation(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before the environment is saved: the tree's generation goes on only if no page came
    or went, the configuration is the same, and each page read has the title and table of
    contents it had before (``incremental`` noted them and their digests before reading)."""
    state = state_of(app)
    before, read = state.digests_before, state.read_now
    same = (
        env.config_status == CONFIG_OK
        and not state.pages_came_or_went
        and all(name in before and shown_digest(env, name) == before[name] for name in read)
    )
    written = domain_of(env).data["written"]
    if not same or GENERATION not in written:
        written[GENERATION] = uuid.uuid4().hex
    state.read_now, state.pages_came_or_went = set(), False
    return []


def _start(app: Sphinx) -> None:
    # Only furo's navigation is known here, and only the standalone HTML builder's
    # addresses (dirhtml and singlehtml make theirs differently).
    enabled = edition_config(app.config).navigation_cache and app.config.html_theme == "furo"
    cache = NavigationCache(app) if enabled and is_standalone_site(app.builder) else None
    state_of(app).navigation = cache


def _keep(app: Sphinx, exception: Exception | None) -> None:
    cache: NavigationCache | None = state_of(app).navigation
    if cache is not None and exception is None:
        cache.keep()


def setup_navigation(app: Sphinx) -> None:
    app.connect("builder-inited", _start)
    app.connect("env-get-outdated", _note_added_or_removed)
    app.connect("env-updated", _same_tree_or_new_generation)
    app.connect("build-finished", _keep)
    # furo computes its navigation in its html-page-context handler (priority 500).
    app.connect("html-page-context", _hand_furo_the_folder_tree, priority=400)
    app.connect("html-page-context", _mark_the_current_page, priority=600)
