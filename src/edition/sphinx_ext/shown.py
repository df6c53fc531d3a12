"""What a page shows, when it is read, of data that belongs to other pages: recorded here,
and checked by ``edition.sphinx_ext.incremental`` before the next build reads pages.

Kept in the environment (it is saved with it): docname -> kind -> key -> the text shown
(None: the target was not found).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


# The kinds of shown data, each computed again by ``incremental.SHOWN_NOW``.
PARA = "para"  # a {para} link's text: the target's short title and number
CITED = "bib"  # a citation: its bibliography entry (author, date, title)
EXAMPLES = "citation-examples"  # the citation examples of How to cite

SHOWN = "edition_shown"


def shown_of(env: BuildEnvironment) -> dict[str, dict[str, dict[str, str | None]]]:
    if not hasattr(env, SHOWN):
        setattr(env, SHOWN, {})
    shown: dict[str, dict[str, dict[str, str | None]]] = getattr(env, SHOWN)
    return shown


def note_shown(env: BuildEnvironment, kind: str, key: str, text: str | None) -> None:
    """The page being read shows ``text`` for ``key`` of ``kind``: it is read again when a
    later build would show something else."""
    shown_of(env).setdefault(env.docname, {}).setdefault(kind, {})[key] = text
