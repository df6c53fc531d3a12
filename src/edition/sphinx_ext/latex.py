"""The printed book: LaTeX for the parallel text (paracol, one row per paragraph, the
paragraph number in the margin, each column in its language), and print-only adjustments.

The doctree stays format-neutral; these visitors and the post-transform below serve the
LaTeX builder only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.latex.nodes import footnotemark
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.fileutil import copy_asset_file
from sphinx.writers.latex import LaTeXTranslator

from ..core.latex_markers import (
    MARK,
    MARK_SUFFIX,
    NOTE,
    NOTE_END,
    ROW,
    ROW_END,
    ROW_END_SUFFIX,
    ROW_START_SUFFIX,
    TRANSLATION_COLUMN,
)
from ..core.vocabulary import POLYGLOSSIA
from .latex_breaks import HASH, LONG_TOKEN, NO_BREAKS, breakable, breakable_hash
from .outputs import is_book
from .settings import edition_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


STYLE = Path(__file__).parent / "texinputs" / "edition.sty"


def _language(node: nodes.Element) -> str:
    for cls in node["classes"]:
        if cls.startswith("language-"):
            return POLYGLOSSIA.get(cls.removeprefix("language-"), "english")
    return "english"


class EditionLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with labels for the place of each note's mark.

    Each parallel row is its own paracol environment, so its columns align by
    construction; a note in a row is a LaTeX footnote at its mark, which paracol sets
    page-wide at the foot of the page the mark is on. (Setting the notes of a row after
    the row, in single-column mode, let LaTeX split long notes but made paracol
    overprint the page footer with them, and carried notes one page late whenever a row
    crossed a page break.)
    """

    in_row = 0

    def visit_footnote(self, node: nodes.Element) -> None:
        if self.in_row:
            # Sphinx's footnote environment fails inside paracol, and \footnote there lets
            # the line break between word and mark: the mark, then paracol's note text.
            # The comment lines let edition.note_pages find the mark and the note's text.
            label = _aux_label(self, node["ids"][0])
            number = node[0].astext()
            self.in_footnote += 1
            if getattr(self, "edition_mark_ended", None) == len(self.body):
                # Two marks in a row would read as one number ("1516"): a comma between.
                self.body.append("\\textsuperscript{,}")
            self.body.append(
                f"%\n{MARK}{label}\n\\ednotemark{{{number}}}%\n{NOTE}{number}:{label}\n"
                "\\ednotetext{\\sphinxAtStartFootnote\n"
            )
        else:
            super().visit_footnote(node)
        # A note is a link target (cited in, {para}) like a paragraph: label it.
        self.body.append("".join(self.hypertarget(i, anchor=True) for i in node["ids"]))

    def depart_footnote(self, node: nodes.Element) -> None:
        if self.in_row:
            self.body.append(f"%\n}}%\n{NOTE_END}\n")
            self.in_footnote -= 1
        else:
            super().depart_footnote(node)
        # The place of the mark, just after it: a label whose page edition.note_pages
        # compares with the page where the note itself is set. (Before the mark, it would
        # stay on the previous line, and page, whenever the line breaks between word and
        # mark.)
        self.body.extend(
            self.hypertarget(f"{i}{MARK_SUFFIX}", anchor=False) for i in node["ids"][:1]
        )
        self.edition_mark_ended = len(self.body)

    def visit_paragraph(self, node: nodes.Element) -> None:
        super().visit_paragraph(node)
        self._label_column_start()

    def visit_line(self, node: nodes.Element) -> None:
        super().visit_line(node)  # a line of a line block (an address, a byline)
        self._label_column_start()

    def _label_column_start(self) -> None:
        # The page of a column's first line (edition.note_pages: do both columns of the row
        # start on one page?). Inside the line: a label before it would stay on the
        # previous page when the first line goes to the next.
        start = getattr(self, "edition_column_start", None)
        if start:
            self.body.append(self.hypertarget(start, anchor=False))
            self.edition_column_start = None

    def visit_title(self, node: nodes.Element) -> None:
        super().visit_title(node)
        # A crosshead with a note mark: its running head and contents line take the words
        # alone (the mark would print there as "Page 20, 14").
        if isinstance(node.parent, nodes.section) and any(node.findall(footnotemark)):
            opening = self.body[-1]
            if opening.startswith("\\") and opening.endswith("{") and "[" not in opening:
                words = "".join(
                    text.astext()
                    for text in node.findall(nodes.Text)
                    if not any(isinstance(a, footnotemark) for a in _ancestors(text))
                )
                short = self.escape(" ".join(words.split()))
                self.body[-1] = f"{opening[:-1]}[{short}]{{"

    def visit_footnotetext(self, node: nodes.Element) -> None:
        # A note on a crosshead: Sphinx sets its mark in the title and its text after it.
        super().visit_footnotetext(node)
        self.body.append("".join(self.hypertarget(i, anchor=True) for i in node["ids"]))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found, parent = [], node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _aux_label(self: Any, node_id: str) -> str:
    """The LaTeX label of an ID on this page as the .aux writes it (``doc:id``)."""
    escaped = self.idescape(f"{self.curfilestack[-1]}:{node_id}")
    return escaped.removeprefix("\\detokenize{").removesuffix("}")


def visit_text_latex(self: Any, node: nodes.Element) -> None:
    self.body.append("\n")


def depart_text_latex(self: Any, node: nodes.Element) -> None:
    self.body.append("\n")


def visit_row_latex(self: Any, node: nodes.Element) -> None:
    self.in_row += 1
    # The row's ID is its anchor, as in HTML: \label{doc:p3} for links and page references.
    self.body.append("\n\\begin{paracol}{2}\n")
    self.body.append("".join(self.hypertarget(i, anchor=False) for i in node["ids"]))
    row = _aux_label(self, node["ids"][0]) if node["ids"] else ""
    self.body.append(f"%\n{ROW}{row}\n")


def depart_row_latex(self: Any, node: nodes.Element) -> None:
    self.in_row -= 1
    self.body.append(f"\n{ROW_END}\n\\end{{paracol}}\n")


def visit_cell_latex(self: Any, node: nodes.Element) -> None:
    if "ed-trans" in node["classes"]:
        self.body.append(f"\n\\switchcolumn\n{TRANSLATION_COLUMN}\n")
    # Ragged right: a justified narrow column of long Russian words or URLs gapes.
    self.body.append(f"\\begin{{otherlanguage}}{{{_language(node)}}}\\RaggedRight\n")
    column = 1 if "ed-trans" in node["classes"] else 0
    row = node.parent["ids"][:1] if isinstance(node.parent, nodes.Element) else []
    self.edition_column_start = f"{row[0]}{ROW_START_SUFFIX}{column}" if row else None


def depart_cell_latex(self: Any, node: nodes.Element) -> None:
    self.edition_column_start = None  # a column without a paragraph: no start label
    # The page of the column's last line (edition.note_pages: is the row on one page?).
    column = 1 if "ed-trans" in node["classes"] else 0
    row = node.parent["ids"][:1] if isinstance(node.parent, nodes.Element) else []
    self.body.extend(self.hypertarget(f"{i}{ROW_END_SUFFIX}{column}", anchor=False) for i in row)
    self.body.append("\n\\end{otherlanguage}\n")


def visit_labels_latex(self: Any, node: nodes.Element) -> None:
    texts = [
        c.astext()
        for c in node.children
        if isinstance(c, nodes.Element) and "ed-label" in c.get("classes", [])
    ]
    original, translation = (self.encode(text) for text in texts[:2])
    self.body.append(
        f"\n\\begin{{paracol}}{{2}}\\edlabels{{{original}}}{{{translation}}}\\end{{paracol}}\n"
    )
    raise nodes.SkipNode


class PrintTransform(SphinxPostTransform):
    """In print: the paragraph number moves into the margin of its row; names in the texts
    are not links (every name a link is noise on paper); "mentioned in" links and note
    back-references carry page numbers."""

    default_priority = 30  # after references are resolved
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for number in list(self.document.findall(nodes.paragraph)):
            if "ed-pnum" not in number["classes"]:
                continue
            row = number.parent
            label = number.astext()
            row.remove(number)
            if "ed-row" not in row["classes"]:
                continue  # the empty number cell above the column heads
            first = next(iter(row.findall(nodes.TextElement)), None)
            if first is not None:
                first.insert(0, nodes.raw("", f"\\ednum{{{label}}}", format="latex"))
        for box in list(self.document.findall(nodes.container)):
            if "ed-notes" in box["classes"]:
                # The notes are set as footnotes at their marks: no heading is left for them.
                for rubric in list(box.findall(nodes.rubric)):
                    rubric.parent.remove(rubric)
        for text in list(self.document.findall(nodes.Text)):
            if LONG_TOKEN.search(str(text)) and not isinstance(text.parent, NO_BREAKS):
                text.parent.replace(text, breakable(str(text)))
        for literal in list(self.document.findall(nodes.literal)):
            if HASH.search(literal.astext()):
                literal.replace_self(breakable_hash(literal))
        for reference in list(self.document.findall(nodes.reference)):
            classes = reference["classes"]
            if "ed-reg" in classes and _in_text(reference):
                reference["classes"] = []  # nothing to keep: the link becomes plain text
                reference.replace_self(reference.children)
            elif _in_class(reference, "ed-mentioned-in") or _in_class(reference, "ed-cited-in"):
                target = _latex_label(reference, self.env.docname)
                if target:
                    page = nodes.raw(
                        "", f"~(p.~\\pageref{{\\detokenize{{{target}}}}})", format="latex"
                    )
                    reference.parent.insert(reference.parent.index(reference) + 1, page)


def _latex_label(reference: nodes.Element, docname: str) -> str:
    """The LaTeX label (``doc:id``) a resolved internal reference points at."""
    if reference.get("refid"):
        return f"{docname}:{reference['refid']}"
    page, _, anchor = reference.get("refuri", "").lstrip("%").partition("#")
    return f"{page}:{anchor}" if page and anchor else ""


def _in_text(node: nodes.Node) -> bool:
    return _in_class(node, "ed-cell") or _in_class(node, "ed-section")


def _in_class(node: nodes.Node, cls: str) -> bool:
    parent = node.parent
    while parent is not None:
        if cls in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def _copy_style(app: Sphinx) -> None:
    if is_book(app.builder):
        copy_asset_file(STYLE, Path(app.outdir) / STYLE.name, force=True)


def _date_of_issue(app: Sphinx, config: Config) -> None:
    """The title page's date is the edition's date of issue, not the day of the build."""
    from ..core.dates import display_date

    # Sphinx dates the title page with ``today`` (the build's day unless set).
    if not config.today:
        config.today = display_date(edition_config(config).issued)


def setup_latex(app: Sphinx) -> None:
    app.connect("config-inited", _date_of_issue)
    app.set_translator("latex", EditionLaTeXTranslator, override=True)
    app.add_latex_package("edition")
    app.add_post_transform(PrintTransform)
    app.connect("builder-inited", _copy_style)
