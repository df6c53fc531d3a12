"""How an omitted passage is marked where it stood (:class:`parallel_text.ed_omission`):
in the site, a disclosure that says what was left out and opens on the omitted text; in
the e-book (whose reading systems may not open a disclosure) and in the book, the marker
and the text in small type, out of the parallel rows."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..core.vocabulary import POLYGLOSSIA
from .outputs import is_ebook


def _parts(node: nodes.Element) -> tuple[str, str, list[str]]:
    """The marker's words, the omitted text's language and its lines."""
    label, text = node[0], node[1]
    assert isinstance(text, nodes.Element)
    lang = next(
        (c.removeprefix("language-") for c in text["classes"] if c.startswith("language-")), ""
    )
    return label.astext(), lang, [line.astext() for line in text.findall(nodes.line)]


def visit_omission_html(self: Any, node: nodes.Element) -> None:
    label, lang, lines = _parts(node)
    text = "<br />".join(self.encode(line) for line in lines)
    marker = self.encode(label)
    if is_ebook(self.builder):  # XHTML: the language twice; no disclosure to open
        self.body.append(
            f'<div class="ed-omission"><p class="ed-omission-label">{marker}</p>'
            f'<p class="ed-omission-text" lang="{lang}" xml:lang="{lang}">{text}</p></div>\n'
        )
    else:
        self.body.append(
            f'<details class="ed-omission"><summary>{marker}</summary>'
            f'<p class="ed-omission-text" lang="{lang}">{text}</p></details>\n'
        )
    raise nodes.SkipNode


def visit_omission_latex(self: Any, node: nodes.Element) -> None:
    label, lang, lines = _parts(node)
    words = label.removesuffix("]")
    text = " / ".join(self.encode(line) for line in lines)
    language = POLYGLOSSIA.get(lang, "english")
    self.body.append(
        f"\n\\par\\noindent{{\\small\\itshape {self.encode(words)}: "
        f"\\foreignlanguage{{{language}}}{{“{text}”}}]}}\\par\n"
    )
    raise nodes.SkipNode
