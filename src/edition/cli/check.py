"""``edition check``: validate the data (the sources, the register, the bibliography, the
anchor lock) without building, as the pre-commit hook and CI run it."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..data.anchors import lock_base_problems
from ..data.collector import without_cycle_collection
from ..data.project import default_cache_dir, load_project
from ..data.sources import default_seeds_dir


def check(args: argparse.Namespace, root: Path) -> int:
    """``edition check``: every data problem of the edition at ``root`` (of the files
    ``args.paths`` only, if given), located; 1 if there is any."""
    if not (root / "sources").is_dir():
        # Checking nothing must not pass: "0 problems" here would hide a wrong folder.
        print(
            f"edition check: {root} is not an edition (it has no sources/ folder); "
            "run the check in the edition's repository, or give --root",
            file=sys.stderr,
        )
        return 2
    seeds_dir = Path(args.seeds) if args.seeds else default_seeds_dir(root)
    seeds: Path | None = seeds_dir
    if not seeds_dir.is_dir():
        if args.require_seeds:
            print(f"edition check: seeds folder {seeds_dir} not found", file=sys.stderr)
            return 2
        print(f"note: seeds folder {seeds_dir} not found; seed checksums and fidelity not checked")
        seeds = None
    else:
        print(f"seeds: {seeds_dir} (each transcription is checked against its seed)")
    started = time.perf_counter()
    # A short run that keeps all it loads: collecting is a fifth of a check. Off only
    # while it runs: called in a longer process (the tests), it collects again after.
    with without_cycle_collection():
        return _check(args, root, seeds, started)


def _check(args: argparse.Namespace, root: Path, seeds: Path | None, started: float) -> int:
    project = load_project(root, seeds, cache_dir=default_cache_dir(root))
    problems = list(project.problems)
    if args.lock_base:
        found, note = lock_base_problems(
            root, project.lock_path, project.retired_path, args.lock_base
        )
        problems += found
        if note:
            print(f"note: {note}")
    problems = sorted(problems)
    if args.paths:  # everything is loaded (links cross files); the named files reported
        wanted = [Path(p).resolve() for p in args.paths]
        problems = [
            p
            for p in problems
            if any(w in (p.path.resolve(), *p.path.resolve().parents) for w in wanted)
        ]
    for problem in problems:
        print(problem.format(root))
    count, checked = len(problems), len(project.sources)
    source_word, problem_word = "source" + "s" * (checked != 1), "problem" + "s" * (count != 1)
    elapsed = time.perf_counter() - started
    print(f"{checked} {source_word} checked, {count} {problem_word} ({elapsed:.1f} s)")
    return 1 if count else 0
