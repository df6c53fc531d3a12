"""The static DTS endpoint: the files agree with the reference implementation (MyDapytains)
for the same requests, and a client reaches every citable unit over HTTP by following only
the templates and links it is given."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uritemplate
from lxml import etree

from edition.products.dts import (
    COLLECTION_TEMPLATE,
    DOCUMENT_TEMPLATE,
    ENTRY_FILE,
    NAVIGATION_TEMPLATE,
    CitableUnit,
    DtsCollection,
    DtsResource,
    dts_files,
    expand,
)
from serve import Handler

TEI_NS = "http://www.tei-c.org/ns/1.0"
DTS_NS = "https://w3id.org/api/dts#"

SAMPLE_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title>Sample</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>
<encodingDesc><refsDecl><citeStructure unit="text" match="/TEI/text/group/text" use="@type">
<citeStructure unit="paragraph" match="body/*[@n]" use="@n" delim="."/>
</citeStructure></refsDecl></encodingDesc></teiHeader>
<text><group>
<text type="source" xml:lang="ru"><body><p xml:id="source-p1" n="p1">Один &amp; <persName
ref="#kim">Ким</persName></p><p xml:id="source-p2" n="p2">Два</p></body></text>
<text type="translation" xml:lang="en"><body><p xml:id="translation-p1" n="p1">One</p>
<p xml:id="translation-p2" n="p2">Two</p></body></text>
</group></text></TEI>
"""


def sample_resource(identifier: str = "sample") -> DtsResource:
    units: list[CitableUnit] = []
    for text in ("source", "translation"):
        units.append(CitableUnit(text, "text", None, 1, f"{text}-text"))
        units += [
            CitableUnit(f"{text}.{n}", "paragraph", text, 2, f"{text}-{n}") for n in ("p1", "p2")
        ]
    tei = SAMPLE_TEI.replace('<text type="source"', '<text xml:id="source-text" type="source"')
    tei = tei.replace(
        '<text type="translation"', '<text xml:id="translation-text" type="translation"'
    )
    return DtsResource(
        identifier=identifier,
        title="A sample",
        description=None,
        dublin_core={"language": ["ru", "en"]},
        cite_structure={
            "citeType": "text",
            "citeStructure": [{"@type": "CiteStructure", "citeType": "paragraph"}],
        },
        units=tuple(units),
        tei=tei.encode("utf-8"),
    )


def sample_collection() -> DtsCollection:
    return DtsCollection("edition", "The edition", None, (sample_resource(),))


@pytest.mark.parametrize(
    ("template", "values"),
    [
        (NAVIGATION_TEMPLATE, {"resource": "s", "down": 1}),
        (NAVIGATION_TEMPLATE, {"resource": "s", "ref": "source.p1"}),
        (NAVIGATION_TEMPLATE, {"resource": "s", "down": -1, "ref": "source"}),
        (DOCUMENT_TEMPLATE, {"resource": "s"}),
        (DOCUMENT_TEMPLATE, {"resource": "s", "ref": "translation.p2"}),
    ],
)
def test_expansion_is_rfc_6570(template: str, values: dict[str, Any]) -> None:
    assert expand(template, **values) == uritemplate.expand(template, values)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The site served as `make serve` serves it (scripts/serve.py)."""

    class Quiet(Handler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url) as response:
        return response.headers["Content-Type"], response.read()


def walk(entry_url: str) -> dict[str, dict[str, bytes]]:
    """A DTS client: from the entry point to every citable unit's passage, following only the
    templates and links of the responses. Returns each resource's passages by reference."""
    kind, body = get(entry_url)
    assert kind == "application/ld+json"
    entry = json.loads(body)
    assert entry["@type"] == "EntryPoint" and entry["dtsVersion"] == "1.0"
    root_url = urllib.parse.urljoin(entry_url, uritemplate.expand(entry["collection"], {}))
    root = json.loads(get(root_url)[1])
    passages: dict[str, dict[str, bytes]] = {}
    for member in root["member"]:
        assert member["@type"] == "Resource"
        resource = member["@id"]
        navigation = uritemplate.expand(member["navigation"], {"down": -1})
        tree = json.loads(get(urllib.parse.urljoin(root_url, navigation))[1])
        passages[resource] = {}
        for unit in tree["member"]:
            ref = unit["identifier"]
            document = tree["resource"]["document"]
            url = urllib.parse.urljoin(root_url, navigation)
            kind, xml = get(urllib.parse.urljoin(url, uritemplate.expand(document, {"ref": ref})))
            assert kind == "application/xml"
            passages[resource][ref] = xml
    return passages


def write(files: dict[str, bytes], folder: Path) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


@pytest.mark.parametrize("base", [None, "site"])
def test_a_client_walks_to_every_unit(tmp_path: Path, base: str | None) -> None:
    site = tmp_path / "site"
    with serve(site) as url:
        write(dts_files(sample_collection(), url + "dts/" if base else None), site / "dts")
        passages = walk(url + "dts/index.jsonld")
    assert set(passages) == {"sample"}
    expected = {unit.identifier for unit in sample_resource().units}
    assert set(passages["sample"]) == expected
    for ref, xml in passages["sample"].items():
        wrapper = etree.fromstring(xml).find(f"{{{DTS_NS}}}wrapper")
        assert wrapper is not None and wrapper.get("ref") == ref
        assert len(wrapper) == 1  # exactly the unit's element


def test_navigation_is_published_for_every_unit_and_level() -> None:
    """Every unit has its own response; a text has the levels below it and its siblings; a
    paragraph, with nothing below it, has no ``down`` responses (the documented limit)."""
    resource = sample_resource()
    files = dts_files(DtsCollection("edition", "The edition", None, (resource,)))

    def members(ref: str | None, down: int) -> list[str] | None:
        path = expand(NAVIGATION_TEMPLATE, resource=resource.identifier, down=down, ref=ref)
        if path not in files:
            return None
        return [unit["identifier"] for unit in json.loads(files[path])["member"]]

    for unit in resource.units:
        plain = expand(NAVIGATION_TEMPLATE, resource=resource.identifier, ref=unit.identifier)
        assert json.loads(files[plain])["ref"]["identifier"] == unit.identifier
        if unit.level == 1:
            paragraphs = [u.identifier for u in resource.units if u.parent == unit.identifier]
            assert members(unit.identifier, 1) == [unit.identifier, *paragraphs]
            assert members(unit.identifier, -1) == [unit.identifier, *paragraphs]
            assert members(unit.identifier, 0) == ["source", "translation"]
        else:
            for down in (-1, 0, 1):
                assert members(unit.identifier, down) is None, (unit.identifier, down)
    assert members(None, 1) == ["source", "translation"]
    assert members(None, -1) == [unit.identifier for unit in resource.units]


# --- the reference implementation -------------------------------------------------------


def _dapytains_client(tmp_path: Path, resource: DtsResource) -> Any:
    from dapytains.app.app import create_app
    from dapytains.app.database import db
    from dapytains.app.ingest import store_catalog
    from dapytains.metadata.xml_parser import parse
    from flask import Flask

    (tmp_path / f"{resource.identifier}.xml").write_bytes(resource.tei)
    catalog = tmp_path / "catalog.xml"
    catalog.write_text(
        f"""<collection identifier="edition"><title>The edition</title><members>
<resource identifier="{resource.identifier}" filepath="{resource.identifier}.xml">
<title>{resource.title}</title></resource></members></collection>""",
        encoding="utf-8",
    )
    app = Flask("dts-reference")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    create_app(app)
    db.init_app(app)
    with app.app_context():
        db.create_all()
        store_catalog(parse(str(catalog))[0])
    return app


def reference_comparison(tmp_path: Path, resource: DtsResource) -> None:
    """Every request both can answer gives the same units and the same text."""
    app = _dapytains_client(tmp_path, resource)
    ours = dts_files(DtsCollection("edition", "The edition", None, (resource,)))
    client = app.test_client()
    with app.app_context():
        entry = json.loads(ours[ENTRY_FILE])
        their_entry = client.get("/").get_json()
        for key in ("@type", "dtsVersion", "@context"):
            assert entry[key] == their_entry[key], key
        assert {"collection", "navigation", "document"} <= set(entry)
        # The collections: the root with its resources, and each resource with its parent.
        for request, ours_path in (
            ("/collection/", expand(COLLECTION_TEMPLATE)),
            ("/collection/?nav=children", expand(COLLECTION_TEMPLATE, nav="children")),
            (
                f"/collection/?id={resource.identifier}&nav=parents",
                expand(COLLECTION_TEMPLATE, id=resource.identifier, nav="parents"),
            ),
        ):
            theirs_json = client.get(request).get_json()
            mine_json = json.loads(ours[ours_path])
            assert _collection_shape(mine_json) == _collection_shape(theirs_json), request
            assert [_collection_shape(m) for m in mine_json["member"]] == [
                _collection_shape(m) for m in theirs_json["member"]
            ], request
        for down in (1, -1):
            theirs = client.get(f"/navigation/?resource={resource.identifier}&down={down}")
            assert theirs.status_code == 200
            path = expand(NAVIGATION_TEMPLATE, resource=resource.identifier, down=down)
            mine = json.loads(ours[path])
            assert mine["member"] == theirs.get_json()["member"], (down, path)
            assert (
                mine["resource"]["citationTrees"][0]["citeType"]
                == (theirs.get_json()["resource"]["citationTrees"][0]["citeType"])
            )
        for unit in resource.units:
            ref = unit.identifier
            theirs = client.get(f"/navigation/?resource={resource.identifier}&ref={ref}")
            path = expand(NAVIGATION_TEMPLATE, resource=resource.identifier, ref=ref)
            # dapytains leaves its internal "members" in "ref"; the specification's
            # CitableUnit has no such property.
            their_ref = {k: v for k, v in theirs.get_json()["ref"].items() if k != "members"}
            assert json.loads(ours[path])["ref"] == their_ref
            passage = client.get(f"/document/?resource={resource.identifier}&ref={ref}")
            assert passage.status_code == 200
            their_text = _unit_text(etree.fromstring(passage.data), unit)
            path = expand(DOCUMENT_TEMPLATE, resource=resource.identifier, ref=ref)
            wrapper = etree.fromstring(ours[path]).find(f"{{{DTS_NS}}}wrapper")
            assert wrapper is not None
            assert "".join(wrapper.itertext()) == their_text, ref


def _collection_shape(response: dict[str, Any]) -> dict[str, Any]:
    """What a collection or resource says of itself, beyond its links."""
    keys = ("@id", "@type", "title", "totalParents", "totalChildren")
    return {key: response.get(key) for key in keys}


def _unit_text(reconstructed: etree._Element, unit: CitableUnit) -> str:
    """The text of the unit's element in dapytains' reconstruction of the passage."""
    found = reconstructed.xpath("//*[@xml:id=$id]", id=unit.element_id)
    assert found, f"{unit.identifier}: not in the reference passage"
    return "".join(found[0].itertext())


def test_the_reference_implementation_agrees(tmp_path: Path) -> None:
    reference_comparison(tmp_path, sample_resource())
