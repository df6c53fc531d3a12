"""Python's cycle collector paused while the data loads (and while ``edition check`` runs)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that all live on (the data, read
    back from the cache): Python's cycle collector would traverse them again and again,
    half the time of a warm load at N = 1000. ``edition check`` runs whole inside it;
    the collector's state before is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
