"""Sphinx's HTML writer (the site and the e-book) with two accessibility repairs that axe-core
asks for.

- Toctree captions carry ``role="heading"`` without the ``aria-level`` that role needs.
- docutils wraps bibliography entries in ``role="list"`` but gives each the deprecated
  ``doc-biblioentry`` role instead of ``listitem``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class EditionHTMLTranslator(HTML5Translator):
    def starttag(
        self, node: Any, tagname: str, suffix: str = "\n", empty: bool = False, **attributes: Any
    ) -> str:
        # Attribute names arrive in either case (Sphinx passes ROLE=...).
        role = next((v for k, v in attributes.items() if k.lower() == "role"), None)
        if role == "heading":
            attributes["aria-level"] = "2"
        if role == "doc-biblioentry":
            attributes = {k: v for k, v in attributes.items() if k.lower() != "role"}
            attributes["role"] = "listitem"
        return super().starttag(node, tagname, suffix, empty, **attributes)


def setup_html_writer(app: Sphinx) -> None:
    app.set_translator("html", EditionHTMLTranslator, override=True)
    app.set_translator("dirhtml", EditionHTMLTranslator, override=True)
    # The e-book too: epubcheck 5 warns of the deprecated role (RSC-017).
    app.set_translator("epub", EditionHTMLTranslator, override=True)
