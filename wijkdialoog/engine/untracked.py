"""Keep the dialogue's long-lived records out of the cyclic garbage collector's sight.

Python's collector walks every container it tracks, looking for reference cycles. The
engine's records never form one (a statement, a participant, an inbox or a group holds
ints, strings and the records below it, never a way back), so reference counting alone
frees them, and the walks are wasted: a full collection with a 10,000-participant
dialogue in memory walked 150,000 objects, 106-116 ms in which the server answered
nobody; 5-10 ms once the records were untracked (docs/benchmarks.md, session 12). An
untracked object is freed as before, as soon as its last reference goes; only the
collector never visits it.

Only what never refers back to its holders may be untracked: a cycle through it would
never be freed.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_untrack: Callable[[object], None] | None
try:
    # CPython's own function for it; Python code has no other way to call it. Called
    # through `pythonapi`, which holds the interpreter lock during the call, as it must.
    _function = ctypes.pythonapi.PyObject_GC_UnTrack
except AttributeError:  # an interpreter that is not CPython: the collector keeps them
    _untrack = None
else:
    _function.argtypes = [ctypes.py_object]
    _function.restype = None
    _untrack = _function


def untracked(record: T) -> T:
    """Return the record, taken out of the collector's sight."""
    if _untrack is not None:
        _untrack(record)
    return record
