"""Start-up (issue 11): what every `citecheck batch` run pays before and after its work. A window of one task is
checked without a pool, a run imports neither the pool nor importlib.metadata when it needs neither, and the program
leaves with os._exit once everything is written. Same records, same exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from importlib.metadata import version

import pytest

from citecheck import batch, lexicon_cache
from citecheck.batch import BatchItem, check_items
from citecheck.cli import _leave_now


def _items(sources: int, claims: int, first: int = 1) -> list[BatchItem]:
    out = []
    for n in range(first, first + sources * claims):
        k = (n - first) % sources
        out.append(BatchItem(n, str(n), f"In 2016 officials counted {75_000 + k:,} voters.",
                             f"In 2016, officials in Oslo counted {75_000 + k:,} voters. Source {k}.", None, None))
    return out


def test_a_pool_is_needed_only_for_more_than_one_task():
    one = _items(1, 3)
    assert not batch._needs_pool(batch.group_by_source(one), 2)
    assert batch._needs_pool(batch.group_by_source(_items(2, 1)), 2)
    # One source cited by enough claims for split_group: its parts are tasks of their own.
    many = _items(1, 2 * batch.SPLIT_CLAIMS)
    assert len(batch.split_group(many, 2)) == 2 and batch._needs_pool(batch.group_by_source(many), 2)
    assert not batch._needs_pool(batch.group_by_source(many[:-1]), 2)
    assert not batch._needs_pool({}, 2)


def test_a_window_of_one_task_is_checked_here_with_the_records_of_a_pool(monkeypatch):
    items = _items(1, 3)
    alone = list(check_items(items, workers=1))

    def no_pool(workers):
        raise AssertionError("a pool was started for one task")

    monkeypatch.setattr(batch, "_pool", no_pool)
    assert list(check_items(items, workers=2)) == alone
    assert [r["verdict"] for r in alone] == ["supported"] * 3


def _windows_of(monkeypatch, size: int) -> None:
    windows = batch.windows
    monkeypatch.setattr(batch, "windows", lambda entries: windows(entries, max_items=size))


def test_the_pool_is_made_once_at_the_first_window_with_more_than_one_task(monkeypatch):
    made: list = []
    pool = batch._pool

    def spy(workers):
        made.append(workers)
        return pool(workers)

    monkeypatch.setattr(batch, "_pool", spy)
    _windows_of(monkeypatch, 4)
    # Windows of 4: one source (no pool), then two sources (the pool), then two again (the same pool).
    items = _items(1, 4) + _items(2, 2, first=5) + _items(2, 2, first=9)
    records = list(check_items(items, workers=2))
    assert made == [2]
    monkeypatch.setattr(batch, "_pool", lambda workers: pytest.fail("workers=1 never makes a pool"))
    assert records == list(check_items(items, workers=1))
    assert [r["id"] for r in records] == [str(n) for n in range(1, 13)]


def _die(task):
    os._exit(3)  # a worker killed (the OOM killer, a signal)


def test_a_worker_that_dies_in_a_later_window_is_one_clear_error(monkeypatch):
    from citecheck.errors import CitecheckError

    _windows_of(monkeypatch, 2)
    first = iter(_items(1, 2) + _items(2, 1, first=3))
    checked = check_items(first, workers=2)
    assert [r["verdict"] for r in (next(checked), next(checked))] == ["supported"] * 2  # here, no pool
    monkeypatch.setattr(batch, "_check_group_task", _die)  # (the workers forked from now on run it)
    with pytest.raises(CitecheckError, match="worker process died"):
        list(checked)


def _run_code(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_a_run_of_one_claim_imports_no_pool_no_metadata_reader_and_no_file_reader(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i.id, "claim": i.claim, "source_text": i.source_text}) + "\n"
                           for i in _items(1, 2)), encoding="utf-8")
    code = ("import sys; from citecheck.cli import main; sys.argv = ['citecheck', 'batch', sys.argv[1], '--workers', "
            "'2', '-o', sys.argv[2]]\ntry:\n    main()\nexcept SystemExit as e:\n    print(e.code)\n"
            "print(sorted(m for m in ('concurrent.futures.process', 'importlib.metadata', 'citecheck.sources.load', "
            "'multiprocessing') if m in sys.modules))")
    r = _run_code(code, str(src), str(tmp_path / "out.jsonl"))
    # (main() called by another program raises SystemExit as it did: it leaves at once only as the program)
    assert r.stdout.splitlines() == ["0", "[]"], r.stderr
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["verdict"] for row in rows] == ["supported"] * 2


@pytest.mark.parametrize("name", ["simplemma", "wordfreq", "click", "numpy", "pytest"])
def test_installed_versions_are_those_of_importlib_metadata(name):
    assert lexicon_cache.installed_version(name) == version(name)


def test_installed_versions_of_odd_folders_are_importlib_metadata_s(tmp_path, monkeypatch):
    def dist(folder: str, number: str) -> None:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: x\nVersion: {number}\n")

    dist("foo_bar-1.2.3.dist-info", "1.2.3")
    dist("Egg_Thing.egg-info", "0.9")  # no version in its name
    dist("twice-1.0.dist-info", "1.0")
    dist("twice-2.0.dist-info", "2.0")  # two in one folder: importlib.metadata's pick
    dist("upper-2.0.0RC1.dist-info", "2.0.0RC1")  # the name's version and METADATA's differ: METADATA's
    dist("short-3.1.dist-info", "3.1.0")
    (tmp_path / "folded-1.0.dist-info").mkdir()
    (tmp_path / "folded-1.0.dist-info" / "METADATA").write_text("Name: folded\nVersion: 1.0\n  .post1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("upper", "short", "folded"):
        assert lexicon_cache.installed_version(name) == version(name), name
    assert lexicon_cache.installed_version("upper") == "2.0.0RC1"
    assert lexicon_cache.installed_version("foo_bar") == "1.2.3" == version("foo-bar")
    assert lexicon_cache.installed_version("egg_thing") == "0.9" == version("egg_thing")
    assert lexicon_cache.installed_version("twice") == version("twice")
    assert lexicon_cache.installed_version("no_such_distribution_here") is None


def test_the_program_leaves_at_once_with_its_output_written_and_its_exit_code(tmp_path):
    items = _items(3, 40)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i.id, "claim": i.claim, "source_text": i.source_text}) + "\n"
                           for i in items) + "{not json\n", encoding="utf-8")
    expected = [json.dumps(r, ensure_ascii=False) for r in check_items(items, workers=1)]
    for workers in ("1", "2"):
        r = subprocess.run([sys.executable, "-m", "citecheck", "batch", str(src), "--workers", workers],
                           capture_output=True, text=True, timeout=300)
        lines = r.stdout.splitlines()
        assert r.returncode == 2 and lines[:-1] == expected and "error" in json.loads(lines[-1]), r.stderr
        assert r.stderr.splitlines() == [f"citecheck: {src}:121: not a JSON object (Expecting property name "
                                         f"enclosed in double quotes)"]


def test_leaving_at_once_flushes_the_output_and_runs_the_exit_handlers():
    code = ("import atexit, sys; atexit.register(lambda: print('bye', end='')); from citecheck.cli import _leave_now; "
            "print('out', end=''); sys.stderr.write('err'); _leave_now(3); print('not at once')")
    r = _run_code(code)
    assert (r.returncode, r.stdout, r.stderr) == (3, "outbye", "err")


def test_leaving_waits_for_a_thread_that_still_runs():
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert _leave_now(0) is None  # returned: the interpreter's exit then waits for the thread as before
    finally:
        stop.set()
        worker.join()
    assert _leave_now("a message") is None and _leave_now(300) is None
