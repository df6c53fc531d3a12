"""The ``edition`` command: data checks and maintenance without a Sphinx build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .anchors import updated_lock
from .problems import DataError
from .project import load_project
from .sources import default_seeds_dir


def _root(value: str | None) -> Path:
    """The repository root: given, or the nearest parent of the cwd with sources/ and docs/."""
    if value:
        return Path(value).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "sources").is_dir() and (candidate / "docs").is_dir():
            return candidate
    return here


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    seeds = Path(args.seeds) if args.seeds else default_seeds_dir(root)
    if not seeds.is_dir():
        if args.require_seeds:
            print(f"edition check: seeds folder {seeds} not found", file=sys.stderr)
            return 2
        print(f"note: seeds folder {seeds} not found; seed checksums and fidelity not checked")
        seeds = None
    project = load_project(root, seeds)
    for problem in sorted(project.problems):
        print(problem.format(root))
    count = len(project.problems)
    print(f"{len(project.sources)} sources checked, {count} problem{'s' if count != 1 else ''}")
    return 1 if count else 0


def cmd_lock(args: argparse.Namespace) -> int:
    root = _root(args.root)
    project = load_project(root, None)
    try:
        text, added = updated_lock(project.lock_path, project.anchors())
    except DataError as exc:
        for problem in exc.problems:
            print(problem.format(root))
        return 1
    if added:
        project.lock_path.write_text(text, encoding="utf-8")
    print(f"{added} page(s) and anchor(s) added to {project.lock_path.relative_to(root)}")
    return 0


def cmd_book(args: argparse.Namespace) -> int:
    from .book import BookError, build_epub, build_pdf

    root = _root(args.root)
    build = {"pdf": build_pdf, "epub": build_epub}[args.format]
    try:
        target = build(root / "docs", root / "build")
    except BookError as exc:
        print(f"edition book: {exc}", file=sys.stderr)
        return 1
    print(f"{args.format}: {target.relative_to(root)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edition", description=__doc__)
    parser.add_argument("--root", help="repository root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="validate every data file; print file:line:column: code: message"
    )
    check.add_argument(
        "--seeds", help="folder of the seed texts (default: $EDITION_SEEDS or ../shared/seeds)"
    )
    check.add_argument(
        "--require-seeds", action="store_true", help="fail when the seeds folder is missing"
    )
    check.set_defaults(func=cmd_check)
    lock = commands.add_parser("lock", help="add newly published pages and anchors to the lock")
    lock.set_defaults(func=cmd_lock)
    book = commands.add_parser(
        "book", help="build the printed book (pdf) or the e-book (epub) into build/, checked"
    )
    book.add_argument("format", choices=("pdf", "epub"))
    book.set_defaults(func=cmd_book)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
