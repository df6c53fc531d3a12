"""Search in every language of the edition, with Pagefind (the ``pagefind`` package and its
``pagefind-bin`` binary from PyPI; nothing is downloaded at build time).

Sphinx's own search stems English only, and is not built: the sidebar's search box
opens this one (``templates/sidebar/search.html``). Here each paragraph of each column,
each note and each register entry is a sub-result (a heading with the anchor's ID on a
page made for the indexer), indexed in its own language: Russian and English with their
stemmers (a query for «Трампом» finds «Трампа»), Ukrainian without one, as
Pagefind has none. Each language gets its own bundle (``_search/<lang>/``); the search
page (``{edition-search}``) loads the English one and merges the others, so one query
searches all three, and each result links to its paragraph's anchor with the words
highlighted.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .link_text import link_text

if TYPE_CHECKING:
    from ..data.project import Project


SEARCH_DIR = "_search"
ROLE = re.compile(r"\{([a-z:-]+)\}`([^`]*)`")  # {cite:p}`key`, {para}`#p3`


def _plain(body: str, project: Project, docname: str) -> str:
    """A note's MyST as the words a reader searches for: a {para} link as the text the page
    shows ("¶ 3", "Zhebin (2024), note 5"), a citation as its key."""

    def role(match: re.Match[str]) -> str:
        if match.group(1) == "para":
            return link_text(project, docname, match.group(2))[2] or match.group(2)
        return match.group(2)

    return ROLE.sub(role, body).replace("**", "").replace("*", "")


def _page(lang: str, title: str, sections: list[tuple[str, str, str]]) -> str:
    """A page for the indexer only: each section (anchor, heading, text) becomes a
    sub-result that links to the anchor."""
    body = "".join(
        f'<h2 id="{html.escape(anchor)}">{html.escape(heading)}</h2><p>{html.escape(text)}</p>\n'
        for anchor, heading, text in sections
    )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>\n"
        f"{body}</body></html>\n"
    )


def pages(project: Project) -> dict[str, dict[str, str]]:
    """language -> {page path: HTML}: the texts by column, the notes, the register."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for source in project.sources.values():
        page = f"{source.docname}.html"
        short = source.meta.short_title
        translations = source.translation.by_id()
        notes = [
            (n.id, f"Note {n.number}", _plain(n.body, project, source.docname))
            for n in source.notes
        ]
        columns = (
            (source.original.lang, "original", {b.id: b.text for b in source.original.rendered}),
            (
                source.translation.lang,
                "translation",
                {i: t.text for i, t in translations.items()},
            ),
        )
        for lang, label, texts in columns:
            sections = [
                (b.id, f"¶ {b.label} ({label})", texts.get(b.id, ""))
                for b in source.original.rendered
                if texts.get(b.id, "").strip()
            ]
            if lang == "en":
                sections += notes
            found[lang][page] = _page(lang, short, sections)
        if source.notes and "en" not in (source.original.lang, source.translation.lang):
            found["en"][page] = _page("en", f"{short}: notes", notes)
    for kind, page in (("actor", "register/actors.html"), ("event", "register/events.html")):
        sections = []
        for entry in project.register.entries.values():
            if entry.kind == kind:
                forms = sorted({entry.name, *(f for fs in entry.names.values() for f in fs)})
                sections.append((entry.id, entry.name, f"{' · '.join(forms)}. {entry.description}"))
        found["en"][page] = _page("en", f"Register: {kind}s", sections)
    return found


def write_index(project: Project, out: Path, threads: int | None = None) -> None:
    """One Pagefind bundle per language in ``out/<lang>/`` (the CLI, one run each);
    ``threads`` limits the indexer's threads (Pagefind uses rayon)."""
    env = {**os.environ, "RAYON_NUM_THREADS": str(threads)} if threads else None
    for lang, site in pages(project).items():
        with tempfile.TemporaryDirectory() as folder:
            for name, text in site.items():
                path = Path(folder) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pagefind",
                    "--site",
                    folder,
                    "--output-path",
                    str(out / lang),
                ],
                capture_output=True,
                text=True,
                check=False,
                env=env,
            )
            if done.returncode != 0:
                raise RuntimeError(f"pagefind failed for {lang}: {done.stdout}{done.stderr}")


class BackgroundIndex:
    """Pagefind indexes the edition's data, not Sphinx's output, so it can run while
    Sphinx reads and writes the pages: on a second core it costs the build nothing. The
    bundle is built beside the output and put in place when the build has finished."""

    def __init__(self, project: Project, outdir: Path) -> None:
        self.outdir = outdir
        self.staging = outdir / f"{SEARCH_DIR}.new"
        self.error: BaseException | None = None
        shutil.rmtree(self.staging, ignore_errors=True)
        self.thread = threading.Thread(target=self._run, args=(project,), daemon=True)
        self.thread.start()

    def _run(self, project: Project) -> None:
        try:
            # One thread: the other core is Sphinx's.
            write_index(project, self.staging, threads=1)
        except BaseException as exc:  # reported by finish(), in the main thread
            self.error = exc

    def finish(self, succeeded: bool) -> None:
        self.thread.join()
        if not succeeded:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        if self.error is not None:
            raise self.error
        final = self.outdir / SEARCH_DIR
        shutil.rmtree(final, ignore_errors=True)
        self.staging.rename(final)
