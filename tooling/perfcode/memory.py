"""Memory management for the two stages that build the most objects: loading and scoring."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Loading and scoring allocate hundreds of thousands of small objects and free few; each
    automatic collection would rescan everything loaded so far (quadratic in the size of
    the organisation). Nothing they build holds a reference cycle, so reference counting
    frees whatever the collector would have.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
