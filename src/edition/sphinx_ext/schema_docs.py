"""``{edition-schemas}``: the JSON Schemas of the data files, published in the docs from the
very files the checks use, so that the reference cannot drift from the code."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

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


def setup_schema_docs(app: Any) -> None:
    app.add_directive("edition-schemas", SchemasDirective)
