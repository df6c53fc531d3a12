"""The build's own output: what a contributor reads after ``make html``. MyST-Parser prints
its whole parser configuration (some 40 settings, one line of 1,500 characters) at every
build; it says nothing a contributor needs, and the edition's settings are in ``conf.py``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# The logger myst-parser's Sphinx extension writes with (Sphinx prefixes "sphinx.").
MYST_LOGGER = "sphinx.myst_parser.sphinx_ext.main"


class DropMystConfigDump(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and "MdParserConfig(" in record.getMessage())


def setup_build_log(app: Sphinx) -> None:
    logger = logging.getLogger(MYST_LOGGER)
    if not any(isinstance(f, DropMystConfigDump) for f in logger.filters):
        logger.addFilter(DropMystConfigDump())
