"""Python's garbage collector set for a run of citecheck: the CLI's process and its workers.

Preparing a source makes small objects by the hundred thousand (tuples, lists, figures, sets of words), and
Python looks for reference cycles after every 700 more container objects than it has freed: in a batch that
was 7% of the CPU (0.15-0.18 s of 2.2 s on ten 200 KB pages and their 192 claims), and the collections found
next to nothing to free, as every such object is freed by its reference count when its last user lets it go.
The youngest generation is now collected after YOUNGEST objects: memory held by cycles (a few objects per
exception caught) waits a little longer to be freed, never more than that many objects.

What is loaded once for the whole run (modules, the lexicon's tables) is set apart (gc.freeze): no collection
scans it again, and a worker forked from this process does not copy its pages by scanning them.

Preparing a source (prepare_source, a piece, the join of the pieces) runs with the collector paused (`paused`)
in those processes: its collections walked the freshly unpickled pieces, about a fifth of joining a 5 MB page's.

Only the CLI and the workers it starts call tune(): a program that uses citecheck as a library keeps its own
settings, and its collector is never paused (another of its threads may set it meanwhile).
"""

from __future__ import annotations

import gc
from functools import wraps

YOUNGEST = 10_000
_tuned = False


def tune() -> None:
    """Collect the youngest generation after YOUNGEST objects; what this process holds now is never scanned again
    (called again once more is loaded: that is set apart too)."""
    global _tuned
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST, middle, oldest)
    _tuned = True


def tuned() -> bool:
    """Was tune() called in this process (or in the process it was forked from)?"""
    return _tuned


def paused(fn):
    """`fn`, run with the cyclic collector paused in a process tune() set (the CLI's, its workers), and enabled again
    after unless it was off. Preparing a source makes 100,000s of objects that hold no cycle; reference counting
    frees all of them as before, only cycles wait for the next collection. Elsewhere (a program using the library)
    `fn` runs as it is."""
    @wraps(fn)
    def run(*args, **kwargs):
        if not _tuned or not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return run
