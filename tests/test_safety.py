"""Contributed content cannot inject markup or script: every hostile input is refused
with a located error and never rendered, and the built site holds no script but the
edition's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import line_of
from edition.problems import Code
from edition.project import load_project
from edition.safety import unsafe

HOSTILE = [
    ("<script>alert(1)</script>", "raw HTML"),
    ('<iframe src="https://evil.example"></iframe>', "raw HTML"),
    ('<img src=x onerror="alert(1)">', "raw HTML"),
    ('Click me onclick="steal()"', "an event-handler attribute"),
    ("```{raw} html\n<b>x</b>\n```", "a directive that brings in raw or unchecked content"),
    (":::{include} /etc/passwd\n:::", "a directive that brings in raw or unchecked content"),
    ("```{eval-rst}\n.. raw:: html\n```", "a directive that brings in raw or unchecked content"),
    ("{raw}`<b>`", "a raw role"),
    ("[click](javascript:alert(1))", "a javascript:, data: or file: link"),
    ("[image](data:text/html;base64,PHNjcmlwdD4=)", "a javascript:, data: or file: link"),
    ("<javascript:alert(1)>", "a javascript:, data: or file: link"),
    ("[x][1]\n\n[1]: vbscript:msgbox", "a javascript:, data: or file: link"),
]
SAFE = [
    "See <https://example.org/page> and [the report](https://example.org).",
    "A number: 3 < 5, and a date: 15 March 2019.",
    "Metadata: none. Data: not available. The onset = unknown.",
    "{cite:p}`zhebin2024relations` and {para}`#p1`.",
]


@pytest.mark.parametrize(("text", "what"), HOSTILE)
def test_hostile_text_is_recognised(text: str, what: str) -> None:
    assert what in unsafe(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_prose_is_not(text: str) -> None:
    assert unsafe(text) == []


@pytest.mark.parametrize(("text", "what"), HOSTILE)
def test_hostile_note_body_is_refused_and_not_rendered(
    demo_root: Path, text: str, what: str
) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    body = "\n".join(f"    {line}" for line in text.split("\n"))
    path.write_text(
        path.read_text(encoding="utf-8")
        + "- id: n-hostile\n  paragraph: p1\n  column: original\n  phrase: marker\n"
        + f"  kind: context\n  body: |-\n{body}\n  credit: {{by: X, date: 2026-11-23}}\n",
        encoding="utf-8",
    )
    project = load_project(demo_root, demo_root / "seeds")
    unsafe_problems = [p for p in project.problems if p.code == Code.UNSAFE]
    assert [p.line for p in unsafe_problems][:1] == [line_of(path, "n-hostile") + 5]
    assert any(what in p.message for p in unsafe_problems)
    assert "n-hostile" not in [n.id for n in project.sources["demo"].notes]


def test_hostile_metadata_keeps_the_source_off_the_site(demo_root: Path) -> None:
    path = demo_root / "sources" / "demo" / "source.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "provenance: A fixture.", 'provenance: A fixture <script src="x.js"></script>'
        ),
        encoding="utf-8",
    )
    project = load_project(demo_root, demo_root / "seeds")
    (problem,) = [p for p in project.problems if p.code == Code.UNSAFE]
    assert (problem.path, problem.line) == (path, line_of(path, "provenance:"))
    assert "demo" not in project.sources


def test_hostile_register_and_mentions_are_refused(demo_root: Path) -> None:
    actors = demo_root / "sources" / "register" / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(
            "description: A fixture organisation",
            "description: <iframe src=//evil></iframe> A fixture organisation",
        ),
        encoding="utf-8",
    )
    mentions = demo_root / "sources" / "demo" / "mentions.yaml"
    mentions.write_text(
        mentions.read_text(encoding="utf-8").replace(
            "note: Here the word is not the organisation.",
            "note: '[x](javascript:alert(1)) Here the word is not the organisation.'",
        ),
        encoding="utf-8",
    )
    problems = [p for p in load_project(demo_root, demo_root / "seeds").problems]
    located = {(p.path.name, p.line) for p in problems if p.code == Code.UNSAFE}
    assert located == {
        ("actors.yaml", line_of(actors, "<iframe")),
        ("mentions.yaml", line_of(mentions, "javascript:")),
    }


ALLOWED_SCRIPTS = {
    "_static/design-tabs.js",
    "_static/doctools.js",
    "_static/documentation_options.js",
    "_static/edition.js",
    "_static/language_data.js",
    "_static/scripts/furo.js",
    "_static/searchtools.js",
    "_static/sphinx_highlight.js",
    "searchindex.js",
}
# Inline scripts: data the edition writes (JSON-LD, the cite data) and furo's theme switch.
ALLOWED_INLINE = (
    re.compile(r'^type="application/ld\+json"$'),
    re.compile(r'^type="application/json" id="ed-cite-data"$'),
)
FURO_THEME = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'


def test_the_site_holds_no_script_the_edition_did_not_put_there(built_edition: Path) -> None:
    seen = 0
    for page in built_edition.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for match in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            attributes, body = match.group(1).strip(), match.group(2).strip()
            seen += 1
            source = re.search(r'src="([^"]+)"', attributes)
            if source:
                path = re.sub(r"^(\.\./)+", "", source.group(1)).split("?")[0]
                assert path in ALLOWED_SCRIPTS, (page, path)
            elif body == FURO_THEME:
                continue
            else:
                assert any(p.match(attributes) for p in ALLOWED_INLINE), (page, attributes)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), page  # no event handlers
        assert not re.search(r"(?:href|src)=[\"']?\s*javascript:", html), page
    assert seen > 50
