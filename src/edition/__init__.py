"""The edition's Python package, in layers that import one way (see docs/architecture.md):

- ``core``: the vocabulary, problems, the model and dates (standard library only);
- ``data``: loading and checking the data files, the contribution gate, the anchor lock;
- ``products``: what is made from the data without Sphinx (citations, the timeline);
- ``sphinx_ext``: the Sphinx extension, the only layer that imports Sphinx or docutils;
- ``book``: the printed book and the e-book, which run Sphinx as a process;
- ``cli``: the ``edition`` command and its writers.

``conf.py`` names the extension ``edition``: its ``setup`` is the Sphinx layer's.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("dprk-us-edition")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"


def setup(app: Any) -> dict[str, Any]:
    """The Sphinx extension (imported only when Sphinx loads it)."""
    from .sphinx_ext import setup as setup_extension

    return setup_extension(app)
