"""The printed book and the e-book, after Sphinx (run as a process, never imported)."""
