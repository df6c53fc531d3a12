"""The HTML templates compiled once, not at every build.

Sphinx's Jinja environment compiles each template it renders (furo's page and its parts,
some twenty) in every build, a twentieth of a one-note rebuild at N = 1000. Jinja keeps
compiled templates in a bytecode cache when it is given one: here a folder beside the
doctrees, named by a digest of what compiling depends on besides a template's source
(Jinja's, Python's and Sphinx's versions, the environment's extensions and syntax).
Jinja checks each template's source against its checksum before it uses the compiled
code and writes each file whole (a temporary file, then a rename); a compiled template
that cannot be read back (Jinja itself would stop the build) is compiled again. The cache
is build output, never contributed.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import sphinx
from jinja2.bccache import Bucket, FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The environment's settings that change what a template compiles to.
SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "is_async",
)


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, where a damaged file is nothing."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or corrupted: compiled again, never trusted
            bucket.reset()


def compiled_templates_folder(environment: jinja2.Environment, doctreedir: Path) -> Path:
    """The folder of ``environment``'s compiled templates under ``doctreedir``."""
    settings = [f"{name}={getattr(environment, name, None)!r}" for name in SYNTAX]
    made_by = [jinja2.__version__, sys.version, sphinx.__version__, type(environment).__name__]
    described = "\0".join([*made_by, *sorted(environment.extensions), *settings])
    return doctreedir / f"jinja-{hashlib.sha256(described.encode()).hexdigest()[:16]}"


def _keep_compiled_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, jinja2.Environment) or environment.bytecode_cache:
        return  # not a Jinja-rendering builder, or one with a cache of its own
    folder = compiled_templates_folder(environment, Path(app.doctreedir))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only build folder: compiled at every build, as before
    environment.bytecode_cache = CompiledTemplates(str(folder))


def setup_template_cache(app: Sphinx) -> None:
    app.connect("builder-inited", _keep_compiled_templates)
