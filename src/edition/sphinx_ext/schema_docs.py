"""``{edition-schemas}``: the JSON Schemas of the data files, published in the docs from the
very files the checks use, so that the reference cannot drift from the code; and
``{edition-problem-codes}``: every problem code the checks and the build report, from the
code's own list; ``{edition-settings}``: the settings of ``conf.py``, from their declaration."""

from __future__ import annotations

import dataclasses
import json
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.problems import Code
from ..data.schema import SCHEMA_NAMES
from .settings import EditionConfig

if TYPE_CHECKING:
    from sphinx.application import Sphinx


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


def _table(head: list[str], rows: list[list[nodes.Node]], css_class: str) -> nodes.table:
    table = nodes.table(classes=[css_class])
    group = nodes.tgroup(cols=len(head))
    table += group
    for width in (1, *([4] * (len(head) - 1))):
        group += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    thead += _row([nodes.Text(text) for text in head])
    group += thead
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return table


class SettingsDirective(SphinxDirective):
    """A table of the edition's settings (``edition_<name>`` in conf.py)."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node]] = []
        for setting in dataclasses.fields(EditionConfig):
            name, default = f"edition_{setting.name}", repr(setting.default)
            rows.append(
                [
                    nodes.literal(name, name),
                    nodes.literal(default, default),
                    nodes.Text(setting.metadata["help"]),
                ]
            )
        return [_table(["setting", "default", "what it is for"], rows, "ed-settings")]


class ProblemCodesDirective(SphinxDirective):
    """A table of every problem code (``[edition.<code>]`` in Sphinx's warnings, the code
    after ``file:line:column:`` in ``edition check``) and what it means."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[nodes.Node]] = [
            [nodes.literal(code.value, code.value), nodes.Text(code.description)] for code in Code
        ]
        return [_table(["code", "what it means"], rows, "ed-problem-codes")]


def setup_schema_docs(app: Sphinx) -> None:
    app.add_directive("edition-schemas", SchemasDirective)
    app.add_directive("edition-problem-codes", ProblemCodesDirective)
    app.add_directive("edition-settings", SettingsDirective)
