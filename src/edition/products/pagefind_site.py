"""One search bundle indexed in a process of its own::

    python -m edition.products.pagefind_site PAGES.json OUTPUT

reads the pages made for the indexer (``{path: HTML}``), writes them in a temporary folder
and runs Pagefind's CLI on it, into ``OUTPUT``. The build indexes in the background while
Sphinx works; in the build's own interpreter each of the thousand small writes of a bundle
waited for Sphinx to let go of the interpreter's lock, and the indexing ended well after
the build (1.8 s for the notes of 1000 documents, against 0.5 s alone). Only the standard
library is imported here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def index_site(site: dict[str, str], output: Path) -> subprocess.CompletedProcess[str]:
    """Pagefind's CLI over ``site`` (page path -> HTML), its bundle written to ``output``."""
    # Beside the bundle, on the build's disk (a thousand small files: a slow /tmp showed).
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".pages-") as folder:
        folders: set[Path] = set()
        for page, text in site.items():
            path = Path(folder) / page
            if path.parent not in folders:  # a folder holds a thousand pages
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", folder, "--output-path", str(output)]
        return subprocess.run(command, capture_output=True, text=True, check=False)


def main(arguments: list[str]) -> int:
    pages, output = Path(arguments[0]), Path(arguments[1])
    output.parent.mkdir(parents=True, exist_ok=True)
    site = json.loads(pages.read_text(encoding="utf-8"))
    done = index_site(site, output)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
