"""The ``edition`` command: check the data, add sources and notes, keep the anchor lock,
build the book, all without a Sphinx build of the site. ``edition COMMAND --help`` says
more about each command."""

from __future__ import annotations

import argparse
import datetime
import re
import sys
from pathlib import Path

from ..core.problems import DataError
from ..core.vocabulary import COLUMNS
from ..data.project import load_project
from .check import check
from .writers import WriteError, lock_anchors, new_note, new_source

# What `edition --help` says (plain text: the module's docstring is reST for the docs).
DESCRIPTION = "Check the data, add sources and notes, keep the anchor lock, build the book: \
all without a Sphinx build of the site. 'edition COMMAND --help' says more."


def _root(value: str | None) -> Path:
    """The repository root: given, or the nearest parent of the cwd with sources/ and docs/."""
    if value:
        return Path(value).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "sources").is_dir() and (candidate / "docs").is_dir():
            return candidate
    return here


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_check(args: argparse.Namespace) -> int:
    return check(args, _root(args.root))


def cmd_lock(args: argparse.Namespace) -> int:
    root = _root(args.root)
    project = load_project(root, None)
    try:
        added = lock_anchors(project.lock_path, project.anchors())
    except (WriteError, OSError) as exc:
        print(f"edition lock: {exc}", file=sys.stderr)
        return 1
    print(f"{added} page(s) and anchor(s) added to {project.lock_path.relative_to(root)}")
    return 0


def cmd_new_source(args: argparse.Namespace) -> int:
    root = _root(args.root)
    try:
        written = new_source(root, Path(args.file), args.slug, args.lang, args.translation_lang)
    except (WriteError, OSError) as exc:
        print(f"edition new-source: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    print(
        "next: fill in source.yaml from your research, translate the paragraphs into "
        "translation.yaml, then run make check"
    )
    return 0


def cmd_new_note(args: argparse.Namespace) -> int:
    root = _root(args.root)
    folder = root / "sources" / args.slug
    if not re.fullmatch(r"[a-z][a-z0-9-]*", args.slug) or not (folder / "source.yaml").is_file():
        print(f"edition new-note: no source {args.slug!r} in sources/", file=sys.stderr)
        return 1
    try:
        note_id = new_note(
            folder,
            args.paragraph,
            args.phrase,
            args.column,
            args.kind,
            args.occurrence,
            args.id,
            args.by,
            datetime.date.today().isoformat(),
        )
    except (WriteError, DataError, OSError) as exc:
        print(f"edition new-note: {exc}", file=sys.stderr)
        return 1
    print(f"added note {note_id} to sources/{args.slug}/notes.yaml: write its body, then")
    print("run make check and edition lock")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .init import EditionSettings, book_name_for, init_edition

    target = Path(args.folder)
    settings = EditionSettings(
        title=args.title,
        author=args.author,
        language=args.language,
        book=args.book or book_name_for(target.absolute()),
        issued=datetime.date.today().isoformat(),
    )
    try:
        written = init_edition(target, settings)
    except (WriteError, OSError) as exc:
        print(f"edition init: {exc}", file=sys.stderr)
        return 1
    root = target.absolute()
    for path in written:
        print(f"wrote {path.relative_to(root.parent)}")
    print(
        f"next: cd {args.folder}, then `edition new-source FILE --slug SLUG --lang LANG` "
        "imports a first document; README.md says the rest"
    )
    return 0


def cmd_book(args: argparse.Namespace) -> int:
    from ..book.build import BookError, build_epub, build_pdf

    root = _root(args.root)
    build = {"pdf": build_pdf, "epub": build_epub}[args.format]
    _progress(f"building the {args.format} (this takes a little while)")
    try:
        target = build(root / "docs", root / "build")
    except BookError as exc:
        print(f"edition book: {exc}", file=sys.stderr)
        return 1
    print(f"{args.format}: {target.relative_to(root)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edition", description=DESCRIPTION)
    parser.add_argument("--root", help="repository root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate every data file; print file:line:column: code: message",
        description="Validate every data file (metadata, texts, notes, register, mentions, "
        "bibliography keys, anchor lock, seeds) with the checks the Sphinx build runs. "
        "Exit status 1 when there is any problem.",
    )
    check.add_argument("paths", nargs="*", help="report only problems in these files or folders")
    check.add_argument(
        "--seeds", help="folder of the seed texts (default: $EDITION_SEEDS or ../shared/seeds)"
    )
    check.add_argument(
        "--require-seeds", action="store_true", help="fail when the seeds folder is missing"
    )
    check.add_argument(
        "--lock-base",
        metavar="REF",
        help="also fail when a page or anchor in the lock at git revision REF has left "
        "sources/anchors.lock.yaml without a redirect or tombstone; 'auto' (as CI runs it) "
        "is the merge base with origin/main, else the latest tag, else HEAD",
    )
    check.set_defaults(func=cmd_check)

    lock = commands.add_parser(
        "lock",
        help="add newly published pages and anchors to the lock",
        description="Add every page and anchor the edition now publishes to "
        "sources/anchors.lock.yaml. Nothing is ever removed, and the rest of the file is kept.",
    )
    lock.set_defaults(func=cmd_lock)

    source = commands.add_parser(
        "new-source",
        help="import a plain-text document as a new source",
        description="Import a UTF-8 text file into sources/SLUG/: the paragraphs (split at "
        "blank lines) with IDs p1, p2, …, a metadata skeleton with the file's sha256, an empty "
        "translation and notes file, a copy of the file as the seed, the page "
        "docs/sources/SLUG.md and its toctree entries. Nothing that exists is overwritten.",
    )
    source.add_argument("file", help="the document, a UTF-8 text file")
    source.add_argument(
        "--slug", required=True, help="the source's ID and page name, e.g. tass-2019-03-15"
    )
    source.add_argument("--lang", required=True, help="the document's language: en, ru, uk or ko")
    source.add_argument(
        "--translation-lang", default="en", help="the translation's language (default: en)"
    )
    source.set_defaults(func=cmd_new_source)

    note = commands.add_parser(
        "new-note",
        help="append a note stub on a phrase of a paragraph",
        description="Append a correctly formed note to sources/SLUG/notes.yaml, after "
        "checking that PHRASE stands in PARAGRAPH. Its body is a TODO line that make check "
        "reports until the note is written.",
    )
    note.add_argument("slug", help="the source's slug, e.g. tass-2019-03-15")
    note.add_argument("paragraph", help="the paragraph ID, e.g. p17")
    note.add_argument("phrase", help="the exact words the note hangs on")
    note.add_argument("--column", default="original", choices=COLUMNS)
    note.add_argument(
        "--kind",
        default="identification",
        help="identification, fact-correction, name-correction, translation, context, "
        "disputed or reference",
    )
    note.add_argument("--occurrence", type=int, help="which occurrence, when the phrase repeats")
    note.add_argument("--id", help="the note's ID (default: made from the phrase)")
    note.add_argument("--by", default="The editors", help="who writes the note")
    note.set_defaults(func=cmd_new_note)

    init = commands.add_parser(
        "init",
        help="write a new edition, with no document yet, into a new or empty folder",
        description="Write a new edition into FOLDER: docs/ (conf.py, the title page, the "
        "register, bibliography, search and how-to-cite pages, the book's root page), an "
        "empty sources/ with the register files and the anchor lock, bibliography.bib, a "
        "Makefile, requirements.txt (this package) and a README. A folder that exists and "
        "is not empty is refused. Then `edition new-source` adds the documents.",
    )
    init.add_argument("folder", help="the new edition's folder (new, or empty)")
    init.add_argument("--title", required=True, help="the edition's title")
    init.add_argument("--author", default="The editors", help="who edits it (default: %(default)s)")
    init.add_argument(
        "--language", default="en", help="the language of the edition's pages (default: en)"
    )
    init.add_argument(
        "--book",
        help="the file name of the printed book and the e-book, without extension "
        "(default: made from the folder's name)",
    )
    init.set_defaults(func=cmd_init)

    book = commands.add_parser(
        "book",
        help="build the printed book (pdf) or the e-book (epub) into build/, checked",
        description="Build build/pdf/*.pdf with xelatex (undefined references and missing "
        "glyphs fail) or build/epub/*.epub (epubcheck must report nothing).",
    )
    book.add_argument("format", choices=("pdf", "epub"))
    book.set_defaults(func=cmd_book)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
