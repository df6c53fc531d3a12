"""pybtex's errors while sphinxcontrib-bibtex reads the bibliography: collected, not
raised (the edition's own check reports each at its place)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class _QuietPybtex:
    """sphinxcontrib-bibtex parses the bibliography at builder-inited, and pybtex raises on
    its first syntax error there (a traceback; in its lenient mode it fails to print the
    error instead). Around that handler pybtex's errors are only collected: the edition's
    check has found them too, and warns where they are."""

    capturing: Any = None

    @classmethod
    def start(cls, app: Sphinx) -> None:
        import pybtex.errors

        cls.capturing = pybtex.errors.capture()
        cls.capturing.__enter__()

    @classmethod
    def end(cls, app: Sphinx) -> None:
        if cls.capturing is not None:
            cls.capturing.__exit__(None, None, None)
            cls.capturing = None


def setup_bibliography(app: Sphinx) -> None:
    # sphinxcontrib-bibtex's handler has the default priority, 500.
    app.connect("builder-inited", _QuietPybtex.start, priority=400)
    app.connect("builder-inited", _QuietPybtex.end, priority=600)
