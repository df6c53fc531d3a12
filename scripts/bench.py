#!/usr/bin/env python3
"""The benchmark: the edition against plain Sphinx on the same text, in one run.

    python scripts/bench.py --documents 50 200 --entries 5000      (make bench)

For each N it generates a synthetic edition and its baseline (scripts/synthetic_edition.py),
builds both from scratch, each in a fresh process, and prints wall time and peak memory
with the ratio edition/baseline; the share of the edition's build spent linking the
register; the speed-up of -j 2 over -j 1 (and whether their HTML is identical); and an
incremental rebuild after one note changes: its time and the pages it rewrote. Ratios,
not absolute times, are the result: both sides run on the same machine in the same run.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Runs one Sphinx build in this child process and reports its time, peak memory, the
# time spent finding register mentions, and the pages it wrote.
CHILD = r"""
import json, resource, sys, time, io
import edition.register as register
spent = [0.0]
original = register.find_mentions
def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start
register.find_mentions = timed
import edition.project
edition.project.find_mentions = timed
from sphinx.cmd.build import build_main
status = io.StringIO()
sys.stdout = status
start = time.perf_counter()
code = build_main(sys.argv[1:])
elapsed = time.perf_counter() - start
sys.stdout = sys.__stdout__
print(json.dumps({"code": code, "seconds": elapsed, "register": spent[0],
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "log": status.getvalue()}))
"""


def build(source: Path, out: Path, *options: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "-b", "html", *options, str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"build of {source} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"build of {source} failed:\n{result['log']}")
    return result


def written(log: object) -> list[str]:
    """The pages a build wrote, from its status output."""
    return re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", str(log))


def bench(documents: int, entries: int, notes: int, work: Path) -> dict[str, float | int | str]:
    sys.path.insert(0, str(HERE))
    from synthetic_edition import generate

    tree = work / f"n{documents}"
    generate(tree, documents, entries, notes, 300, seed=1)
    edition = build(tree / "edition" / "docs", tree / "out-j1", "-E")
    baseline = build(tree / "baseline", tree / "out-baseline", "-E")
    parallel = build(tree / "edition" / "docs", tree / "out-j2", "-E", "-j", "2")
    pages = sorted(p.relative_to(tree / "out-j1") for p in (tree / "out-j1").rglob("*.html"))
    identical = all(
        filecmp.cmp(tree / "out-j1" / p, tree / "out-j2" / p, shallow=False) for p in pages
    )
    # One note changes: an incremental rebuild.
    notes_file = tree / "edition" / "sources" / "doc-0000" / "notes.yaml"
    notes_file.write_text(
        notes_file.read_text(encoding="utf-8").replace("A synthetic note", "A changed note", 1),
        encoding="utf-8",
    )
    incremental = build(tree / "edition" / "docs", tree / "out-j1")
    return {
        "N": documents,
        "M": entries,
        "edition s": round(float(edition["seconds"]), 2),
        "baseline s": round(float(baseline["seconds"]), 2),
        "time ratio": round(float(edition["seconds"]) / float(baseline["seconds"]), 2),
        "memory ratio": round(int(edition["maxrss_kb"]) / int(baseline["maxrss_kb"]), 2),
        "register share": round(float(edition["register"]) / float(edition["seconds"]), 3),
        "-j2 speed-up": round(float(edition["seconds"]) / float(parallel["seconds"]), 2),
        "-j2 identical": "yes" if identical else "NO",
        "incremental s": round(float(incremental["seconds"]), 2),
        "pages rewritten": " ".join(written(incremental["log"])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.work or Path(folder)
        rows = [bench(n, args.entries, args.notes, work) for n in args.documents]
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
