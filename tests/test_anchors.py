"""Stable anchors: the lock fails the check when a published anchor disappears, unless a
redirect or tombstone is declared; the lock only grows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, line_of
from edition.cli.main import main
from edition.cli.writers import lock_anchors
from edition.core.problems import Code
from edition.data.project import Project, load_project


def _rename_p2(root: Path, new_id: str = "p3") -> None:
    """Give paragraph p2 a new ID everywhere: both texts and the notes that name it."""
    for name, old, new in (
        ("original.yaml", "- id: p2", f"- id: {new_id}"),
        ("translation.yaml", "- id: p2", f"- id: {new_id}"),
        ("notes.yaml", "paragraph: p2", f"paragraph: {new_id}"),
        ("notes.yaml", "{para}`#p2`", f"{{para}}`#{new_id}`"),
        ("mentions.yaml", "paragraph: p2", f"paragraph: {new_id}"),
    ):
        path = root / "sources" / "demo" / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _codes(root: Path) -> list[str]:
    return [p.code for p in load_project(root, root / "seeds").problems]


def test_removed_anchor_fails_naming_it(demo_root: Path) -> None:
    _rename_p2(demo_root)
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.ANCHOR_REMOVED]
    lock = demo_root / "sources" / "anchors.lock.yaml"
    assert "'sources/demo#p2'" in problems[0].message
    assert (problems[0].path, problems[0].line) == (lock, line_of(lock, "sources/demo:"))


def test_redirect_keeps_the_anchor(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p3\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == []


def test_tombstone_keeps_the_anchor(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#p2\n  reason: merged into p1\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == []


def test_redirect_to_nowhere_is_an_error(demo_root: Path) -> None:
    _rename_p2(demo_root)
    (demo_root / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p4\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == [Code.RETIRED_TARGET]


def test_retiring_a_live_anchor_is_an_error(demo_root: Path) -> None:
    (demo_root / "sources" / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#p1\n  reason: mistake\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    assert _codes(demo_root) == [Code.RETIRED_LIVE]


def test_removed_page_fails(demo_root: Path) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8") + "  old-page: []\n", encoding="utf-8")
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [p.code for p in problems] == [Code.PAGE_REMOVED]
    assert "'old-page'" in problems[0].message


def test_lock_only_grows(demo_root: Path) -> None:
    _rename_p2(demo_root)
    project = load_project(demo_root, demo_root / "seeds")
    assert lock_anchors(project.lock_path, project.anchors()) == 1
    pages = yaml.safe_load(project.lock_path.read_text(encoding="utf-8"))["pages"]
    assert pages["sources/demo"] == [
        "head",
        "p1",
        "second-part",
        "p2",
        "n-head",
        "n-marker",
        "n-trans",
        "n-second",
        "p3",
    ]


def test_the_real_lock_covers_every_published_anchor(edition: Project, tmp_path: Path) -> None:
    """The committed lock is up to date: `edition lock` would add nothing."""
    copy = tmp_path / "anchors.lock.yaml"
    shutil.copyfile(edition.lock_path, copy)
    added = lock_anchors(copy, edition.anchors())
    assert added == 0, "run `edition lock` and commit sources/anchors.lock.yaml"
    assert edition.problems == []


# A copy of its own: this test changes the data.
@pytest.mark.sphinx("html", testroot="basic", srcdir="basic-retired")
def test_retired_anchor_still_lands(app_params, make_app) -> None:
    args, kwargs = app_params
    data = kwargs["srcdir"] / "data"
    _rename_p2(data)
    (data / "sources" / "retired.yaml").write_text(
        "redirects:\n- from: sources/demo#p2\n  to: sources/demo#p3\n  since: 0.2.0\n"
        "- from: sources/old-demo\n  to: sources/demo\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    lock = data / "sources" / "anchors.lock.yaml"
    lock.write_text(lock.read_text(encoding="utf-8") + "  sources/old-demo: []\n", encoding="utf-8")
    app = make_app(*args, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    page = (app.outdir / "sources" / "demo.html").read_text(encoding="utf-8")
    assert 'id="p2"' in page and 'href="#p3"' in page
    redirect = (app.outdir / "sources" / "old-demo.html").read_text(encoding="utf-8")
    assert 'url=demo.html"' in redirect


def test_ids_are_written_in_the_data_not_invented() -> None:
    """No Sphinx-made ids (id1, term-0) stand for a paragraph on a real page."""
    for path in (REPO / "sources").glob("*/original.yaml"):
        ids = [b["id"] for b in yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]]
        assert not any(i.startswith(("id", "term-")) and i[-1].isdigit() for i in ids), path


# The lock only grows, enforced against git: the lock of an earlier commit (the merge base
# with main in CI) is the published one, and every anchor in it stays in the lock.


def _git(root: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]
    options = [*identity, "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]
    done = subprocess.run(
        ["git", "-C", str(root), *options, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _commit_all(root: Path, message: str) -> str:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)
    return _git(root, "rev-parse", "HEAD")


@pytest.fixture
def published(demo_root: Path) -> Path:
    """The test edition in a git repository whose only commit published its lock."""
    _git(demo_root, "init", "-q", "-b", "main")
    _commit_all(demo_root, "published")
    return demo_root


def _run_check(root: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    status = main(["--root", str(root), "check", "--seeds", str(root / "seeds"), *options])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _take_p2_out_of_the_lock(root: Path) -> None:
    """Rename p2 to p3 and edit the lock to match, hiding p2's removal from the data check."""
    _rename_p2(root)
    lock = root / "sources" / "anchors.lock.yaml"
    lock.write_text(
        lock.read_text(encoding="utf-8").replace("  - p2\n", "  - p3\n"), encoding="utf-8"
    )


def test_an_anchor_taken_out_of_the_lock_fails_against_git(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _take_p2_out_of_the_lock(published)
    assert _codes(published) == []  # the data check alone cannot see it
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 1
    lock = published / "sources" / "anchors.lock.yaml"
    line = line_of(lock, "sources/demo:")
    assert f"sources/anchors.lock.yaml:{line}:1: lock-shrunk: published anchor " in out
    assert "'sources/demo#p2'" in out
    assert "hint: put it back in the lock" in out
    assert "note: the anchor lock was compared with the lock at HEAD, commit " in out


def test_a_page_taken_out_of_the_lock_fails_against_git(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = published / "sources" / "anchors.lock.yaml"
    lock.write_text(
        lock.read_text(encoding="utf-8").replace("  bibliography: []\n", ""), encoding="utf-8"
    )
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 1
    assert "sources/anchors.lock.yaml:1:1: lock-shrunk: published page 'bibliography'" in out


def test_a_tombstone_lets_the_anchor_leave_the_lock(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _take_p2_out_of_the_lock(published)
    (published / "sources" / "retired.yaml").write_text(
        "tombstones:\n- target: sources/demo#p2\n  reason: merged into p1\n  since: 0.2.0\n",
        encoding="utf-8",
    )
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 0, out
    assert out.strip().splitlines()[-1].startswith("1 source checked, 0 problems")


@pytest.mark.parametrize("emptied", ["", "# nothing left\n", "pages: {}\n"])
def test_an_emptied_lock_fails_even_without_git(demo_root: Path, emptied: str) -> None:
    lock = demo_root / "sources" / "anchors.lock.yaml"
    lock.write_text(emptied, encoding="utf-8")
    problems = load_project(demo_root, demo_root / "seeds").problems
    assert [(p.code, p.path, p.line) for p in problems] == [(Code.LOCK_LOST, lock, 0)]
    assert "lists no page, but the edition publishes 6 page(s)" in problems[0].message
    assert "git checkout -- sources/anchors.lock.yaml" in problems[0].hint


def test_a_deleted_lock_fails_even_without_git(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_root / "sources" / "anchors.lock.yaml").unlink()
    status, out = _run_check(demo_root, capsys)
    assert status == 1
    assert "sources/anchors.lock.yaml:0:0: lock-lost: the anchor lock is missing" in out


def test_an_emptied_lock_fails_against_git_with_one_problem(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (published / "sources" / "anchors.lock.yaml").write_text("", encoding="utf-8")
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 1
    assert "lock-lost: the anchor lock lists no page" in out
    assert "1 problem (" in out  # not one more for each page the emptied lock held


def test_the_merge_base_with_main_is_the_default_base(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A branch that commits the shrunk lock still fails: CI compares with the merge base,
    not with the branch's own last commit."""
    _git(published, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(published, "switch", "-q", "-c", "rename-p2")
    _take_p2_out_of_the_lock(published)
    _commit_all(published, "rename p2")
    assert _run_check(published, capsys, "--lock-base", "HEAD")[0] == 0
    status, out = _run_check(published, capsys, "--lock-base", "auto")
    assert status == 1
    assert "lock-shrunk: published anchor 'sources/demo#p2'" in out
    assert "compared with the lock at the merge base with origin/main, commit " in out


def test_without_main_the_latest_tag_is_the_base(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(published, "tag", "v0.1.0")
    _take_p2_out_of_the_lock(published)
    _commit_all(published, "rename p2")
    status, out = _run_check(published, capsys, "--lock-base", "auto")
    assert status == 1
    line = line_of(published / "sources" / "anchors.lock.yaml", "- p3")  # where p2 was
    assert f"(line {line} of the lock at the latest tag, v0.1.0, commit " in out


def test_a_fresh_clone_passes_the_default_base(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI's clone of main: the merge base is HEAD, the committed lock."""
    _git(published, "update-ref", "refs/remotes/origin/main", "HEAD")
    status, out = _run_check(published, capsys, "--lock-base", "auto")
    assert status == 0, out
    assert "compared with the lock at the merge base with origin/main, commit " in out


def test_a_base_without_a_lock_has_nothing_to_keep(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = published / "sources" / "anchors.lock.yaml"
    kept = lock.read_text(encoding="utf-8")
    _git(published, "rm", "-q", "sources/anchors.lock.yaml")
    _commit_all(published, "before the first lock")
    lock.write_text(kept, encoding="utf-8")
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 0, out
    assert "note: there was no anchor lock at HEAD, commit " in out


@pytest.mark.parametrize(
    ("base", "said"),
    [
        ("no-such-branch", "unknown revision 'no-such-branch'"),
        ("--output=/tmp/x", "'--output=/tmp/x' is not a revision"),
    ],
)
def test_an_unknown_base_is_a_located_problem(
    published: Path, capsys: pytest.CaptureFixture[str], base: str, said: str
) -> None:
    status, out = _run_check(published, capsys, f"--lock-base={base}")
    assert status == 1
    assert (
        f"sources/anchors.lock.yaml:0:0: lock-base: cannot read the anchor lock at {base!r}" in out
    )
    assert said in out


def test_outside_a_repository_is_a_located_problem(
    demo_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(demo_root.parent))
    status, out = _run_check(demo_root, capsys, "--lock-base", "auto")
    assert status == 1
    assert "lock-base: " in out and "is not in a git repository" in out


def test_without_git_is_a_located_problem(
    published: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    status, out = _run_check(published, capsys, "--lock-base", "HEAD")
    assert status == 1
    assert "lock-base: cannot read the anchor lock at 'HEAD' to compare with it: git is not " in out


def test_check_outside_an_edition_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    assert main(["--root", str(tmp_path), "check"]) == 2
    captured = capsys.readouterr()
    assert "is not an edition (it has no sources/ folder)" in captured.err
    assert "0 problems" not in captured.out
