"""`citecheck batch --scheduler`: the batch run on a Dask cluster (`pip install 'citecheck[dask]'`).

The same functions as the local run (batch.py) do the work: the client reads the items in windows,
groups them by source and cuts each window into partitions; a worker fetches a partition's pages
and checks its claims with `check_group`; the client writes the records in input order.

- Politeness: a partition holds the sources of one host (or only sources that need no fetching), and
  the client never has two partitions of one host on the cluster at once, so the per-host limit
  (FetchOptions.per_host requests in flight) holds for the whole cluster, not per worker. Within a
  window each source is in one partition: it is fetched and prepared once.
- Streaming: at most `in_flight` partitions run at once and at most two windows are open, so the
  client's memory is bounded; results are taken as they complete (distributed.as_completed) and
  written as soon as every line before them is done.
- Faults: a lost worker's tasks are rerun elsewhere by Dask; the client takes each partition's
  result once, so no item is lost or written twice. A check that raises gives its item an error
  record, and a task that fails as a whole gives its items one; the rest finish.
- No shared disk: a `source_path` file is read by the client and its bytes sent with the task
  (refused above MAX_FILE_BYTES); the fetch cache is each worker's own.

dask and distributed are imported only here, and only when a run asks for a cluster: `citecheck
--help` and a local batch never load them.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from citecheck.batch import BadLine, BatchItem, _source_of, check_group, check_item, error_record, group_by_source, windows
from citecheck.errors import CitecheckError
from citecheck.match import DEFAULTS, Settings
from citecheck.model import Source
from citecheck.sources import FetchOptions
from citecheck.sources.fetch import fetch_each
from citecheck.sources.http import host_key
from citecheck.sources.load import source_from_bytes

INSTALL_HINT = "--scheduler needs Dask: pip install 'citecheck[dask]'"
# A partition: at most this many items, or this many characters of source text and file bytes (a
# source cited by more items than that is still one partition: it is fetched and prepared once).
PARTITION_ITEMS = 256
PARTITION_CHARS = 16 * 1024 * 1024
# A source_path file is sent to the cluster with its task; a larger one gets an error record.
MAX_FILE_BYTES = 25 * 1024 * 1024
# Windows of input held by the client at once: the one being written and the next being checked.
OPEN_WINDOWS = 2


@dataclass(frozen=True)
class Partition:
    """Items checked by one task: their sources grouped, each group's items citing one source.
    `host`: the host whose pages the task fetches; None when it fetches nothing."""

    host: str | None
    groups: tuple[tuple[BatchItem, ...], ...]

    @property
    def first_line(self) -> int:
        return min(g[0].line for g in self.groups)

    @property
    def items(self) -> Iterator[BatchItem]:
        return itertools.chain.from_iterable(self.groups)


def partition_key(item: BatchItem) -> str | None:
    """The host of a source to fetch, None for a source that is given or read from a file."""
    if item.source_text is None and not item.source_path:
        return host_key(item.source_url or "")
    return None


def _weight(item: BatchItem) -> int:
    if item.source_text is not None:
        return len(item.source_text)
    if item.source_path:
        try:
            return os.stat(item.source_path).st_size
        except OSError:
            return 0
    return 0


def partitions(items: Iterable[BatchItem], max_items: int = PARTITION_ITEMS,
               max_chars: int = PARTITION_CHARS) -> list[Partition]:
    """A window's items cut into partitions: each source's items in one, one host (or none) in each;
    a host's partitions in input order."""
    by_host: dict[str | None, list[tuple[BatchItem, ...]]] = {}
    for group in group_by_source(items).values():
        by_host.setdefault(partition_key(group[0]), []).append(tuple(group))
    out: list[Partition] = []
    for host, groups in by_host.items():
        chunk: list[tuple[BatchItem, ...]] = []
        n = chars = 0
        for group in groups:
            weight = _weight(group[0])
            if chunk and (n + len(group) > max_items or chars + weight > max_chars):
                out.append(Partition(host, tuple(chunk)))
                chunk, n, chars = [], 0, 0
            chunk.append(group)
            n += len(group)
            chars += weight
        if chunk:
            out.append(Partition(host, tuple(chunk)))
    return out


# -- on a worker ---------------------------------------------------------------------------------


def check_partition(partition: Partition, files: dict[str, bytes | Source], fetch: FetchOptions,
                    settings: Settings = DEFAULTS) -> list[tuple[int, dict]]:
    """The records of a partition's items, keyed by line: its pages fetched (with the worker's own
    cache), its files read from the bytes the client sent, each source prepared once."""
    _keep_lexicon()
    records: list[tuple[int, dict]] = []
    to_fetch: dict[str, tuple[BatchItem, ...]] = {}
    for group in partition.groups:
        first = group[0]
        if first.source_text is not None:
            records += check_group_safely(_source_of(first, {}), group, settings)
        elif first.source_path:
            got = files[first.source_path]
            source = got if isinstance(got, Source) else source_from_bytes(first.source_path, got)
            records += check_group_safely(source, group, settings)
        else:
            to_fetch[first.source_url or ""] = group
    for url, source in fetch_each(list(to_fetch), fetch):
        records += check_group_safely(source, to_fetch[url], settings)
    return records


def _keep_lexicon() -> None:
    """The lexicon's tables are loaded from (and kept in) the worker's user cache dir, as in a local run's
    workers (citecheck/lexicon_cache.py): unpacked from simplemma's and wordfreq's files they cost each
    worker process half a second of CPU."""
    from citecheck.match.lexicon import loading_with

    if loading_with() is None:
        from citecheck.lexicon_cache import install

        install()


def check_group_safely(source: Source, items: tuple[BatchItem, ...], settings: Settings) -> list[tuple[int, dict]]:
    """check_group; when it raises (a bug), each item is checked alone, so only the items that fail
    get an error record, with the reason."""
    try:
        return check_group(source, items, settings)
    except Exception:  # noqa: BLE001 - one source's bug must not sink the partition
        records = []
        for item in items:
            try:
                records.append((item.line, check_item(item, source, settings)))
            except Exception as e:  # noqa: BLE001
                records.append((item.line, failed_record(item, f"check failed ({_describe(e)})")))
        return records


def failed_record(item: BatchItem, reason: str) -> dict:
    return error_record(BadLine(item.line, reason, item.id))


def _describe(e: BaseException) -> str:
    text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _citecheck_version() -> str:
    from citecheck import __version__

    return __version__


# -- on the client -------------------------------------------------------------------------------


@contextlib.contextmanager
def connect(scheduler: str | None = None, scheduler_file: str | None = None, timeout: float = 10.0):
    """A distributed.Client of the cluster at `scheduler` (an address) or named in `scheduler_file`.
    Raises CitecheckError (one line) when Dask is not installed or the scheduler cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise CitecheckError(INSTALL_HINT) from None
    where = scheduler or scheduler_file
    if scheduler_file and not os.path.isfile(scheduler_file):  # Client would wait for it to appear
        raise CitecheckError(f"{scheduler_file}: no such scheduler file")
    try:
        if scheduler_file:
            client = Client(scheduler_file=scheduler_file, timeout=timeout)
        else:
            client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as e:
        raise CitecheckError(f"cannot reach the Dask scheduler at {where} ({_describe(e)})") from None
    try:
        _check_workers(client)
        yield client
    finally:
        client.close()


def _check_workers(client) -> None:
    """The workers must run the client's citecheck: the tasks are its functions, by reference."""
    from citecheck import __version__

    try:
        versions = client.run(_citecheck_version)
    except Exception as e:  # noqa: BLE001 - a worker without citecheck fails to unpickle the call
        raise CitecheckError(f"the Dask workers cannot run citecheck ({_describe(e)}); install "
                             f"citecheck {__version__} on them") from None
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if wrong:
        worker, version = next(iter(wrong.items()))
        raise CitecheckError(f"Dask worker {worker} runs citecheck {version}, this is {__version__}")


def cluster_threads(client) -> int:
    workers = client.scheduler_info(n_workers=-1).get("workers", {}) if _takes_n_workers(client) \
        else client.scheduler_info().get("workers", {})
    return sum(w.get("nthreads", 1) for w in workers.values()) or 1


def _takes_n_workers(client) -> bool:
    import inspect

    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def worker_options(fetch: FetchOptions) -> FetchOptions:
    """The fetch options a worker uses: no progress line (nobody sees a worker's stderr)."""
    if fetch.cassette:
        raise CitecheckError("--cassette cannot be used with --scheduler: the workers share no disk")
    return replace(fetch, progress=False)


def read_file(path: str) -> bytes | Source | str:
    """A source_path file's bytes to send with its task, the Source of a file that cannot be read (as
    the local run reports it), or a reason (str) to refuse one too large to send."""
    try:
        with open(path, "rb") as fh:
            body = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return Source(url=path, reason=f"cannot read file ({e.strerror})")
    if len(body) > MAX_FILE_BYTES:
        return f"{path}: file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large to send to the cluster"
    return body


class ClusterRun:
    """One batch on a cluster: partitions handed out (one per host at a time, at most `in_flight`),
    results taken as they complete, records yielded in input order."""

    def __init__(self, client, entries: Iterable[BatchItem | BadLine], fetch: FetchOptions = FetchOptions(),
                 settings: Settings = DEFAULTS, in_flight: int | None = None, partition_items: int = PARTITION_ITEMS,
                 window_items: int | None = None):
        from distributed import as_completed

        self.client = client
        self.fetch = worker_options(fetch)
        self.settings = settings
        self.in_flight = in_flight or max(4, 2 * cluster_threads(client))
        self.partition_items = partition_items
        self.windows = windows(entries, window_items) if window_items else windows(entries)
        self.exhausted = False
        self.open: deque[deque[BatchItem | BadLine]] = deque()  # windows being checked, entries not yet written
        self.done: dict[int, dict] = {}  # line -> record, until every line before it is written
        self.ready: list[tuple[int, int, Partition]] = []  # (first line, seq, partition): may start now
        self.waiting: dict[str, deque[Partition]] = {}  # host -> its partitions after the one started
        self.busy: set[str] = set()  # hosts with a partition ready or on the cluster
        self.running: dict = {}  # future -> partition
        self.completed = as_completed(with_results=False)
        self.seq = itertools.count()

    def records(self) -> Iterator[dict]:
        try:
            while True:
                self._open_windows()
                self._submit()
                yield from self._written()
                if self.running:
                    self._take(next(self.completed))
                    continue
                if self.exhausted and not self.open:
                    return
                if not self.ready and self.open and not self._progress_possible():
                    raise RuntimeError("cluster batch: records missing with nothing left to run")
        finally:
            if self.running:  # Ctrl-C, or the reader stopped: the cluster stops this run's work
                futures = list(self.running)
                self.running.clear()
                with contextlib.suppress(Exception):  # a client already gone has nothing to cancel
                    self.client.cancel(futures, force=True)

    def _progress_possible(self) -> bool:
        return len(self.open) < OPEN_WINDOWS and not self.exhausted

    def _open_windows(self) -> None:
        while not self.exhausted and len(self.open) < OPEN_WINDOWS:
            window = next(self.windows, None)
            if window is None:
                self.exhausted = True
                return
            self.open.append(deque(window))
            items = [e for e in window if isinstance(e, BatchItem)]
            for p in partitions(items, self.partition_items):
                self._add(p)

    def _add(self, p: Partition) -> None:
        if p.host is not None and p.host in self.busy:
            self.waiting.setdefault(p.host, deque()).append(p)
            return
        if p.host is not None:
            self.busy.add(p.host)
        heapq.heappush(self.ready, (p.first_line, next(self.seq), p))

    def _submit(self) -> None:
        while self.ready and len(self.running) < self.in_flight:
            _, _, p = heapq.heappop(self.ready)
            files, refused = self._files(p)
            for item, reason in refused:
                self.done[item.line] = failed_record(item, reason)
            if refused:
                kept = tuple(g for g in p.groups if g[0].source_path not in {i.source_path for i, _ in refused})
                if not kept:
                    self._finished(p)
                    continue
                p = Partition(p.host, kept)
            future = self.client.submit(check_partition, p, files, self.fetch, self.settings, pure=False)
            self.running[future] = p
            self.completed.add(future)

    def _files(self, p: Partition) -> tuple[dict[str, bytes | Source], list[tuple[BatchItem, str]]]:
        files: dict[str, bytes | Source] = {}
        refused: list[tuple[BatchItem, str]] = []
        for group in p.groups:
            path = group[0].source_path
            if group[0].source_text is None and path:
                got = read_file(path)
                if isinstance(got, str):
                    refused += [(item, got) for item in group]
                else:
                    files[path] = got
        return files, refused

    def _take(self, future) -> None:
        p = self.running.pop(future)
        try:
            records = future.result()
        except Exception as e:  # noqa: BLE001 - a task that fails as a whole: its items say why
            reason = f"task failed on the cluster ({_describe(e)})"
            records = [(item.line, failed_record(item, reason)) for item in p.items]
        del future  # the cluster lets go of the result
        self.done.update(records)
        self._finished(p)

    def _finished(self, p: Partition) -> None:
        if p.host is None:
            return
        queue = self.waiting.get(p.host)
        if queue:
            nxt = queue.popleft()
            heapq.heappush(self.ready, (nxt.first_line, next(self.seq), nxt))
            if not queue:
                del self.waiting[p.host]
        else:
            self.busy.discard(p.host)

    def _written(self) -> Iterator[dict]:
        while self.open:
            window = self.open[0]
            while window:
                entry = window[0]
                if isinstance(entry, BadLine):
                    yield error_record(entry)
                elif entry.line in self.done:
                    yield self.done.pop(entry.line)
                else:
                    return
                window.popleft()
            self.open.popleft()


def check_items_on_cluster(client, entries: Iterable[BatchItem | BadLine], fetch: FetchOptions = FetchOptions(),
                           settings: Settings = DEFAULTS, **tuning) -> Iterator[dict]:
    """The output record of each entry, in input order, the work done on `client`'s cluster: the
    same records as batch.check_items."""
    return ClusterRun(client, entries, fetch, settings, **tuning).records()
