"""The contribution boundary: contributed text is data, never code. Only what an annotation
needs passes the gate; every other construct, in any spelling and in any field, is refused
with a located error, is never rendered, and fails the build; and the built site holds no
script but the edition's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.cmd.build import build_main

from conftest import ROOTS, line_of
from edition.core.problems import Code
from edition.data.gate_parser import gate_parser
from edition.data.project import load_project
from edition.data.safety import (
    _PLAIN,
    ALLOWED_ROLES,
    BUILD_EXTENSIONS,
    check_myst_config,
    link_refusal,
    parsed_refusals,
    refusals,
)

TEMPLATE = "a template expression"
DIRECTIVE = "the directive"
ROLE = "the role"
HTML = "raw HTML"
SCHEME = ": link"
RELATIVE = "links go to http, https or mailto addresses"
IMAGE = "an image"

# Each class of the review, in at least three spellings. (text, what the refusal says)
HOSTILE = [
    # Jinja2 through MyST's substitution extension: code on the builder, secrets out.
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", TEMPLATE),
    ("See {{lipsum.__globals__.os.environ}} here.", TEMPLATE),
    ("{{ '\\x3cscript\\x3e' }}", TEMPLATE),
    ("{% for x in range(9) %}x{% endfor %}", TEMPLATE),
    ("*{{ config }}*", TEMPLATE),
    ("{# a Jinja comment #}", TEMPLATE),
    # Directives that read files, embed, or run: any case, any fence.
    ("```{literalinclude} ../../../../etc/passwd\n```", DIRECTIVE),
    ("```{LiteralInclude} ../../../../etc/passwd\n```", DIRECTIVE),
    (":::{include} /etc/passwd\n:::", DIRECTIVE),
    ("~~~{Include} /etc/passwd\n~~~", DIRECTIVE),
    ("```{raw} latex\n\\input{/etc/passwd}\n```", DIRECTIVE),
    ("```{eval-rst}\n.. raw:: html\n```", DIRECTIVE),
    ("```{csv-table}\n:file: /etc/passwd\n```", DIRECTIVE),
    (":::{button-link} javascript:alert(1)\nclick\n:::", DIRECTIVE),
    ("::::{card}\n:link: javascript:alert(1)\n::::", DIRECTIVE),
    ("- item\n\n  ```{image} /etc/hostname\n  ```", DIRECTIVE),
    # Roles other than the edition's: raw, downloads, files, any case.
    ("{raw}`<b>x</b>`", ROLE),
    ("{RAW}`<b>x</b>`", ROLE),
    ("{download}`../../../etc/passwd`", ROLE),
    ("{Download}`/etc/passwd`", ROLE),
    ("{eval-rst}`x`", ROLE),
    ("{doc}`/index`", ROLE),
    ("{CITE:P}`demo2019`", ROLE),
    # Raw HTML: tags, iframes, event handlers, comments.
    ("<script>alert(1)</script>", HTML),
    ('<iframe src="https://evil.example"></iframe>', HTML),
    ('<img src=x onerror="alert(1)">', HTML),
    ("A <b>bold</b> claim", HTML),
    ("<!-- hidden -->", HTML),
    ("<SCRIPT>x</SCRIPT>", HTML),
    # Link targets of any scheme but http(s) and mailto, and relative targets.
    ("[click](javascript:alert(1))", SCHEME),
    ("[click](JaVaScRiPt:alert(1))", SCHEME),
    ("[image](data:text/html;base64,PHNjcmlwdD4=)", SCHEME),
    ("<javascript:alert(1)>", SCHEME),
    ("[x][1]\n\n[1]: vbscript:msgbox", SCHEME),
    ("[x](file:///etc/passwd)", SCHEME),
    ("[x](../../../etc/passwd)", RELATIVE),
    ("[x](/etc/passwd)", RELATIVE),
    ("[x](//evil.example/track)", RELATIVE),
    # Images, remote ones above all (tracking).
    ("![pixel](https://tracker.example/p.gif)", IMAGE),
    ("![local](../../../etc/hostname)", IMAGE),
    ('![x](https://e.example/x.png "title")', IMAGE),
    # Structures a note has no use for.
    ("# A heading", "a heading"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "a table"),
    ("Text[^1]\n\n[^1]: a footnote", "a footnote"),
    ("(label)=\nText", "a target label"),
    ("% a comment", "a comment"),
    ("    indented code", "an indented code block"),
    ("term\n: definition", "a definition list"),
    (":field: value", "a field list"),
    ("---\n\ntext", "a horizontal rule"),
]
SAFE = [
    "See <https://example.org/page> and [the report](https://example.org).",
    "A number: 3 < 5, and a date: 15 March 2019; AT&T and 100$.",
    "Metadata: none. Data: not available. The onset = unknown.",
    "{cite:p}`zhebin2024relations` and {para}`#p1`, {cite:t}`demo2019`, {cite}`demo2019`.",
    "*emphasis*, **strong**, `code`, and a [mail](mailto:editors@example.org).",
    "- one\n- two\n\n1. first\n2. second\n\n> a quotation\n> in two lines",
    "Two paragraphs.\n\nThe second, with a hard  \nbreak.",
    "Curly braces in prose: {a, b} are shown as written.",
]


@pytest.mark.parametrize(("text", "what"), HOSTILE)
def test_hostile_text_is_refused(text: str, what: str) -> None:
    found = refusals(text)
    assert found, text
    assert any(what in refusal.what for refusal in found), found


@pytest.mark.parametrize("text", SAFE)
def test_what_an_annotation_needs_is_allowed(text: str) -> None:
    assert refusals(text) == []


def test_refusals_are_located_in_the_text() -> None:
    text = "First line.\n\nA [bad](javascript:x) link\nand {raw}`x` on the next line."
    assert [(r.line, r.column) for r in refusals(text)] == [(2, 9), (3, 5)]


def test_link_targets_are_checked_by_one_rule() -> None:
    for good in ("https://example.org", "HTTP://example.org", "mailto:a@example.org"):
        assert link_refusal(good) is None
    for bad in ("javascript:x", " data:x", "vbscript:x", "file:///etc", "ftp://x", "x.html"):
        assert link_refusal(bad) is not None


# -- The gate parses as MyST parses ------------------------------------------------------


def _types(tokens: list[Any]) -> list[str]:
    kinds = []
    for token in tokens:
        kinds.append(token.type)
        kinds += [child.type for child in token.children or []]
    return kinds


# markdown-it leaves links with these schemes as text; the gate makes them links to refuse.
INVALID_FOR_MARKDOWN_IT = re.compile(r"(?i)(?:javascript|vbscript|data|file):")


@pytest.mark.parametrize(
    "text", [t for t, _ in HOSTILE if not INVALID_FOR_MARKDOWN_IT.search(t)] + SAFE
)
def test_the_gate_tokenises_as_the_builds_myst_parser(text: str) -> None:
    """The gate's parser is MyST's, for the build's extensions (plus substitutions, which
    it knows only to refuse); links are the only deliberate difference: the gate keeps
    every link a link, where MyST would leave a javascript: link as text."""
    config = MdParserConfig(enable_extensions=set(BUILD_EXTENSIONS) | {"substitution"})
    myst = create_md_parser(config, RendererHTML)
    assert _types(gate_parser().parse(text)) == _types(myst.parse(text))


def test_the_build_refuses_myst_syntax_the_gate_does_not_know() -> None:
    assert check_myst_config(["colon_fence", "deflist", "fieldlist"]) is None
    for extension in ("substitution", "dollarmath", "html_image", "attrs_inline"):
        reason = check_myst_config(["colon_fence", extension])
        assert reason is not None and extension in reason


def test_a_build_with_substitutions_enabled_stops(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    conf = src / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            '["colon_fence"]', '["colon_fence", "substitution"]'
        ),
        encoding="utf-8",
    )
    assert build_main(["-b", "html", "-q", str(src), str(tmp_path / "out")]) != 0


# -- Generated mixtures: exactly the forbidden constructs are refused ---------------------

ALLOWED_INLINE = [
    "plain words",
    "*emphasis*",
    "**strong**",
    "`inline code`",
    "[a link](https://example.org/a)",
    "<https://example.org/auto>",
    "[mail](mailto:a@example.org)",
    *[f"{{{role}}}`demo2019`" for role in sorted(ALLOWED_ROLES - {"para"})],
    "{para}`#p1`",
    "3 < 5 & 7 > 2",
]
FORBIDDEN_INLINE = [
    "{{ config }}",
    "{% if x %}",
    "{raw}`<b>`",
    "{Download}`/etc/passwd`",
    "<b>bold</b>",
    "<span onclick=x>s</span>",
    "[x](javascript:alert(1))",
    "[x](DATA:text/html,x)",
    "[x](../secret)",
    "![i](https://t.example/p.gif)",
]
ALLOWED_BLOCKS = ["- a list item\n- another", "> a quotation", "1. first\n2. second"]
FORBIDDEN_BLOCKS = [
    "```{include} /etc/passwd\n```",
    ":::{RAW} html\n<b>x</b>\n:::",
    "# heading",
    "<div>raw</div>",
    "| a |\n|---|\n| b |",
]


@st.composite
def myst_documents(draw: Any) -> tuple[str, list[int]]:
    """A MyST text of paragraphs and blocks; the lines holding a forbidden construct."""
    blocks: list[str] = []
    forbidden_lines: list[int] = []
    line = 0
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            pieces = draw(
                st.lists(st.sampled_from(ALLOWED_INLINE + FORBIDDEN_INLINE), min_size=1, max_size=5)
            )
            if any(piece in FORBIDDEN_INLINE for piece in pieces):
                forbidden_lines.append(line)
            block = "Text " + " and ".join(pieces) + "."
        else:
            block = draw(st.sampled_from(ALLOWED_BLOCKS + FORBIDDEN_BLOCKS))
            if block in FORBIDDEN_BLOCKS:
                forbidden_lines.append(line)
        blocks.append(block)
        line += block.count("\n") + 2
    return "\n\n".join(blocks), forbidden_lines


@settings(max_examples=300, deadline=None)
@given(myst_documents())
def test_exactly_the_forbidden_constructs_are_refused(document: tuple[str, list[int]]) -> None:
    text, forbidden_lines = document
    assert sorted({r.line for r in refusals(text)}) == forbidden_lines, text


# -- Every field, located, never rendered --------------------------------------------------


def _add_note(path: Path, body_lines: list[str]) -> None:
    body = "\n".join(f"    {line}" for line in body_lines)
    path.write_text(
        path.read_text(encoding="utf-8")
        + "- id: n-hostile\n  paragraph: p1\n  column: original\n  phrase: marker\n"
        + f"  kind: context\n  body: |-\n{body}\n  credit: {{by: X, date: 2026-11-23}}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(("text", "what"), HOSTILE[::3])
def test_hostile_note_body_is_refused_at_its_line_and_not_rendered(
    demo_root: Path, text: str, what: str
) -> None:
    path = demo_root / "sources" / "demo" / "notes.yaml"
    _add_note(path, ["An innocent first line.", *text.split("\n")])
    project = load_project(demo_root, demo_root / "seeds")
    unsafe = [p for p in project.problems if p.code == Code.UNSAFE]
    body_start = line_of(path, "n-hostile") + 6
    first = refusals(text)[0]
    assert (unsafe[0].line, unsafe[0].column) == (body_start + first.line + 1, first.column + 4)
    assert any(what in p.message for p in unsafe)
    assert "allowed:" in unsafe[0].hint
    assert "n-hostile" not in [n.id for n in project.sources["demo"].notes]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("provenance", "A fixture {{ lipsum.__globals__.os.environ }}"),
        ("original_is", "The seed, see ```{include} x``` and <b>this</b>"),
        ("translation_is", "'[A translation](javascript:alert(1))'"),
        ("genre", "'{download}`/etc/passwd`'"),
    ],
)
def test_hostile_metadata_keeps_the_source_off_the_site(
    demo_root: Path, key: str, value: str
) -> None:
    path = demo_root / "sources" / "demo" / "source.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text), encoding="utf-8")
    project = load_project(demo_root, demo_root / "seeds")
    unsafe = [p for p in project.problems if p.code == Code.UNSAFE]
    assert unsafe and {(p.path, p.line) for p in unsafe} == {(path, line_of(path, f"{key}:"))}
    assert all(p.message.startswith(f"{key}: ") for p in unsafe)
    assert "demo" not in project.sources


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        (
            "description: A fixture organisation",
            "description: <iframe src=//evil></iframe> A fixture organisation",
            "<iframe",
        ),
        ("title: Fixture", "title: '{{ 7*7 }}'", "{{"),
        (
            "description: A fixture person;",
            "description: A fixture person ![t](https://t.example/p.gif);",
            "t.example",
        ),
    ],
)
def test_hostile_register_fields_are_refused(
    demo_root: Path, old: str, new: str, needle: str
) -> None:
    actors = demo_root / "sources" / "register" / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    problems = load_project(demo_root, demo_root / "seeds").problems
    located = {(p.path.name, p.line) for p in problems if p.code == Code.UNSAFE}
    assert located == {("actors.yaml", line_of(actors, needle))}


def test_hostile_mentions_are_refused(demo_root: Path) -> None:
    mentions = demo_root / "sources" / "demo" / "mentions.yaml"
    mentions.write_text(
        mentions.read_text(encoding="utf-8").replace(
            "note: Here the word is not the organisation.",
            "note: '[x](javascript:alert(1)) Here the word is not the organisation.'",
        ),
        encoding="utf-8",
    )
    problems = load_project(demo_root, demo_root / "seeds").problems
    located = {(p.path.name, p.line) for p in problems if p.code == Code.UNSAFE}
    assert located == {("mentions.yaml", line_of(mentions, "javascript:"))}


@pytest.mark.parametrize(
    "body",
    [
        "{{ lipsum.__globals__['os'].popen('echo PWNED > pwned.txt').read() }}",
        "```{literalinclude} /etc/hostname\n```",
        "{download}`/etc/hostname`",
    ],
)
def test_a_hostile_note_fails_the_build_and_reaches_no_output(tmp_path: Path, body: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    _add_note(src / "data" / "sources" / "demo" / "notes.yaml", body.split("\n"))
    out, warnings = tmp_path / "out", tmp_path / "warnings.txt"
    status = build_main(
        ["-b", "html", "-q", "-W", "--keep-going", "-w", str(warnings), str(src), str(out)]
    )
    assert status != 0
    assert "[edition.unsafe]" in warnings.read_text(encoding="utf-8")
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip()
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "n-hostile" not in html and "PWNED" not in html
        assert not hostname or f">{hostname}<" not in html
    assert not (out / "_downloads").exists() or not any((out / "_downloads").rglob("hostname"))
    assert not list(tmp_path.rglob("pwned.txt"))


# -- The built edition ---------------------------------------------------------------------

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
ALLOWED_INLINE_SCRIPTS = (
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
                assert any(p.match(attributes) for p in ALLOWED_INLINE_SCRIPTS), (page, attributes)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), page  # no event handlers
        assert not re.search(r"(?:href|src)=[\"']?\s*javascript:", html), page
    assert seen > 50


# Characters of prose and of every block or inline construct a plain line might open.
PROSE = "aZ9 Кимё한.,;:?!&^'\"«»“”‘’()-–—+=#%|>/@0123456789" + "`<[]{}\\$*_~\n\t"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=PROSE, max_size=40))
def test_the_plain_prose_shortcut_agrees_with_the_parser(text: str) -> None:
    """The gate skips the parser for one line of plain prose (most of a register): whatever
    the shortcut lets through, the parser refuses nothing in either."""
    if _PLAIN.fullmatch(text):
        assert parsed_refusals(text) == []
    assert refusals(text) == parsed_refusals(text)
