"""``edition init``: a new edition, ready to build, with no document yet.

What it writes comes from the templates in ``edition_template/`` (package data; a file
``NAME.tmpl`` becomes ``NAME``, ``gitignore.tmpl`` becomes ``.gitignore``), with the
edition's title, author, language and book name put in. Nothing of any one edition is in
the package: an edition is its folder (``docs/conf.py``, the pages, ``sources/``,
``bibliography.bib``), and the package is its dependency (``requirements.txt``).

The folder appears whole or not at all: the edition is written into a hidden folder beside
it and renamed into place; an existing folder that is not empty is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..core.vocabulary import POLYGLOSSIA
from ..data.anchors import LOCK_FILE, RETIRED_FILE
from ..data.project import load_project
from .atomic import fsync_folder, write_new
from .new_source import LANGUAGES
from .write_checks import WriteError, checked_text
from .yaml_dialect import scalar

DISTRIBUTION = "dprk-us-edition"  # the package's own distribution name (pyproject.toml)
TEMPLATE = "edition_template"
SUFFIX = ".tmpl"
RENAMED = {"gitignore": ".gitignore"}
STAGING_PREFIX = ".edition-init-"
BOOK_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
# ASCII punctuation that Markdown (MyST) could read as markup in a title.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~^&])")

LOCK_TEXT = (
    "# Every page and anchor the edition has published. It only grows: run `edition lock`\n"
    "# to add new ones. A page or anchor that goes away needs a redirect or a tombstone\n"
    "# in retired.yaml.\n"
)
RETIRED_TEXT = (
    "# Pages and anchors that went away, and where they lead now: a redirect to a\n"
    "# successor ({from: PAGE#ANCHOR, to: PAGE#ANCHOR, since: VERSION}) or a tombstone that\n"
    "# says why ({target: PAGE#ANCHOR, reason: …, since: VERSION}).\n"
    "redirects: []\n"
    "tombstones: []\n"
)


@dataclass(frozen=True)
class EditionSettings:
    """What differs between editions at their start: all of it is configuration."""

    title: str
    author: str
    language: str
    book: str  # the file name of the printed book and the e-book, without extension
    issued: str  # YYYY-MM-DD: the date of issue of the first version


def book_name_for(folder: Path) -> str:
    """A book name made from the edition's folder name: ``My Edition`` -> ``my-edition``."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return name if BOOK_NAME.fullmatch(name) else "edition"


def _markdown(text: str) -> str:
    """``text`` for a Markdown heading: every character that could be markup escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def requirement() -> str:
    """The line of requirements.txt that installs this package as it is installed here:
    from its folder, its archive or its git commit where pip recorded one (PEP 610),
    else the release by its version."""
    dist = metadata.distribution(DISTRIBUTION)
    recorded = dist.read_text("direct_url.json")
    if recorded:
        try:
            direct = json.loads(recorded)
            url = str(direct["url"])
        except (ValueError, KeyError, TypeError):
            url = ""
        vcs = direct.get("vcs_info") if url else None
        if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
            return f"{DISTRIBUTION} @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
        if url.startswith("file://") and direct.get("dir_info", {}).get("editable"):
            return f"-e {url.removeprefix('file://')}"
        if url:
            return f"{DISTRIBUTION} @ {url}"
    return f"{DISTRIBUTION}=={dist.version}"


def _values(settings: EditionSettings) -> dict[str, str]:
    others = [name for code, name in POLYGLOSSIA.items() if code != settings.language]
    main = POLYGLOSSIA.get(settings.language, "english")
    year = settings.issued[:4]
    return {
        "TITLE_PY": repr(settings.title),
        "AUTHOR_PY": repr(settings.author),
        "COPYRIGHT_PY": repr(f"{year}, {settings.author}"),
        "ISSUED_PY": repr(settings.issued),
        "LANGUAGE_PY": repr(settings.language),
        "TITLE_MD": _markdown(settings.title),
        "BOOK": settings.book,
        "LATEX_MAIN": main,
        "LATEX_OTHERS": ",".join(name for name in others if name != main),
        "DISTRIBUTION": DISTRIBUTION,
        "REQUIREMENT": requirement(),
    }


def _fill(template: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return re.sub(r"@@([A-Z_]+)@@", value, template)


def _templates(folder: Traversable, prefix: str = "") -> dict[str, str]:
    """Each template's text by the relative path of the file it becomes."""
    found: dict[str, str] = {}
    for item in folder.iterdir():
        if item.is_dir():
            found |= _templates(item, f"{prefix}{item.name}/")
        elif item.name.endswith(SUFFIX):
            name = item.name.removesuffix(SUFFIX)
            found[prefix + RENAMED.get(name, name)] = item.read_text(encoding="utf-8")
    return found


def _check(settings: EditionSettings) -> None:
    for field, value in (("title", settings.title), ("author", settings.author)):
        if not value.strip() or not value.isprintable():
            raise WriteError(f"the {field} must be one line of text, not {value!r}")
    if settings.language not in LANGUAGES:
        raise WriteError(f"language {settings.language!r}: use one of {', '.join(LANGUAGES)}")
    if not BOOK_NAME.fullmatch(settings.book):
        raise WriteError(f"book name {settings.book!r}: use lower-case letters, digits and hyphens")


def _lock_text(root: Path) -> str:
    """The anchor lock of the new edition: every page it publishes, no anchor yet."""
    pages = load_project(root, None).anchors()
    lines = [LOCK_TEXT, "pages:\n"]
    lines += [f"  {scalar(page)}: []\n" for page in sorted(pages)]
    text = "".join(lines)
    expected: dict[str, dict[str, list[str]]] = {"pages": {page: [] for page in pages}}
    return checked_text(text, root / "sources" / LOCK_FILE, expected, "anchors-lock")


def init_edition(target: Path, settings: EditionSettings) -> list[Path]:
    """Write a new edition into ``target`` (which must not exist, or be empty); return the
    files written, in ``target``."""
    _check(settings)
    target = target.absolute()
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise WriteError(f"{target} exists and is not a folder: nothing was written")
    if target.is_dir() and any(target.iterdir()):
        raise WriteError(f"{target} is not empty: an edition starts in a new or empty folder")
    if not target.parent.is_dir():
        raise WriteError(f"{target.parent} is not a folder")
    values = _values(settings)
    files = {
        path: _fill(text, values)
        for path, text in _templates(resources.files(__package__) / TEMPLATE).items()
    }
    staging = target.parent / f"{STAGING_PREFIX}{target.name}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for path, text in sorted(files.items()):
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            write_new(staging / path, text.encode("utf-8"))
        retired = checked_text(
            RETIRED_TEXT,
            staging / "sources" / RETIRED_FILE,
            {"redirects": [], "tombstones": []},
            "retired",
        )
        write_new(staging / "sources" / RETIRED_FILE, retired.encode("utf-8"))
        write_new(staging / "sources" / LOCK_FILE, _lock_text(staging).encode("utf-8"))
        for folder in sorted({p.parent for p in staging.rglob("*")}, reverse=True):
            fsync_folder(folder)
        if target.is_dir():
            target.rmdir()  # empty, as checked: fails if something appeared since
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    fsync_folder(target.parent)
    return sorted(p for p in target.rglob("*") if p.is_file())
