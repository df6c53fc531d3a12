"""Sphinx configuration of the edition. The edition's own machinery is the `edition` package."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "DPRK–US Relations, 2017–2024: Four Documents"
author = "The editors"
copyright = "2026, the editors"  # noqa: A001 - Sphinx's name
release = _version("dprk-us-edition")
version = release
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "edition",
]

# Typographic quotes are written by the editors; never let Sphinx change a transcribed quote.
smartquotes = False

source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution"]
myst_substitutions = {"version": release}
myst_heading_anchors = 0  # anchors are written in the data, never derived from titles

bibtex_bibfiles = ["../bibliography.bib"]
bibtex_default_style = "edition"  # edition/bibstyle.py
bibtex_reference_style = "edition"  # (Author Year)

html_theme = "furo"
html_title = "DPRK–US Relations, 2017–2024"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False

edition_root = None  # the repository root: the parent of docs/
edition_seeds_dir = None  # $EDITION_SEEDS or ../shared/seeds
