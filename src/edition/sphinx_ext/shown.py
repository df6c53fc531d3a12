"""What a page shows, when it is read, of data that belongs to other pages: recorded here,
and checked by ``edition.sphinx_ext.incremental`` before the next build reads pages.

Kept in the ``edition`` domain's data (saved with the environment, cleared and merged per
page): docname -> kind -> key -> the text shown (None: the target was not found).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .register_domain import domain_of

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


# The kinds of shown data, each computed again by ``incremental.SHOWN_NOW``.
PARA = "para"  # a {para} link's text: the target's short title and number
CITED = "bib"  # a citation: its bibliography entry (author, date, title)
EXAMPLES = "citation-examples"  # the citation examples of How to cite


def shown_of(env: BuildEnvironment) -> dict[str, dict[str, dict[str, str | None]]]:
    shown: dict[str, dict[str, dict[str, str | None]]] = domain_of(env).data["shown"]
    return shown


def note_shown(env: BuildEnvironment, kind: str, key: str, text: str | None) -> None:
    """The page being read shows ``text`` for ``key`` of ``kind``: it is read again when a
    later build would show something else."""
    shown_of(env).setdefault(env.docname, {}).setdefault(kind, {})[key] = text
