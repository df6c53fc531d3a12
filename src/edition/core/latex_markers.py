"""The marks the LaTeX writer (sphinx_ext.latex) leaves in the book's source for the note
placement that reads them after Sphinx (book.note_pages): defined once for both."""

from __future__ import annotations

MARK_SUFFIX = "--at"
ROW_END_SUFFIX = "--end"  # + column: the label at the end of a row's column
ROW_START_SUFFIX = "--start"  # + column: the label on the first line of a row's column
# The comment lines written around rows, columns and notes.
ROW = "%edrow:"
ROW_END = "%/edrow"
TRANSLATION_COLUMN = "%edcolumn"
MARK = "%ednote-mark:"
NOTE = "%ednote:"
NOTE_END = "%/ednote"
MOVED = "%ednote-moved:"
