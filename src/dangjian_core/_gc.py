"""Pausing the garbage collector around bulk work, restoring its state exactly.

Loading, checking and assessing each make hundreds of thousands of objects and no reference
cycle worth collecting; left running, the collector walks the ever-growing heap again and
again, which made cost per record grow with the ledger (issue 12).  Reference counting still
frees what is dropped; only cyclic garbage waits for the end of the step.  Here at the bottom
of the package so that io, rules and scoring share one implementation.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; re-enable it only if it was enabled."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
