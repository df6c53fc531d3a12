"""The single bibliography: every printed reference and identified marker has its entry,
entries are normalised without losing the printed form, and the page links back."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pybtex.database
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, line_of
from edition.core.problems import Code
from edition.data.bibliography import check_bibliography
from edition.data.bibtex_fields import field_refusals, renderable
from edition.data.project import Project, load_project

TRACKING = re.compile(r"[?&](utm_[a-z]+|fbclid|gclid|ysclid|yclid|mc_[a-z]+)=", re.I)
MARKER_REFERENTS = {
    "[1]": "kim2018newyear",
    "[6]": "singapore2018statement",
    "[2]": "kim2019spa",
    "[5]": "biegun2019carnegie",
}


@pytest.fixture(scope="module")
def bib() -> pybtex.database.BibliographyData:
    return pybtex.database.parse_file(str(REPO / "bibliography.bib"))


def test_every_printed_reference_has_a_normalised_entry(
    bib: pybtex.database.BibliographyData,
) -> None:
    for number in range(1, 24):
        entry = bib.entries[f"zhebin-ref{number:02d}"]
        assert entry.fields["keywords"] == "printed"
        assert entry.fields["note"].startswith(f"Printed as reference {number} in Zhebin (2024).")


def test_urls_carry_no_tracking_parameters(bib: pybtex.database.BibliographyData) -> None:
    for key, entry in bib.entries.items():
        assert not TRACKING.search(entry.fields.get("url", "")), key


def test_dates_are_iso_and_agree_with_the_year(bib: pybtex.database.BibliographyData) -> None:
    for key, entry in bib.entries.items():
        for name in ("date", "urldate"):
            if name in entry.fields:
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry.fields[name]), key
        if "date" in entry.fields:
            assert entry.fields["year"] == entry.fields["date"][:4], key


def test_every_entry_is_in_one_group(bib: pybtex.database.BibliographyData) -> None:
    groups = {"printed", "marker", "editorial", "edition-source"}
    for key, entry in bib.entries.items():
        assert entry.fields.get("keywords") in groups, key


def test_each_printed_reference_links_to_its_entry(edition: Project) -> None:
    notes = edition.sources["zhebin-2024"].notes
    for number in range(1, 24):
        on_reference = [n for n in notes if n.paragraph == f"r{number}"]
        assert any(f"zhebin-ref{number:02d}" in n.cites for n in on_reference), number


def test_each_essay_marker_has_its_note(edition: Project) -> None:
    notes = edition.sources["essay-dprk-us-2019"].notes
    for marker in ("[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]"):
        on_marker = [n for n in notes if n.phrase == marker and n.kind == "reference"]
        assert len(on_marker) == 1, marker
        if marker in MARKER_REFERENTS:
            assert MARKER_REFERENTS[marker] in on_marker[0].cites, marker
        else:
            assert "identif" in on_marker[0].body, marker


def test_bibliography_page_shows_every_entry_with_back_links(
    built_edition: Path, bib: pybtex.database.BibliographyData, edition: Project
) -> None:
    page = BeautifulSoup(
        (built_edition / "bibliography.html").read_text(encoding="utf-8"), "html.parser"
    )
    entries = page.select("div.citation")
    assert len(entries) == len(bib.entries)
    cited = {key for notes in edition.notes.values() for n in notes for key in n.cites}
    linked = [e for e in entries if e.select(".ed-cited-in a")]
    assert len(linked) == len(cited)
    ids: dict[str, set[str]] = {}  # page -> its element IDs, each page parsed once
    for entry in linked:
        for link in entry.select(".ed-cited-in a"):
            page_name, _, anchor = link["href"].partition("#")
            if page_name not in ids:
                html = (built_edition / page_name).read_text(encoding="utf-8")
                ids[page_name] = set(re.findall(r'\bid="([^"]+)"', html))
            assert anchor in ids[page_name], link["href"]


def test_the_bibliography_has_no_problems() -> None:
    assert check_bibliography(REPO / "bibliography.bib").problems == []


def test_the_latex_a_bibliography_uses_is_allowed() -> None:
    value = (
        r"Caf\'e \"Uber \c{c}a \emph{and} \textit{this} \& 50\% "
        r"\url{https://example.org/a} \href{mailto:editors@example.org}{write} \textendash{}"
    )
    assert field_refusals("note", value) == []


@pytest.mark.parametrize(
    ("name", "value", "refusal"),
    [
        ("url", " javascript:alert(1)", "a javascript: link"),
        ("url", "DATA:text/html,x", "a data: link"),
        ("howpublished", r"\url{vbscript:x}", "\\url: a vbscript: link"),
        ("title", r"\href {javascript:x}{y}", "\\href: a javascript: link"),
        ("note", r"\url", "\\url without a target in braces"),
        ("doi", "doi:10.1000/x", "is not a DOI"),
        ("note", r"\input{x}", "\\input is not allowed"),
        ("note", r"\csname write18\endcsname", "\\csname is not allowed"),
        ("year", "2019a", "is not a year"),
        ("month", "Thermidor", "is not a month"),
        ("urldate", "2024-4-10", "is not an ISO date"),
    ],
)
def test_each_refusal_says_why(name: str, value: str, refusal: str) -> None:
    assert any(refusal in message for _, message, _ in field_refusals(name, value))


def test_a_message_shows_only_an_excerpt_of_a_long_value(tmp_path: Path) -> None:
    path = tmp_path / "bibliography.bib"
    path.write_text("@misc{x,\n  urldate = {" + "9" * 5000 + "},\n}\n", encoding="utf-8")
    [problem] = check_bibliography(path).problems
    assert (problem.line, problem.column) == (2, 3)
    assert len(problem.message) < 100


def test_fields_over_several_lines_are_located_at_their_name(tmp_path: Path) -> None:
    path = tmp_path / "bibliography.bib"
    path.write_text(
        "@misc{a,\n  title = {A\n    long title},\n  note = {x}\n  # {\\write18},\n}\n"
        "@misc{b, year = {1}}\n",
        encoding="utf-8",
    )
    found = [(p.line, p.column, p.message) for p in check_bibliography(path).problems]
    assert found == [
        (4, 3, "note: the LaTeX command \\write is not allowed"),
        (7, 10, "year: '1' is not a year"),
    ]


def test_refused_fields_are_not_rendered() -> None:
    bib = pybtex.database.parse_string(
        "@online{x, title = {T}, url = {javascript:alert(1)}, date = {2019-99},"
        " author = {\\input{x} Doe}, year = {2019}}\n@webpage{y, title = {T}}",
        "bibtex",
    )
    kept = renderable(bib.entries["x"])
    assert dict(kept.fields) == {"title": "T", "year": "2019"}
    assert not kept.persons
    assert "url" in bib.entries["x"].fields  # the parsed data itself is left alone
    assert renderable(bib.entries["y"]).type == "misc"


def test_a_missing_or_unreadable_bibliography(tmp_path: Path) -> None:
    path = tmp_path / "bibliography.bib"
    assert check_bibliography(path).keys == set()
    path.write_bytes(b"@misc{caf\xe9, title = {x}}")
    bibliography = check_bibliography(path)
    assert not bibliography.readable
    assert [p.code for p in bibliography.problems] == [Code.BIBTEX]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('@{}(),=#"\\% \nabkey19url:titlejavascript^_-')),
        max_size=120,
    )
)
def test_any_text_gives_located_problems(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("bib") / "bibliography.bib"
    path.write_text(text, encoding="utf-8")
    lines = max(1, text.count("\n") + 1)
    for problem in check_bibliography(path).problems:  # never a traceback
        assert problem.message and 1 <= problem.line <= lines and problem.column >= 1, problem


def test_the_notes_cite_keys_of_any_case(demo_root: Path) -> None:
    path = demo_root / "bibliography.bib"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n@book{DEMO2019,\n  title = {x},\n}\n",
        encoding="utf-8",
    )
    problems = load_project(demo_root, demo_root / "seeds").problems
    [duplicate] = [p for p in problems if p.path == path]
    assert (duplicate.line, duplicate.code) == (line_of(path, "DEMO2019"), Code.BIBTEX)
    assert f"already used on line {line_of(path, '{demo2019')}" in duplicate.message


def _hostile_build(make_app: Any, app_params: Any, addition: str) -> tuple[Any, Path]:
    args, kwargs = app_params
    bib = kwargs["srcdir"] / "data" / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + addition, encoding="utf-8")
    app = make_app(*args, warningiserror=True, **kwargs)
    app.build()
    return app, bib


# Copies of their own: these tests change the bibliography.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bib-javascript")
def test_a_javascript_url_fails_the_build_and_stays_off_the_site(
    app_params: Any, make_app: Any
) -> None:
    app, bib = _hostile_build(
        make_app,
        app_params,
        "\n@online{hostile2021,\n  title = {A Hostile Entry},\n  year = {2021},\n"
        "  url = {javascript:alert(1)},\n  keywords = {editorial},\n}\n",
    )
    warnings = app.warning.getvalue()
    line = line_of(bib, "javascript:")
    assert f"bibliography.bib:{line}: WARNING: url: a javascript: link" in warnings
    assert "[edition.unsafe]" in warnings
    assert app.statuscode == 1
    for page in Path(app.outdir).rglob("*.html"):
        assert "javascript:" not in page.read_text(encoding="utf-8"), page
    page = (Path(app.outdir) / "bibliography.html").read_text(encoding="utf-8")
    assert "A Hostile Entry. 2021." in page  # the entry is there, without its link


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bib-syntax")
def test_a_syntax_error_is_a_located_warning_not_a_traceback(
    app_params: Any, make_app: Any
) -> None:
    app, bib = _hostile_build(
        make_app, app_params, "\n@book{broken2021,\n  title = {Never closed,\n}\n"
    )
    warnings = app.warning.getvalue()
    line = line_of(bib, "broken2021")
    assert f"bibliography.bib:{line}: WARNING: syntax error: the entry is not closed" in warnings
    assert app.statuscode == 1


def test_zhebins_references_keep_their_printed_numbers(built_edition: Path) -> None:
    """The bibliography lists Zhebin's 23 references in their printed order, so that its
    labels P1–P23 are the printed numbers 1–23."""
    import re

    html = (built_edition / "bibliography.html").read_text(encoding="utf-8")
    printed = [int(n) for n in re.findall(r"Printed as reference (\d+) ", html)]
    labels = [int(n) for n in re.findall(r">P(\d+)<", html)]
    assert printed == list(range(1, 24))
    assert labels == list(range(1, 24))


def test_formatted_entries_are_kept_between_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pybtex formats the whole bibliography at every build: the formatted entries are
    kept with the doctrees, so a rebuild formats only an entry that changed, and its page
    is the same as a clean build's."""
    from pybtex.style.formatting.unsrt import Style

    from test_incremental import _build, _edition, _pages, change_a_cited_entry

    formatted: list[str] = []
    format_entry = Style.format_entry

    def counted(self: Any, label: Any, entry: Any, bib_data: Any = None) -> Any:
        formatted.append(entry.key)
        return format_entry(self, label, entry, bib_data=bib_data)

    monkeypatch.setattr(Style, "format_entry", counted)
    source = _edition(tmp_path)
    out = tmp_path / "out"
    assert _build(source, out, "1", clean=True) == ""
    assert sorted(set(formatted)) == ["demo2019", "unused2020"]
    formatted.clear()
    assert _build(source, out, "1", clean=True) == ""  # every page read again
    assert formatted == []
    change_a_cited_entry(source)
    assert _build(source, out, "1", clean=False) == ""
    assert set(formatted) == {"demo2019"}
    # A renamed key: the same fields, another entry (the formatted entry carries its key).
    bib = source / "data" / "bibliography.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("unused2020", "unused2021"), "utf-8")
    assert _build(source, out, "1", clean=False) == ""
    assert "unused2021" in formatted
    clean = tmp_path / "clean"
    assert _build(source, clean, "1", clean=True) == ""
    assert _pages(out) == _pages(clean)


@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-bibtex-index")
def test_the_indexed_cite_domain_filters_as_sphinxcontrib_bibtex(
    app_params: Any, make_app: Any
) -> None:
    """The cite domain that looks up the pages citing a key (edition.sphinx_ext.
    bibtex_index) places the same entries as sphinxcontrib-bibtex's own, for filters that
    ask which pages cite an entry, and orders the cited keys as it does;
    ``edition_bibtex_index = False`` keeps its own."""
    from sphinxcontrib.bibtex.domain import BibtexDomain, get_docnames

    from edition.sphinx_ext.bibtex_index import IndexedBibtexDomain

    args, kwargs = app_params
    app = make_app(*args, **kwargs)
    app.build()
    domain = app.env.get_domain("cite")
    assert isinstance(domain, IndexedBibtexDomain)
    key, bibliography = next(iter(domain.bibliographies.items()))
    placed = {}
    for expression in ("cited", "not cited", "True", "docname in docnames", "docnames"):
        domain.bibliographies[key] = bibliography._replace(filter_=ast.parse(expression))
        theirs = [found for found, _ in BibtexDomain.get_filtered_entries(domain, key)]
        domain.index_citations()
        placed[expression] = [found for found, _ in domain.get_filtered_entries(key)]
        domain._cited_by = None
        assert placed[expression] == theirs, expression
    assert placed["cited"] == ["demo2019"]  # the demo's notes cite it; unused2020 is not
    assert placed["not cited"] == ["unused2020"]
    # The cited keys in the order of the pages, each page's place looked up.
    pages = list(get_docnames(app.env))
    for order in (pages, pages[::-1]):
        theirs = list(BibtexDomain.get_all_cited_keys(domain, order))
        assert theirs and list(domain.get_all_cited_keys(order)) == theirs
    with pytest.raises(ValueError):
        list(domain.get_all_cited_keys([page for page in pages if page != "sources/demo"]))
    app.cleanup()
    kwargs["confoverrides"] = {"edition_bibtex_index": False}
    kept = make_app(*args, **kwargs)
    assert type(kept.env.get_domain("cite")) is BibtexDomain
    kept.build()  # the build's end unfreezes what its start froze (the loaded data)
