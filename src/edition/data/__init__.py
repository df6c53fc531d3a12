"""Loading and checking the data files (never Sphinx or docutils)."""
