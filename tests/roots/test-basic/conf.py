# A minimal edition for sphinx.testing: one source whose seed is full of markup-like characters.
project = "Test edition"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "edition"]
exclude_patterns = ["data", "seeds"]
smartquotes = False
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["data/bibliography.bib"]
bibtex_reference_style = "edition"  # (Author Year)
bibtex_default_style = "edition"
edition_root = "data"
edition_seeds_dir = "seeds"
