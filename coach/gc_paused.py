"""Python's cyclic garbage collector held off while a team view builds its rows.

A summary of thousands of reps keeps hundreds of thousands of new tuples, sets and dicts alive at once; each time
they grow a quarter past what the collector last counted, it walks every object in the process, and does so again
and again (a fifth of an admin's 5,500-person summary, `bench/organisation.py`). Nothing they hold is a cycle to
collect; reference counting still frees what they drop. Threads may overlap: the collector runs again when the last
one leaves.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_was_enabled = True


@contextmanager
def gc_paused() -> Iterator[None]:
    global _inside, _was_enabled
    with _lock:
        if _inside == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _was_enabled:
                gc.enable()
