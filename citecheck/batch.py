"""`citecheck batch`: check JSONL items of {id, claim, source_text | source_path | source_url}.

One output line per input line, in the same order. Evidence offsets index the item's source text
(the given `source_text`, or the text extracted from `source_path`/`source_url`). A line that is not
a valid item gets an error record in its place ({"line", "error"}, and "id" when it has one).

The run, as plain functions (a cluster runner can call the same ones):

    read_items(lines)            -> BatchItem | BadLine, one per non-blank line, streamed
    windows(entries)             -> bounded lists of entries (memory stays flat for a million lines)
    group_by_source(items)       -> {source key: [items]}: each source loaded and prepared once
                                    (split_group: a source cited by hundreds of claims, once per worker)
    load_sources(items, fetch)   -> {path or url: Source} (I/O: files read, URLs fetched in parallel)
                                    (check_items fetches a window's URLs so, and reads each file
                                    just before its group is checked)
    check_group(source, items)   -> [(line, record)]: prepare the source, check its claims. Pure.
    check_items(items, ...)      -> records in input order, as soon as the ones before them are done
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from citecheck.errors import CitecheckError
from citecheck.match import DEFAULTS, PreparedClaim, PreparedSource, Settings, check_prepared, prepare_claim, prepare_source
from citecheck.match.judge import with_pages
from citecheck.model import UNREACHABLE, Source
from citecheck.report.json_report import figure_dict
from citecheck.sources.options import FetchOptions

# A window of items is read, fetched, prepared and checked before the next is read: this many items,
# or this many characters of input, whichever comes first.
WINDOW_ITEMS = 20_000
WINDOW_CHARS = 64 * 1024 * 1024


@dataclass(frozen=True)
class BatchItem:
    line: int
    id: str
    claim: str
    source_text: str | None
    source_path: str | None
    source_url: str | None


@dataclass(frozen=True)
class BadLine:
    """An input line that is not an item: why, in one line a user can act on."""

    line: int
    reason: str
    id: str | None = None


def read_items(lines: Iterable[str], name: str = "input") -> Iterator[BatchItem | BadLine]:
    """One BatchItem or BadLine per non-blank line, read as they come."""
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        yield parse_item(raw, n, name)


def parse_item(raw: str, n: int, name: str = "input") -> BatchItem | BadLine:
    try:
        d = json.loads(raw)
    except ValueError as e:
        return BadLine(n, f"{name}:{n}: not a JSON object ({getattr(e, 'msg', e)})")
    if not isinstance(d, dict) or "claim" not in d:
        return BadLine(n, f"{name}:{n}: each line needs an object with \"claim\" and a source",
                       _id_of(d))
    if not any(d.get(k) is not None for k in ("source_text", "source_path", "source_url")):
        return BadLine(n, f"{name}:{n}: give one of source_text, source_path or source_url", _id_of(d))
    fields = {k: d.get(k) for k in ("source_text", "source_path", "source_url")}
    wrong = [k for k, v in fields.items() if v is not None and not isinstance(v, str)]
    if wrong:
        return BadLine(n, f"{name}:{n}: {wrong[0]} must be a string", _id_of(d))
    # No file name holds a NUL byte; open() and stat() would raise ValueError, not OSError, on it.
    if fields["source_path"] and "\x00" in fields["source_path"]:
        return BadLine(n, f"{name}:{n}: source_path holds a NUL byte", _id_of(d))
    return BatchItem(n, str(d.get("id", n)), str(d["claim"]), fields["source_text"], fields["source_path"],
                     fields["source_url"])


def _id_of(d) -> str | None:
    return str(d["id"]) if isinstance(d, dict) and d.get("id") is not None else None


def error_record(bad: BadLine) -> dict:
    return {"id": bad.id, "line": bad.line, "error": bad.reason}


def windows(entries: Iterable[BatchItem | BadLine], max_items: int = WINDOW_ITEMS,
            max_chars: int = WINDOW_CHARS) -> Iterator[list[BatchItem | BadLine]]:
    """The entries in consecutive lists of bounded size."""
    window: list[BatchItem | BadLine] = []
    chars = 0
    for e in entries:
        window.append(e)
        if isinstance(e, BatchItem):
            chars += len(e.claim) + len(e.source_text or "")
        if len(window) >= max_items or chars >= max_chars:
            yield window
            window, chars = [], 0
    if window:
        yield window


def source_key(item: BatchItem) -> tuple:
    """Items with the same key cite the same source."""
    if item.source_text is not None:
        return ("text", item.source_text, item.source_url or item.source_path or "")
    if item.source_path:
        return ("path", item.source_path)
    return ("url", item.source_url or "")


def group_by_source(items: Iterable[BatchItem]) -> dict[tuple, list[BatchItem]]:
    groups: dict[tuple, list[BatchItem]] = {}
    for item in items:
        groups.setdefault(source_key(item), []).append(item)
    return groups


def load_sources(items: Sequence[BatchItem], fetch: FetchOptions = FetchOptions()) -> dict[str, Source]:
    """The Source of every item without source_text: local files read, URLs fetched together (in
    parallel, each distinct URL once, through the run's cassette or cache)."""
    sources = _fetch_all(_urls_of(items), fetch)
    from citecheck.sources.load import load_path

    for i in items:
        if i.source_text is None and i.source_path and i.source_path not in sources:
            sources[i.source_path] = load_path(i.source_path)
    return sources


def check_group(source: Source, items: Sequence[BatchItem], settings: Settings = DEFAULTS,
                prepared: PreparedSource | None = None,
                claims: Sequence[PreparedClaim] | None = None) -> list[tuple[int, dict]]:
    """The records of items that cite one source, keyed by line: the source is prepared once (unless
    `prepared` is given), its claims checked, and the prepared source let go. `claims`: the items' claims
    already prepared (prepare_claims), in the items' order. Pure: no I/O."""
    if prepared is None and source.ok:
        prepared = prepare_source(source.text or "", source.url, source.published)
    claims = claims if claims is not None else [None] * len(items)
    return [(item.line, check_item(item, source, settings, prepared, claim)) for item, claim in zip(items, claims, strict=True)]


def prepare_claims(items: Sequence[BatchItem]) -> list[PreparedClaim]:
    """Each item's claim prepared for checking (it needs no source). Pure."""
    return [prepare_claim(item.claim) for item in items]


# A source cited by at least this many claims per worker has its claims checked by several workers:
# preparing a source costs about as much as checking 100 claims against it, so below that one worker
# is faster than two. Such a source is prepared once, its pieces on every worker (prepare_source's
# `map`), and handed to each: inherited by workers forked for it (_side_pool), else pickled once
# (unpickling a prepared source costs a tenth of preparing it).
SPLIT_CLAIMS = 100
# The fewest claims in a part of guided_parts: a task costs a few ms to hand out and send back.
SMALLEST_PART = 50


def split_group(group: list[BatchItem], workers: int) -> list[list[BatchItem]]:
    """The claims of one source in up to `workers` runs of consecutive items, so that a source cited by
    a thousand claims keeps every core busy instead of one."""
    parts = min(workers, len(group) // SPLIT_CLAIMS)
    if parts < 2:
        return [group]
    size = -(-len(group) // parts)
    return [group[k:k + size] for k in range(0, len(group), size)]


def guided_parts(group: list[BatchItem], workers: int) -> list[list[BatchItem]]:
    """The claims of one source in runs of consecutive items for `workers` workers that each take the next run as
    they finish one (guided self-scheduling): each run half of what is left over the workers, so that the last
    ones are short and the workers finish close together; at least SMALLEST_PART (or a worker's share, if less:
    never fewer runs than workers)."""
    parts, k = [], 0
    smallest = min(SMALLEST_PART, -(-len(group) // workers))
    while k < len(group):
        size = max(smallest, -(-(len(group) - k) // (2 * workers)))
        parts.append(group[k:k + size])
        k += size
    return parts


# A task: the source, its items, the settings, the source prepared (pickled; INHERITED: the one the worker was
# forked with; None: the task prepares it) and the items' claims prepared (None: the task prepares them).
_Task = tuple[Source, list[BatchItem], Settings, "bytes | str | None", "list[PreparedClaim] | None"]
INHERITED = "inherited"
# The prepared source a side pool's worker was forked with (_adopt; never set in the process that forks them).
_inherited: PreparedSource | None = None


def _check_group_task(task: _Task) -> list[tuple[int, dict]]:
    source, items, settings, prepared, claims = task
    if prepared == INHERITED:
        if _inherited is None:
            raise RuntimeError("a task for a worker forked with its source reached another worker")
        return check_group(source, items, settings, _inherited, claims)
    return check_group(source, items, settings, pickle.loads(prepared) if prepared is not None else None, claims)


def _group_tasks(group: list[BatchItem], fetched: dict[str, Source], settings: Settings, pool,
                 workers: int, side_pools: list) -> Iterator[tuple[_Task, object]]:
    """The tasks that check one source's items, each with the pool to run it in (None: the run's): one, or
    (a source cited by many) a part per worker, the source prepared here on every worker first, and its
    parts checked by workers forked with it (`side_pools` gets their pool), else by the run's."""
    source = _load(group[0], fetched)
    parts = split_group(group, workers) if pool is not None else [group]
    if len(parts) < 2 or not source.ok:
        for part in parts:
            yield (source, part, settings, None, None), None
        return
    if _FORKS:
        # Workers forked with the source take its parts as they finish the last, smaller and smaller, so that none
        # waits long at the end for the other's last claims (a part per worker: one finished 0.2 s after the other
        # on a 5 MB page). Not where the source is pickled: each task would carry it.
        parts = guided_parts(group, workers)
    claims: list = []

    def map_pieces(prepare, pieces):
        # The pieces first, then each part's claims (they need no source): the workers prepare the claims while
        # this process joins the pieces and hands the source out, where they would wait for it.
        prepared = [pool.submit(prepare, piece) for piece in pieces]
        claims[:] = [pool.submit(prepare_claims, part) for part in parts]
        return (f.result() for f in prepared)

    made = prepare_source(source.text or "", source.url, source.published, map_pieces=map_pieces, workers=workers)
    if not claims:  # a text too short to cut in pieces: each task prepares its claims
        claims = [None] * len(parts)
    # The prepared source holds the text: the source goes without it (5 MB less to send to each worker).
    sent = replace(source, text="")
    if _FORKS:
        # Workers forked now inherit the prepared source as it is: pickling it, sending it through a pipe to each
        # worker and unpickling it there took 0.6 s of a 5 MB page, with both cores waiting. The previous source's
        # workers are let go first: one source's workers at a time (each holds its source, and the cores are busy).
        _leave(side_pools)
        side = _side_pool(workers, made, side_pools)
        del made
        for part, prepared_claims in zip(parts, claims, strict=True):
            yield (sent, part, settings, INHERITED, _result(prepared_claims)), side
        return  # its workers are let go (_leave) before the next source's are forked, or at the window's end
    pickled = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    del made
    for part, prepared_claims in zip(parts, claims, strict=True):
        yield (sent, part, settings, pickled, _result(prepared_claims)), None


def _result(future):
    return future.result() if future is not None else None


def check_items(entries: Iterable[BatchItem | BadLine], fetch: FetchOptions = FetchOptions(),
                settings: Settings = DEFAULTS, workers: int = 1) -> Iterator[dict]:
    """The output record of each entry, in input order. `workers` > 1 prepares sources and checks
    claims in that many processes, once a window of the input has more than one task for them (_needs_pool):
    a window of one task (one source, cited by fewer claims than split_group splits) is checked in this
    process, as it would be in one worker while this one waits. The records are the same either way
    (check_group is pure); a run of one claim saves starting the workers and the pool's imports."""
    pools: list = []  # the run's pool, once made
    side_pools: list = []  # pools forked for one source each (_group_tasks)
    try:
        for window in windows(entries):
            items = [e for e in window if isinstance(e, BatchItem)]
            fetched = _fetch_all(_urls_of(items), fetch)
            groups = group_by_source(items)
            if workers > 1 and not pools and _needs_pool(groups, workers):
                pools.append(_pool(workers))
            yield from _check_window(window, groups, fetched, settings, pools[0] if pools else None, workers,
                                     side_pools)
            _leave(side_pools)
        _leave(pools)
    except BaseException as e:
        # Ctrl-C, the caller stopped reading, or a worker killed: the workers stop now, not after their task (a big
        # source's).
        _stop_all([*pools, *side_pools])
        if _broken_pool(e):
            # (a worker killed: out of memory, a signal) One line for the user, not the pool's traceback.
            raise CitecheckError("a worker process died (out of memory, or killed); try fewer --workers") from None
        raise
    finally:
        for p in [*pools, *side_pools]:
            p.shutdown(wait=False, cancel_futures=True)


def _needs_pool(groups: dict[tuple, list[BatchItem]], workers: int) -> bool:
    """Whether a window of these groups has more than one task (_group_tasks: one per source, or a source's parts)."""
    return len(groups) > 1 or any(len(split_group(group, workers)) > 1 for group in groups.values())


def _broken_pool(e: BaseException) -> bool:
    """Is `e` a pool's BrokenProcessPool? (Its module is imported only by a run that made a pool: a third of a tenth
    of a second of start-up.)"""
    process = sys.modules.get("concurrent.futures.process")
    return process is not None and isinstance(e, process.BrokenProcessPool)


def _stop_all(pools: list) -> None:
    for p in pools:
        if p is not None:
            _stop_workers(p)


def _leave(pools: list) -> None:
    """Pools whose tasks are all done, shut down once their workers have left. (Left to leave on their own, a pool's
    thread could still be closing its pipe as the interpreter exits, and Python 3.11's exit handler then writes to
    it: "Exception ignored ... Bad file descriptor" at the end of a run.)"""
    while pools:
        pools[-1].shutdown(wait=True)  # (still listed while it waits: a Ctrl-C meanwhile stops its workers)
        pools.pop()


def _check_window(window: list[BatchItem | BadLine], groups: dict[tuple, list[BatchItem]],
                  fetched: dict[str, Source], settings: Settings, pool, workers: int,
                  side_pools: list) -> Iterator[dict]:
    """The window's records in input order: `groups`, its items by source (group_by_source); `fetched`, their URLs'
    sources."""
    # A file is read just before its group is handed out, so only the sources being checked are held.
    tasks = (task for group in groups.values()
             for task in _group_tasks(group, fetched, settings, pool, workers, side_pools))
    results = _run(tasks, pool, 2 * workers) if pool is not None else (_check_group_task(t) for t, _ in tasks)
    done: dict[int, dict] = {}
    order = iter(window)
    pending = next(order, None)
    for records in results:
        done.update(records)
        while pending is not None and (isinstance(pending, BadLine) or pending.line in done):
            yield error_record(pending) if isinstance(pending, BadLine) else done.pop(pending.line)
            pending = next(order, None)
    while pending is not None:
        yield error_record(pending) if isinstance(pending, BadLine) else done.pop(pending.line)
        pending = next(order, None)


def _urls_of(items: Sequence[BatchItem]) -> list[str]:
    """The URLs to fetch for `items`: of those whose source is neither given as text nor as a file."""
    return [i.source_url for i in items if i.source_text is None and not i.source_path and i.source_url]


def _fetch_all(urls: list[str], fetch: FetchOptions) -> dict[str, Source]:
    """fetch_all, imported only when there is a URL to fetch (requests is a tenth of a second of start-up)."""
    if not urls:
        return {}
    from citecheck.sources.fetch import fetch_all

    return fetch_all(urls, fetch)


def _load(item: BatchItem, fetched: dict[str, Source]) -> Source:
    if item.source_text is None and item.source_path:
        # (imported here: the file readers are a tenth of the imports of a run that gives its sources' text)
        from citecheck.sources.load import load_path

        return load_path(item.source_path)
    return _source_of(item, fetched)


def _run(tasks: Iterator[tuple[_Task, object]], pool, limit: int) -> Iterator[list[tuple[int, dict]]]:
    """Each task's result as it completes, with at most `limit` tasks handed out at once (each to its own
    pool, else to `pool`)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    running: set = set()
    for task, side in tasks:
        running.add((side or pool).submit(_check_group_task, task))
        if len(running) >= limit:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for f in finished:
                yield f.result()
    for f in list(running):
        yield f.result()


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from citecheck import collector

    # fork where there is one: the workers start with the library already imported, numpy too (the index and
    # the checks use it), and the lexicon loaded: loaded once here rather than once in each worker (0.2-0.3 s of
    # CPU each, at the same time as this process would load it).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if method == "fork":
        import numpy  # noqa: F401

        try:
            _load_lexicon()
        except Exception:
            pass  # what fails here fails again, and is reported, in the task that needs it (see warm_up)
        if collector.tuned():
            collector.tune()  # again: the lexicon and numpy loaded since are set apart too
    from citecheck.match.lexicon import loading_with

    # A worker that does not fork (spawn: macOS, Windows) does not inherit the lexicon's loader: it is told.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=warm_up, initargs=(loading_with() is not None, collector.tuned()))
    # The workers start now (a pool that forks starts them all at its first task), and load what checking needs
    # while this process reads the input and its first source.
    _start(pool)
    return pool


def _side_pool(workers: int, prepared: PreparedSource, pools: list):
    """A pool whose workers are forked now, with `prepared` as the source of INHERITED tasks (and the lexicon this
    process loaded before it forked the run's pool). Added to `pools` before they start."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked, a worker gets its initializer's arguments as they are in this process's memory (nothing is pickled).
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(prepared,))
    pools.append(pool)
    _start(pool)
    return pool


def _adopt(prepared: PreparedSource) -> None:
    """A side pool's worker as it starts: `prepared` is the source of its INHERITED tasks."""
    global _inherited
    _inherited = prepared
    warm_up()


# Each pool's workers as they started (_start): a pool shut down without waiting forgets its own at once, while
# they still work through its last tasks; they are stopped all the same (_stop_workers).
_workers_of: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _start(pool) -> None:
    """Start the pool's workers now (a pool that forks starts them all at its first task). A Ctrl-C meanwhile is
    held back until every worker has started and the pool knows it (_ctrl_c_held), then the pool is stopped."""
    try:
        with _ctrl_c_held():
            pool.submit(int)
            _workers_of[pool] = list((getattr(pool, "_processes", None) or {}).values())
    except BaseException:
        _stop_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise


@contextmanager
def _ctrl_c_held():
    """Ctrl-C (SIGINT) held back while workers start, so that it never comes between a worker's fork and the pool's
    note of it (a worker no one stops, or one the interpreter waits for at exit), and never reaches a worker before
    it ignores it (its traceback printed). In the thread that forks, SIGINT is blocked: a worker starts with it
    blocked and unblocks it once it ignores it (warm_up). It may still reach this process through another of its
    threads (a pool's): Python's handler, which runs in the main thread, then only notes it. Once the workers have
    started, the handler and the mask are put back and a noted Ctrl-C is raised again, to the handler this
    process had. Outside the main thread (a program calling the library), where Python raises no
    KeyboardInterrupt, nothing is changed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    # (None: a handler set outside Python, which cannot be put back; then it is left as it is)
    handler = signal.getsignal(signal.SIGINT)
    if handler is not None:
        signal.signal(signal.SIGINT, lambda signum, frame: noted.append(signum))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
    if noted:
        signal.raise_signal(signal.SIGINT)


def _stop_workers(pool) -> None:
    # (ProcessPoolExecutor has no public way to stop its workers before Python 3.14's terminate_workers)
    known = _workers_of.get(pool, [])
    for process in {*known, *(getattr(pool, "_processes", None) or {}).values()}:
        process.terminate()


def warm_up(keep_lexicon: bool = False, tune_collector: bool = False) -> None:
    """Load what preparing and checking load on first use (the word lists of the lexicon, numpy): a worker does it
    as it starts, not in the middle of its first task (half a second, while the other waits for its piece).
    `keep_lexicon`: the lexicon's tables come from the user cache (citecheck/lexicon_cache.py), as in the parent;
    `tune_collector`: the garbage collector is set as in the parent (citecheck/collector.py; forked workers inherit it).
    Only a head start: what fails here fails again, and is reported, in the task that needs it (a failing
    initializer would break the pool and hide why).

    Ctrl-C is the parent's to handle (it stops the workers): a worker ignores it, so that it prints no traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held while it started (_ctrl_c_held)
    try:
        from citecheck.match.lexicon import loading_with

        if keep_lexicon and loading_with() is None:
            from citecheck.lexicon_cache import install

            install()
        _load_lexicon()
        import numpy  # noqa: F401
    except Exception:
        pass
    if tune_collector:
        from citecheck import collector

        collector.tune()


def _load_lexicon() -> None:
    """Load the lexicon's tables and lemmatiser (what its first word costs), with the loader it was given."""
    from citecheck.match.lexicon import rarity, word_key

    word_key("starts")
    rarity("starts")


# Whether the workers that check one source's parts are forked from this process once it has prepared the source
# (_side_pool). Linux only: this process then runs threads (the run's pool has one), and forking a process that
# runs threads is safe with Linux's C library, not with macOS's system libraries (Windows cannot fork).
_FORKS = sys.platform.startswith("linux")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _source_of(item: BatchItem, loaded: dict[str, Source]) -> Source:
    url = item.source_url or item.source_path or ""
    if item.source_text is not None:
        return Source(url=url, text=item.source_text)
    return loaded.get(item.source_path or item.source_url or "") or Source(url=url, reason="source not loaded")


def check_item(item: BatchItem, source: Source | None = None, settings: Settings = DEFAULTS,
               prepared: PreparedSource | None = None, claim: PreparedClaim | None = None) -> dict:
    """The output record of one item. `source`: the loaded source_path/source_url of an item without
    source_text; `prepared`: that source already prepared for matching; `claim`: the item's claim prepared."""
    if source is None or item.source_text is not None:
        source = _source_of(item, {})
    if not source.ok:
        return {"id": item.id, "verdict": UNREACHABLE, "score": 0.0, "figures": [], "evidence": None,
                "reason": source.reason}
    prepared = prepared or prepare_source(source.text or "", source.url, source.published)
    r = with_pages(check_prepared(claim if claim is not None else prepare_claim(item.claim), prepared, settings), source)
    return {
        "id": item.id,
        "verdict": r.verdict,
        "score": r.score,
        "figures": [figure_dict(f) for f in r.figures],
        "evidence": r.evidence.to_dict() if r.evidence else None,
        "reason": r.reason,
    }
