"""A corpus of malformed inputs (tests/malformed/<case>/: the file to replace, its new
content, and the exact problems expected, with their locations), and property-based tests:
whatever a data file holds, loading gives clean problems, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.cmd.build import build_main

from conftest import ROOTS
from edition.data.project import load_project

CORPUS = Path(__file__).parent / "malformed"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
# The data files a contributor edits, by their place in the small test edition.
DATA_FILES = [
    "sources/demo/source.yaml",
    "sources/demo/original.yaml",
    "sources/demo/translation.yaml",
    "sources/demo/notes.yaml",
    "sources/demo/mentions.yaml",
    "sources/register/actors.yaml",
    "sources/register/events.yaml",
    "sources/anchors.lock.yaml",
    "sources/retired.yaml",
]


def _problems(root: Path) -> list[str]:
    project = load_project(root, root / "seeds")
    return [p.format(root).split("\n")[0] for p in sorted(project.problems)]


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_malformed_input_gives_the_exact_problems(demo_root: Path, case: str) -> None:
    folder = CORPUS / case
    target = demo_root / (folder / "target").read_text(encoding="utf-8").strip()
    data = (folder / "input").read_bytes()
    if case == "huge-file":  # generated rather than committed: 6.7 MB of comments
        data = b"notes:\n" + b"# padding\n" * 700_000
    target.write_bytes(data)
    expected = (folder / "expected").read_text(encoding="utf-8").splitlines()
    assert _problems(demo_root) == expected


def test_bom_and_crlf_load_as_the_plain_file(demo_root: Path) -> None:
    notes = demo_root / "sources" / "demo" / "notes.yaml"
    plain = load_project(demo_root, demo_root / "seeds").sources["demo"].notes
    for case in ("bom-is-accepted", "crlf-is-accepted"):
        notes.write_bytes((CORPUS / case / "input").read_bytes())
        loaded = load_project(demo_root, demo_root / "seeds").sources["demo"].notes
        assert [(n.id, n.body.replace("\r", "")) for n in loaded] == [(n.id, n.body) for n in plain]


# YAML-ish values: what a contributor (or a broken editor) might leave in a file.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "text",
                    "notes",
                    "blocks",
                    "lang",
                    "names",
                    "date",
                    "pages",
                    "phrase",
                    "en",
                    "from",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hypothesis") / "edition"
    shutil.copytree(ROOTS / "test-basic" / "data", root)
    (root / "docs" / "sources").mkdir(parents=True)
    shutil.copy(ROOTS / "test-basic" / "sources" / "demo.md", root / "docs" / "sources")
    shutil.copytree(ROOTS / "test-basic" / "seeds", root / "seeds")
    return root


def _load_with(root: Path, name: str, data: bytes) -> None:
    path = root / name
    original = path.read_bytes() if path.exists() else None
    try:
        path.write_bytes(data)
        project = load_project(root, root / "seeds")  # must not raise
        for problem in project.problems:
            assert problem.message and problem.path.name, problem
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(DATA_FILES), data=st.binary(max_size=300))
def test_any_bytes_give_clean_problems(scratch: Path, name: str, data: bytes) -> None:
    _load_with(scratch, name, data)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(DATA_FILES), value=values)
def test_any_yaml_structure_gives_clean_problems(scratch: Path, name: str, value: object) -> None:
    _load_with(scratch, name, yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(DATA_FILES), text=st.text(max_size=200))
def test_any_text_gives_clean_problems(scratch: Path, name: str, text: str) -> None:
    _load_with(scratch, name, text.encode("utf-8"))


# Cases that are not errors (accepted encodings), and one too large to build quickly.
NOT_ERRORS = {"bom-is-accepted", "crlf-is-accepted", "huge-file"}


@pytest.mark.parametrize("case", [c for c in CASES if c not in NOT_ERRORS])
def test_malformed_input_fails_the_build_where_the_check_says(tmp_path: Path, case: str) -> None:
    """The build reports what ``edition check`` reports, at the same place, and fails
    (-W): a pull request with any of these inputs cannot be built green."""
    folder = CORPUS / case
    expected = (folder / "expected").read_text(encoding="utf-8").splitlines()
    assert expected, case
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", source)
    target = source / "data" / (folder / "target").read_text(encoding="utf-8").strip()
    target.write_bytes((folder / "input").read_bytes())
    warnings = tmp_path / "warnings.txt"
    options = ["-b", "html", "-q", "-W", "--keep-going", "-w", str(warnings)]
    assert build_main([*options, str(source), str(tmp_path / "out")]) != 0
    reported = warnings.read_text(encoding="utf-8")
    first = expected[0].split(": ")[0]  # file:line:column of the first problem
    path, line, _column = first.rsplit(":", 2)
    assert f"{path}:{line}: WARNING" in reported, (case, reported[:2000])
