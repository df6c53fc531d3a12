"""The ``edition`` command and the writers behind it (no Sphinx is imported)."""

from .main import main

__all__ = ["main"]
