"""The commands that write data files: ``new-source``, ``new-note`` and ``lock``.

They never overwrite a file, never renumber or drop an ID, and leave everything they do
not add exactly as it was. Every file is replaced in one step (:mod:`edition.atomic`) under
the edition's write lock, so that a kill or a second command cannot lose data; a command
that refuses writes nothing.

They write one YAML dialect, the one ``edition check`` reads (:func:`edition.yamlio.load_yaml`,
YAML 1.1): a string that YAML 1.1 or 1.2 would read as something else (``no``, ``on``, ``1.0``,
``2019-07-25``, ``null``, ``~``) is quoted, a character that YAML may not hold raw (a form
feed, U+2028) is escaped, and each file written is read back and compared before it replaces
the old one.

The commands live in modules of their own, shared parts beside them: the YAML dialect
(:mod:`edition.cli.yaml_dialect`), the refusal, lock and read-back check
(:mod:`edition.cli.write_checks`), ``new-source`` (:mod:`edition.cli.new_source`),
``new-note`` (:mod:`edition.cli.new_note`) and ``lock`` (:mod:`edition.cli.lock_writer`).
This module gathers their public names, where the command line and the tests find them.
"""

from __future__ import annotations

from .lock_writer import LOCK_HEADER, lock_anchors
from .new_note import STUB_BODY, new_note
from .new_source import LANGUAGES, STAGING_PREFIX, new_source, split_paragraphs
from .write_checks import BOM, SCHEMA_COMMENT, WriteError
from .yaml_dialect import block_text, double_quoted, is_plain_string, ruamel_scalar, scalar

__all__ = [
    "BOM",
    "LANGUAGES",
    "LOCK_HEADER",
    "SCHEMA_COMMENT",
    "STAGING_PREFIX",
    "STUB_BODY",
    "WriteError",
    "block_text",
    "double_quoted",
    "is_plain_string",
    "lock_anchors",
    "new_note",
    "new_source",
    "ruamel_scalar",
    "scalar",
    "split_paragraphs",
]
