"""Freeze everything the edition produces, and compare two such snapshots.

A change of structure (modules moved, code shared) must change no output. This script
builds the edition from the work tree with ``SOURCE_DATE_EPOCH`` fixed: HTML with ``-j 1``
and ``-j 2``, LaTeX (the .tex Sphinx writes, before xelatex) and the EPUB (unzipped); it
runs ``edition check`` over the edition and over every case of ``tests/malformed/``; it
dumps the pages made for the search indexer; and it runs three incremental scenarios (a
note's body changed, a document's short title changed, a note removed), keeping the HTML
after each rebuild. ::

    .venv/bin/python scripts/snapshot_outputs.py build/snapshots/before
    ... move code ...
    .venv/bin/python scripts/snapshot_outputs.py build/snapshots/after
    .venv/bin/python scripts/snapshot_outputs.py --compare build/snapshots/{before,after}

``--compare`` lists every file that differs or exists on one side only, and exits 1 if
there is any. Sphinx's pickles and build info, and Pagefind's bundles (whose file names are
hashes of their content, compared through the search pages instead), are left out.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MALFORMED = REPO / "tests" / "malformed"
TEST_ROOT = REPO / "tests" / "roots" / "test-basic"
EPOCH = "1764547200"  # 2025-12-01: any fixed date will do
# The exports' and citations' manifests record digests of the package's code: they change
# with every move.
SKIPPED = (
    ".doctrees",
    ".buildinfo",
    "_search",
    "__pycache__",
    ".exports-manifest.json",
    ".cite-manifest.json",
)


def _run(command: list[str], cwd: Path | None = None, check: bool = True) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{(done.stdout + done.stderr)[-4000:]}")
    return done.stdout + done.stderr


def _sphinx(docs: Path, out: Path, builder: str, *extra: str) -> str:
    return _run([sys.executable, "-m", "sphinx", "-b", builder, "-q", *extra, str(docs), str(out)])


def _keep(source: Path, target: Path) -> None:
    """Copy a build's output, without what is not output (pickles, build info, bundles)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SKIPPED))


def _edition_copy(folder: Path) -> Path:
    """The edition's data and pages in ``folder`` (the build writes nothing beside them)."""
    for name in ("docs", "sources"):
        shutil.copytree(REPO / name, folder / name, ignore=shutil.ignore_patterns("_generated"))
    shutil.copy(REPO / "bibliography.bib", folder / "bibliography.bib")
    seeds = Path(os.environ.get("EDITION_SEEDS", REPO.parent / "shared" / "seeds"))
    if seeds.is_dir():
        shutil.copytree(seeds, folder / "shared-seeds")
        os.environ["EDITION_SEEDS"] = str(folder / "shared-seeds")
    return folder


def _builds(out: Path, work: Path) -> None:
    edition = _edition_copy(work / "edition")
    for jobs in ("1", "2"):
        _sphinx(edition / "docs", work / f"html-j{jobs}", "html", "-E", "-j", jobs)
        _keep(work / f"html-j{jobs}", out / f"html-j{jobs}")
    _sphinx(edition / "docs", work / "latex", "latex", "-E")
    _keep(work / "latex", out / "latex")
    _sphinx(edition / "docs", work / "epub", "epub", "-E", "-t", "epub")
    (epub,) = (work / "epub").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        archive.extractall(out / "epub")


def _checks(out: Path, work: Path) -> None:
    seeds = os.environ.get("EDITION_SEEDS", str(REPO.parent / "shared" / "seeds"))
    edition = [sys.executable, "-m", "edition.cli"]
    lines = _run([*edition, "--root", str(REPO), "check", "--seeds", seeds], check=False)
    (out / "check").mkdir(parents=True)
    (out / "check" / "edition.txt").write_text(_without_timing(lines), encoding="utf-8")
    for case in sorted(p for p in MALFORMED.iterdir() if p.is_dir()):
        root = work / "malformed" / case.name
        shutil.copytree(TEST_ROOT / "data", root)
        (root / "docs" / "sources").mkdir(parents=True)
        shutil.copy(TEST_ROOT / "sources" / "demo.md", root / "docs" / "sources")
        for page in ("index.md", "bibliography.md", "register"):
            source = TEST_ROOT / page
            if source.is_dir():
                shutil.copytree(source, root / "docs" / page)
            else:
                shutil.copy(source, root / "docs" / page)
        target = root / (case / "target").read_text(encoding="utf-8").strip()
        target.write_bytes((case / "input").read_bytes())
        lines = _run(
            [*edition, "--root", str(root), "check", "--seeds", str(TEST_ROOT / "seeds")],
            check=False,
        )
        text = _without_timing(lines).replace(str(root), "ROOT")
        (out / "check" / f"{case.name}.txt").write_text(text, encoding="utf-8")


def _without_timing(text: str) -> str:
    """``edition check``'s summary ends with its run time, which no change should fix."""
    return "\n".join(
        line.split(" (")[0] if "checked," in line else line for line in text.split("\n")
    )


def _search_pages(out: Path) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from edition.data.project import load_project
    from edition.products.search_pages import pages

    seeds = Path(os.environ.get("EDITION_SEEDS", REPO.parent / "shared" / "seeds"))
    project = load_project(REPO, seeds if seeds.is_dir() else None)
    for lang, site in pages(project).items():
        for path, text in site.items():
            target = out / "search" / lang / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


SCENARIOS = {
    # name: (file, old text, new text); each applied on top of the ones before.
    "note-body": (
        "sources/essay-dprk-us-2019/notes.yaml",
        "  body: |-\n    ",
        "  body: |-\n    Changed for the snapshot. ",
    ),
    "short-title": (
        "sources/zhebin-2024/source.yaml",
        "short_title: ",
        "short_title: Retitled ",
    ),
}


def _incremental(out: Path, work: Path) -> None:
    edition = _edition_copy(work / "incremental")
    build = work / "incremental-html"
    _sphinx(edition / "docs", build, "html")
    for name, (file, old, new) in SCENARIOS.items():
        path = edition / file
        text = path.read_text(encoding="utf-8")
        if old not in text:
            sys.exit(f"scenario {name}: {old!r} not in {file}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        _sphinx(edition / "docs", build, "html")
        _keep(build, out / "incremental" / name)
    # A note removed: its anchor leaves the page (the lock would need a tombstone).
    notes = edition / "sources" / "pompeo-bloomberg-2019" / "notes.yaml"
    text = notes.read_text(encoding="utf-8")
    starts = [i for i in range(len(text)) if text.startswith("\n- id: ", i)]
    notes.write_text(text[: starts[-1] + 1], encoding="utf-8")
    _sphinx(edition / "docs", build, "html")
    _keep(build, out / "incremental" / "note-removed")


def snapshot(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # Always the same folder: a path that differs between two snapshots is no difference.
    work = REPO / "build" / "snapshot-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _builds(out, work)
    _checks(out, work)
    _search_pages(out)
    _incremental(out, work)
    shutil.rmtree(work)
    count = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"{out}: {count} files")


def compare(before: Path, after: Path) -> int:
    names = {p.relative_to(before) for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after) for p in after.rglob("*") if p.is_file()}
    names = {name for name in names if name.name not in SKIPPED}
    differing = 0
    for name in sorted(names):
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"only in {'after' if not old.exists() else 'before'}: {name}")
            differing += 1
        elif old.read_bytes() != new.read_bytes():
            differing += 1
            print(f"differs: {name}")
            try:
                diff = difflib.unified_diff(
                    old.read_text(encoding="utf-8").splitlines(),
                    new.read_text(encoding="utf-8").splitlines(),
                    lineterm="",
                    n=1,
                )
                print("\n".join(list(diff)[:20]))
            except UnicodeDecodeError:
                print("  (binary)")
    print(f"{len(names)} files, {differing} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", help="where to write the snapshot")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    if args.folder is None:
        parser.error("give a folder for the snapshot, or --compare BEFORE AFTER")
    snapshot(args.folder.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
