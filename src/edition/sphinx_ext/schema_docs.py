"""``{edition-schemas}``: the JSON Schemas of the data files, published in the docs from the
very files the checks use, so that the reference cannot drift from the code; and
``{edition-problem-codes}``: every problem code the checks and the build report, from the
code's own list."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.problems import Code
from ..data.schema import SCHEMA_NAMES

WHERE = {
    "text": "sources/<slug>/original.yaml, translation.yaml",
    "source": "sources/<slug>/source.yaml",
    "notes": "sources/<slug>/notes.yaml",
    "register": "sources/register/actors.yaml, events.yaml",
    "mentions": "sources/<slug>/mentions.yaml",
    "anchors-lock": "sources/anchors.lock.yaml",
    "retired": "sources/retired.yaml",
}


class SchemasDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for name in SCHEMA_NAMES:
            resource = files("edition.schemas").joinpath(f"{name}.schema.json")
            text = resource.read_text(encoding="utf-8")
            schema: dict[str, Any] = json.loads(text)
            section = nodes.section(ids=[f"schema-{name}"])
            section += nodes.title(schema["title"], schema["title"])
            where = f"Files: {WHERE[name]}. Schema: src/edition/schemas/{name}.schema.json."
            section += nodes.paragraph(where, where)
            section += nodes.paragraph(schema["description"], schema["description"])
            block = nodes.literal_block(text, text, language="json", classes=["ed-schema"])
            section += block
            out.append(section)
        return out


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell)
        row += entry
    return row


class ProblemCodesDirective(SphinxDirective):
    """A table of every problem code (``[edition.<code>]`` in Sphinx's warnings, the code
    after ``file:line:column:`` in ``edition check``) and what it means."""

    def run(self) -> list[nodes.Node]:
        table = nodes.table(classes=["ed-problem-codes"])
        group = nodes.tgroup(cols=2)
        table += group
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=4)
        head = nodes.thead()
        head += _row([nodes.Text("code"), nodes.Text("what it means")])
        group += head
        body = nodes.tbody()
        for code in Code:
            body += _row([nodes.literal(code.value, code.value), nodes.Text(code.description)])
        group += body
        return [table]


def setup_schema_docs(app: Any) -> None:
    app.add_directive("edition-schemas", SchemasDirective)
    app.add_directive("edition-problem-codes", ProblemCodesDirective)
