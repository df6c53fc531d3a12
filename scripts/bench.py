#!/usr/bin/env python3
"""The benchmark: the edition against plain Sphinx on the same text, in one run.

    python scripts/bench.py --documents 50 200 --entries 5000      (make bench)

For each N it generates a synthetic edition and its baseline (scripts/synthetic_edition.py),
builds both from scratch, each in a fresh process, and prints wall time and peak memory
with the ratio edition/baseline, the edition's both with its data cache cleared and with
the data files parsed by the build before kept ("data kept"); the share of the edition's
build spent linking the register and writing the exports; the speed-up of -j 2 over -j 1
(and whether their HTML is identical; not for the --large N); an incremental rebuild after
one note changes, the edition's (its time and the pages it rewrote) and plain Sphinx's
after the same change; and ``edition check`` of that one file, as a pre-commit hook runs
it. Ratios, not absolute times, are the result: both sides run on the same machine in the
same run.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Runs one Sphinx build in this child process and reports its time, peak memory, the
# time spent finding register mentions, and the pages it wrote.
CHILD = r"""
import json, resource, sys, time, io
import edition.data.mentions as mentions
spent = [0.0]
original = mentions.find_mentions
def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start
mentions.find_mentions = timed
import edition.data.project
edition.data.project.find_mentions = timed
# The exports for other tools (TEI, DTS, Web Annotation): the time the build spends on them
# at its end (made there, or waited for where they were made beside the build).
import edition.sphinx_ext.standard_exports as exports
exported = [0.0]
write_exports = exports._write_exports
def timed_exports(*args, **kwargs):
    start = time.perf_counter()
    try:
        return write_exports(*args, **kwargs)
    finally:
        exported[0] += time.perf_counter() - start
exports._write_exports = timed_exports
from sphinx.cmd.build import build_main
status = io.StringIO()
sys.stdout = status
start = time.perf_counter()
code = build_main(sys.argv[1:])
elapsed = time.perf_counter() - start
sys.stdout = sys.__stdout__
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # Pagefind runs as a child
print(json.dumps({"code": code, "seconds": elapsed, "register": spent[0], "exports": exported[0],
                  "maxrss_kb": peak, "log": status.getvalue()}))
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


def fastest(runs: list[dict[str, object]]) -> dict[str, object]:
    return min(runs, key=lambda run: float(run["seconds"]))  # type: ignore[arg-type]


def bench(
    documents: int, entries: int, notes: int, work: Path, repeat: int, large: bool, full_only: bool
) -> dict[str, float | int | str]:
    sys.path.insert(0, str(HERE))
    from synthetic_edition import generate

    tree = work / f"n{documents}"
    generate(tree, documents, entries, notes, 300, seed=1)
    # The two builds alternate, and the fastest of each counts: the machine's speed drifts
    # over minutes, and alternating exposes both sides to the same drift.
    # Each build starts from an empty output folder (a full build writes every file; a
    # folder left by the run before would let the exports see their digest and skip). New
    # folders, not deleted ones: deleting 50 000 files just before a timed build slows the
    # disk (the discards) and the build with it.
    editions, kept_data, baselines = [], [], []
    kept = tree / "edition" / "build" / ".edition-cache"  # parsed data files of a run
    for run in range(repeat):
        baselines.append(build(tree / "baseline", tree / f"out-baseline-{run}", "-E"))
        shutil.rmtree(kept, ignore_errors=True)  # a full build that parses everything
        editions.append(build(tree / "edition" / "docs", tree / f"out-j1-{run}", "-E"))
        # A full build (every page read and written) with the data files parsed by the
        # build before kept: a rebuild with -E, or CI with its build folder cached.
        kept_data.append(build(tree / "edition" / "docs", tree / f"out-kept-{run}", "-E"))
    edition, baseline, warm = fastest(editions), fastest(baselines), fastest(kept_data)
    row: dict[str, float | int | str] = {
        "N": documents,
        "M": entries,
        "edition s": round(float(edition["seconds"]), 1),
        "baseline s": round(float(baseline["seconds"]), 1),
        "time ratio": round(float(edition["seconds"]) / float(baseline["seconds"]), 2),
        "edition MB": int(edition["maxrss_kb"]) // 1024,  # type: ignore[call-overload]
        "baseline MB": int(baseline["maxrss_kb"]) // 1024,  # type: ignore[call-overload]
        "memory ratio": round(int(edition["maxrss_kb"]) / int(baseline["maxrss_kb"]), 2),  # type: ignore[call-overload]
        "data kept: time ratio": round(float(warm["seconds"]) / float(baseline["seconds"]), 2),
        "data kept: memory ratio": round(int(warm["maxrss_kb"]) / int(baseline["maxrss_kb"]), 2),  # type: ignore[call-overload]
        "register share": round(float(edition["register"]) / float(edition["seconds"]), 3),
        "exports share": round(float(edition["exports"]) / float(edition["seconds"]), 3),
    }
    if full_only:
        return row
    serial = tree / f"out-j1-{repeat - 1}"
    if not large:  # -j 2 at large N would double the longest builds of the run
        parallel = build(tree / "edition" / "docs", tree / "out-j2", "-E", "-j", "2")
        pages = sorted(p.relative_to(serial) for p in serial.rglob("*.html"))
        identical = all(filecmp.cmp(serial / p, tree / "out-j2" / p, shallow=False) for p in pages)
        row["-j2 speed-up"] = round(float(edition["seconds"]) / float(parallel["seconds"]), 2)
        row["-j2 identical"] = "yes" if identical else "NO"
    seconds, rewritten = incremental(tree / "edition", serial, "doc-0000", "A synthetic")
    row["incremental s"] = seconds
    row["pages rewritten"] = rewritten
    # Plain Sphinx after the same change (the footnote of the first note).
    row["baseline incremental s"] = incremental_baseline(
        tree / "baseline", tree / f"out-baseline-{repeat - 1}", "doc-0000", "A synthetic"
    )
    row["check one file s"] = check_one_file(tree / "edition", "sources/doc-0000/notes.yaml")
    return row


def incremental(root: Path, out: Path, slug: str, phrase: str) -> tuple[float, str]:
    """Change the first note of ``slug`` and rebuild into ``out`` (built before): the
    time and the pages written."""
    _change(root / "sources" / slug / "notes.yaml", phrase)
    result = build(root / "docs", out)
    return round(float(result["seconds"]), 2), " ".join(written(result["log"]))


def incremental_baseline(root: Path, out: Path, slug: str, phrase: str) -> float:
    _change(root / "sources" / f"{slug}.md", phrase)
    return round(float(build(root, out)["seconds"]), 2)


def _change(path: Path, phrase: str) -> None:
    text = path.read_text(encoding="utf-8")
    if phrase not in text:
        raise SystemExit(f"{path}: {phrase!r} not found to change")
    path.write_text(text.replace(phrase, phrase + " (changed)", 1), encoding="utf-8")


def check_one_file(root: Path, name: str) -> float:
    """``edition check NAME`` in the edition at ``root``, as a pre-commit hook runs it: the
    wall time of the whole command (the interpreter's start included), fastest of three."""
    command = [str(Path(sys.executable).parent / "edition"), "check", name]
    times = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"edition check {name} failed:\n{done.stdout}{done.stderr}")
    return round(min(times), 2)


def real_edition(work: Path) -> dict[str, float | str]:
    """The edition itself, copied: its full build, and an incremental rebuild after one
    note changes (the goal: under 5 s, rewriting the document and the pages listing it)."""
    repo = HERE.parent
    copy = work / "real"
    shutil.rmtree(copy, ignore_errors=True)
    for name in ("docs", "sources"):
        shutil.copytree(repo / name, copy / name, ignore=shutil.ignore_patterns("_generated"))
    for name in ("bibliography.bib", "CHANGELOG.md"):
        shutil.copy2(repo / name, copy / name)
    full = build(copy / "docs", copy / "_bench-out", "-E")
    # The first note's first words, changed in place.
    notes_file = copy / "sources" / "rt-choe-son-hui-2019" / "notes.yaml"
    body = re.search(r"\n  body: [>|]?-?\n?\s*(\S+ \S+)", notes_file.read_text(encoding="utf-8"))
    if body is None:
        raise SystemExit(f"{notes_file}: no note body found")
    seconds, rewritten = incremental(
        copy, copy / "_bench-out", "rt-choe-son-hui-2019", body.group(1)
    )
    return {
        "full s": round(float(full["seconds"]), 1),
        "incremental s": seconds,
        "pages rewritten": rewritten,
    }


def plot(rows: list[dict[str, object]]) -> str:
    """Two bar charts as SVG (no plotting library needed): build time and peak memory of
    the baseline and the edition for each N, with the ratio above each pair."""
    panels = (
        ("Build time (s)", "baseline s", "edition s", "time ratio"),
        ("Peak memory (MB)", "baseline MB", "edition MB", "memory ratio"),
    )
    width, height, top, bottom, left = 360, 240, 40, 40, 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {2 * width} {height}" '
        'font-family="sans-serif" font-size="12" role="img" '
        'aria-label="Build time and peak memory, plain Sphinx against the edition" '
        'fill="#222">',
        '<rect width="100%" height="100%" fill="#fff"/>',  # readable in the dark theme too
    ]
    for index, (title, base_key, edition_key, ratio_key) in enumerate(panels):
        x0 = index * width
        most = max(float(row[k]) for row in rows for k in (base_key, edition_key))  # type: ignore[arg-type]
        scale = (height - top - bottom) / most
        parts.append(
            f'<text x="{x0 + width / 2}" y="18" text-anchor="middle" '
            f'font-weight="bold">{title}</text>'
        )
        slot = (width - left - 10) / len(rows)
        for position, row in enumerate(rows):
            x = x0 + left + position * slot
            for offset, (key, colour) in enumerate(
                ((base_key, "#9e9e9e"), (edition_key, "#1565c0"))
            ):
                value = float(row[key])  # type: ignore[arg-type]
                bar = value * scale
                parts.append(
                    f'<rect x="{x + 8 + offset * slot * 0.4:.1f}" y="{height - bottom - bar:.1f}"'
                    f' width="{slot * 0.38:.1f}" height="{bar:.1f}" fill="{colour}"/>'
                )
            # The ratio of the table (of the unrounded times), not of the rounded bars.
            ratio = float(row[ratio_key])  # type: ignore[arg-type]
            top_y = height - bottom - max(float(row[base_key]), float(row[edition_key])) * scale  # type: ignore[arg-type]
            parts.append(
                f'<text x="{x + 8 + slot * 0.39:.1f}" y="{top_y - 6:.1f}" '
                f'text-anchor="middle">×{ratio:.2f}</text>'
            )
            parts.append(
                f'<text x="{x + 8 + slot * 0.39:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">N = {row["N"]}</text>'
            )
        parts.append(
            f'<line x1="{x0 + left}" y1="{height - bottom}" x2="{x0 + width - 10}" '
            f'y2="{height - bottom}" stroke="#444"/>'
        )
    parts.append(
        f'<rect x="{left}" y="{height - 14}" width="10" height="10" fill="#9e9e9e"/>'
        f'<text x="{left + 14}" y="{height - 5}">plain Sphinx (baseline)</text>'
        f'<rect x="{left + 190}" y="{height - 14}" width="10" height="10" '
        f'fill="#1565c0"/><text x="{left + 204}" y="{height - 5}">the edition</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def table(rows: list[dict[str, object]]) -> str:
    columns = list(dict.fromkeys(c for row in rows for c in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def compile_the_package() -> None:
    """Plain Sphinx runs from the bytecode pip compiled when it installed Sphinx; the
    edition, installed editable, from what its imports compiled, which is nothing where
    ``PYTHONDONTWRITEBYTECODE`` is set (each build then compiled its hundred modules, a
    tenth of a second): compiled here, both sides start as installed."""
    import compileall

    import edition

    compileall.compile_dir(str(Path(edition.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each side")
    parser.add_argument(
        "--full-only", action="store_true", help="only the full builds (for large N)"
    )
    parser.add_argument(
        "--large",
        type=int,
        nargs="*",
        default=[],
        help="more N, one run each, without -j 2 (the scaling goal: 500 1000)",
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real edition")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--plot", type=Path, help="also draw them as SVG here")
    parser.add_argument(
        "--replot", type=Path, help="only draw the SVG (--plot) from an earlier --json file"
    )
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args()
    if args.replot:
        if not args.plot:
            parser.error("--replot needs --plot")
        saved = json.loads(args.replot.read_text(encoding="utf-8"))
        args.plot.write_text(plot(saved["synthetic"]), encoding="utf-8")
        return 0
    compile_the_package()
    with tempfile.TemporaryDirectory() as folder:
        work = args.work or Path(folder)
        rows: list[dict[str, object]] = []
        for n in args.documents:
            rows.append(
                bench(n, args.entries, args.notes, work, args.repeat, False, args.full_only)
            )
            print(table(rows[-1:]), flush=True)
        for n in args.large:
            rows.append(bench(n, args.entries, args.notes, work, 1, True, args.full_only))
            print(table(rows[-1:]), flush=True)
        real = None if args.no_real else real_edition(work)
    print("\nSynthetic edition (ratios: edition / baseline, same machine, same run):")
    print(table(rows))
    by_n = {int(row["N"]): float(row["edition s"]) for row in rows}  # type: ignore[arg-type]
    for n in sorted(by_n):
        if 2 * n in by_n:
            print(f"scaling: N={2 * n} takes {by_n[2 * n] / by_n[n]:.2f}x the time of N={n}")
    if real is not None:
        print("\nThe real edition:")
        print(table([real]))
    if args.plot:
        args.plot.write_text(plot(rows), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"synthetic": rows, "real": real}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
