"""The website's register pages: an entry's fields written as the HTML that Sphinx's writer
makes of their field list (:func:`edition.sphinx_ext.register_fields.field_list`) once the
post-transforms have resolved its links (``LabelLinks``) and marked its Korean runs
(``HangulRuns``). A 5000-entry register page has 200 000 such nodes: each post-transform
walked them, and the writer after. The same bytes as the nodes give (a test builds the
edition both ways)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..core.labels import register_label
from .hangul import HANGUL
from .mention_lists import escape
from .register_domain import domain_of
from .register_fields import Field, Run, entry_fields, entry_fields_of, made_when_written
from .state import project_of
from .xref import LabelTargets

if TYPE_CHECKING:
    from sphinx.application import Sphinx

KOREAN = "ko"


def _text(text: str, korean: bool) -> str:
    """Escaped text, its Korean runs marked as HangulRuns marks them (not inside Korean)."""
    if korean or not HANGUL.search(text):
        return escape(text)
    parts, position = [], 0
    for run in HANGUL.finditer(text):
        parts.append(escape(text[position : run.start()]))
        parts.append(f'<span lang="{KOREAN}">{escape(run.group())}</span>')
        position = run.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def _run(run: Run, targets: LabelTargets, location: nodes.Node) -> str:
    if run.lang:
        return f'<span lang="{run.lang}">{_text(run.text, run.lang == KOREAN)}</span>'
    text = _text(run.text, False)
    if run.url:
        return f'<a class="reference external" href="{escape(run.url)}">{text}</a>'
    if run.entry:
        found = targets.find(register_label(run.entry), location)
        if found is None:  # as LabelLinks: a warning, and the text unlinked
            return text
        docname, anchor = found
        href = f"#{anchor}" if docname == targets.here else f"{targets.uri(docname)}#{anchor}"
        return f'<a class="reference internal" href="{escape(href)}">{text}</a>'
    return text


def fields_html(fields: list[Field], targets: LabelTargets, location: nodes.Node) -> str:
    """The ``<dl>`` of the fields; ``location``: where a link to an unknown entry is
    reported."""
    # docutils calls a field list "simple" when every field holds a single paragraph.
    simple = " simple" if all(len(paragraphs) == 1 for _, paragraphs in fields) else ""
    out = [f'<dl class="ed-entry-fields field-list{simple}">\n']
    for number, (name, paragraphs) in enumerate(fields, start=1):
        parity = "field-odd" if number % 2 else "field-even"
        out.append(f'<dt class="{parity}">{escape(name)}<span class="colon">:</span></dt>\n')
        out.append(f'<dd class="{parity}">')
        for runs in paragraphs:
            out.append("<p>" + "".join(_run(run, targets, location) for run in runs) + "</p>\n")
        out.append("</dd>\n")
    out.append("</dl>\n")
    return "".join(out)


def _write_fields(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The website's register pages: each placeholder written as its fields' HTML, once
    the post-transforms are done (none of them has anything to do to a field list but
    resolve its links and mark its Korean runs, done here)."""
    env = app.env
    if not made_when_written(env) or docname not in domain_of(env).data["pages"]:
        return
    entries = project_of(env).register.entries
    targets = LabelTargets(env, here=docname)
    for node in list(doctree.findall(entry_fields)):
        html = fields_html(entry_fields_of(entries[node["entry"]], entries), targets, node)
        node.replace_self(nodes.raw("", html, format="html"))


def setup_register_fields_html(app: Sphinx) -> None:
    app.connect("doctree-resolved", _write_fields)
