"""Ctrl-C: `citecheck check` waiting on slow servers exits 130 at once, with one line and no traceback.

The CLI runs in a subprocess (signals go to a whole process); the servers are on 127.0.0.1 and take
30 s to answer, far longer than the test waits."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

SLOW = 30.0


def _start(server, tmp_path, n_sources: int, jobs: int) -> subprocess.Popen:
    urls = [server.slow(f"/slow{i}", SLOW) for i in range(n_sources)]
    lines = ["claims:"]
    for i, url in enumerate(urls):
        lines += [f"  - id: c{i}", f"    text: \"The survey counted {i + 1},512 pairs in 2019.\"", f"    sources: [{url}]"]
    claims = tmp_path / "claims.yaml"
    claims.write_text("\n".join(lines) + "\n")
    cmd = [sys.executable, "-m", "citecheck", "check", str(claims), "--allow-private", "--no-cache",
           "--timeout", "60", "--deadline", "60", "--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 20
    while sum(server.hits.values()) < min(n_sources, jobs) and time.monotonic() < end:
        time.sleep(0.02)  # wait until the fetches are really waiting on the server
    assert sum(server.hits.values()) >= 1, proc.communicate(timeout=30)
    time.sleep(0.2)
    return proc


@pytest.mark.parametrize("n_sources,jobs", [(4, 4), (1, 1), (3, 1)])
@pytest.mark.parametrize("twice", [False, True])
def test_ctrl_c_exits_130_at_once(server, tmp_path, n_sources, jobs, twice):
    proc = _start(server, tmp_path, n_sources, jobs)
    started = time.monotonic()
    os.kill(proc.pid, signal.SIGINT)
    if twice:
        time.sleep(0.01)
        os.kill(proc.pid, signal.SIGINT)  # a second Ctrl-C while the first is handled
    try:
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    elapsed = time.monotonic() - started
    assert proc.returncode == 130, err
    assert elapsed < 2.0
    assert "Traceback" not in err
    assert err.strip().splitlines() == ["citecheck: interrupted"]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_a_batch_and_its_workers(tmp_path):
    """Ctrl-C in a terminal reaches the whole process group, workers included: the batch exits 130 with one
    line, the workers print no traceback, and none goes on with its task after the parent has left."""
    proc = _batch_of_one_source(tmp_path, lines=40_000, claims=400)  # 200 per worker: prepared on both, claims shared
    time.sleep(2.0)  # the workers are busy with the source's pieces
    assert proc.poll() is None, proc.communicate()
    _interrupt(proc)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked with a prepared source on Linux only")
def test_ctrl_c_stops_the_workers_forked_for_one_source(tmp_path):
    """A source cited by many claims is checked by workers forked for it once it is prepared: Ctrl-C while they
    check stops them too."""
    proc = _batch_of_one_source(tmp_path, lines=6_000, claims=4_000)
    end = time.monotonic() + 60
    while len(_children(proc.pid)) < 4 and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.02)  # the run's two workers, then the two forked for the source
    assert len(_children(proc.pid)) >= 4, proc.communicate()
    _interrupt(proc)


def _batch_of_one_source(tmp_path, lines: int, claims: int) -> subprocess.Popen:
    """`citecheck batch --workers 2` started on `claims` claims citing one source of `lines` lines, in a new session."""
    sentence = "In {y}, officials in Lagos counted about {n:,} students and {m} teachers near the harbour.\n"
    source = tmp_path / "big.txt"
    source.write_text("".join(sentence.format(y=1990 + k % 30, n=1000 + 7 * k, m=k % 97) for k in range(lines)))
    items = tmp_path / "in.jsonl"
    with items.open("w") as fh:
        for k in range(claims):
            fh.write(json.dumps({"id": k, "claim": f"About {1000 + 7 * k:,} students were counted in Lagos.",
                                 "source_path": str(source)}) + "\n")
    return subprocess.Popen([sys.executable, "-m", "citecheck", "batch", str(items), "--workers", "2",
                             "-o", str(tmp_path / "out.jsonl")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _interrupt(proc: subprocess.Popen) -> None:
    """Ctrl-C to the batch's process group: it exits 130 with one line, and none of its processes outlives it."""
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert err == "citecheck: interrupted\n"
    end = time.monotonic() + 5
    while _group_alive(proc.pid) and time.monotonic() < end:
        time.sleep(0.05)
    assert not _group_alive(proc.pid), "a worker outlived the interrupted batch"


def _children(pid: int) -> list[int]:
    """The processes forked from `pid` (from /proc: their parent is `pid`, their command line its; not the
    resource tracker multiprocessing may start)."""
    def read(path: str) -> bytes:
        with open(path, "rb") as fh:
            return fh.read()

    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat, cmdline = read(f"/proc/{entry}/stat"), read(f"/proc/{entry}/cmdline")
                if int(stat.rsplit(b")", 1)[1].split()[1]) == pid and cmdline == read(f"/proc/{pid}/cmdline"):
                    out.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return out


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals cannot be held here")
def test_ctrl_c_while_workers_start_is_raised_once_they_have():
    from citecheck.batch import _ctrl_c_held

    import threading

    # Ctrl-C to this thread (held back), and to another thread of the process (a pool's), whose handler Python
    # runs in this one: neither interrupts while the workers start; one KeyboardInterrupt once they have.
    other_ready, other_done = threading.Event(), threading.Event()
    other = threading.Thread(target=lambda: (other_ready.set(), other_done.wait(10)))
    other.start()
    other_ready.wait(10)
    for send in (lambda: signal.raise_signal(signal.SIGINT), lambda: signal.pthread_kill(other.ident, signal.SIGINT)):
        went_on = False
        with pytest.raises(KeyboardInterrupt):
            with _ctrl_c_held():
                send()
                time.sleep(0.2)  # where Python would run the handler
                went_on = True
        assert went_on
    other_done.set()
    other.join(10)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks")
def test_ctrl_c_as_a_pool_starts_stops_its_workers(monkeypatch):
    """A Ctrl-C that comes as a pool forks its workers: once they have started, they are stopped, and the
    KeyboardInterrupt goes on (no worker is left waiting for a task, none is waited for at exit)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from citecheck import batch

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=batch.warm_up)
    started = []
    submit = pool.submit

    def submit_then_ctrl_c(*args):
        future = submit(*args)
        started.extend(pool._processes.values())
        signal.raise_signal(signal.SIGINT)
        return future

    monkeypatch.setattr(pool, "submit", submit_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        batch._start(pool)
    assert len(started) == 2
    # (the pool's own thread reaps them too: is_alive is asked until it has, not join)
    end = time.monotonic() + 10
    while any(p.is_alive() for p in started) and time.monotonic() < end:
        time.sleep(0.05)
    assert not any(p.is_alive() for p in started)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks")
def test_workers_of_a_pool_shut_down_without_waiting_are_stopped():
    """A source's pool is shut down without waiting once its parts are handed out (its workers still check them),
    and then forgets its workers: a Ctrl-C stops them all the same."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from citecheck import batch

    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"), initializer=batch.warm_up)
    batch._start(pool)
    workers = list(batch._workers_of[pool])
    for _ in range(2):
        pool.submit(time.sleep, 60)
    pool.shutdown(wait=False)
    batch._stop_workers(pool)
    end = time.monotonic() + 10
    while any(w.is_alive() for w in workers) and time.monotonic() < end:
        time.sleep(0.05)
    assert len(workers) == 2 and not any(w.is_alive() for w in workers)


def test_a_pool_is_still_known_while_it_is_let_go():
    """A Ctrl-C while a pool's workers finish their last tasks (_leave waits for them) finds the pool still listed,
    so that check_items stops its workers."""
    from citecheck import batch

    class Waiting:
        def shutdown(self, wait):
            raise KeyboardInterrupt

    pools = [Waiting()]
    with pytest.raises(KeyboardInterrupt):
        batch._leave(pools)
    assert len(pools) == 1
