"""`citecheck batch` on a Dask cluster (citecheck/dask_batch.py): a LocalCluster of worker processes,
sources on loopback servers (one server per host: 127.0.0.1, 127.0.0.2, ...), compared with the local run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from citecheck.batch import BadLine, check_items, read_items
from citecheck.sources import FetchOptions
from tests.fetch_server import FaultServer

distributed = pytest.importorskip("distributed")

FETCH = FetchOptions(allow_private=True, per_host=4)


@pytest.fixture
def cluster():
    """Two worker processes of one thread each, and a client of them."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as lc, distributed.Client(lc) as client:
        yield lc, client


@pytest.fixture
def hosts():
    """Page servers on three loopback hosts (each counts the requests it has in flight)."""
    servers = [FaultServer(f"127.0.0.{n}").start() for n in (1, 2, 3)]
    yield servers
    for s in servers:
        s.stop()


def page(n: int) -> str:
    return (f"<html><body><p>In {2000 + n % 20} the survey of district {n} counted {n * 37 + 11:,} nesting "
            f"pairs and {n % 9 + 2} colonies.</p><p>Funding rose by {n % 40 + 3}% to ${n * 3 + 1} million.</p>"
            "</body></html>")


def corpus(servers, tmp_path, n_items: int, delay: float = 0.0, seed: int = 13) -> list[str]:
    """JSONL lines: items citing pages on every host (most pages cited by several items), items with
    their source text, items with a source file, and a few bad lines, in a shuffled order."""
    rng = random.Random(seed)
    urls = []
    for h, server in enumerate(servers):
        for n in range(h * 100, h * 100 + 40):
            path = f"/p{n}"
            urls.append((n, server.slow(path, delay, page(n)) if delay else server.static(path, body=page(n))))
    files = []
    for n in range(500, 510):
        f = tmp_path / f"s{n}.html"
        f.write_text(page(n), encoding="utf-8")
        files.append((n, str(f)))
    lines = []
    for i in range(n_items):
        kind = rng.random()
        n, ref = rng.choice(urls) if kind < 0.7 else rng.choice(files) if kind < 0.85 else (rng.randrange(600, 700), None)
        figure = n * 37 + 11 if rng.random() < 0.6 else n * 37 + 500
        item = {"id": f"i{i}", "claim": f"The survey of district {n} counted {figure:,} nesting pairs."}
        if kind < 0.7:
            item["source_url"] = ref
        elif kind < 0.85:
            item["source_path"] = ref
        else:
            item["source_text"] = page(n)
        lines.append(json.dumps(item))
    for at in (5, 77, 150):
        lines.insert(at, "{not json")
    return lines


def local_run(lines):
    return list(check_items(read_items(lines), FETCH, workers=1))


def cluster_run(client, lines, **tuning):
    from citecheck.dask_batch import check_items_on_cluster

    return list(check_items_on_cluster(client, read_items(lines), FETCH, **tuning))


def test_cluster_run_equals_local_run_and_holds_the_per_host_limit(cluster, hosts, tmp_path):
    _, client = cluster
    lines = corpus(hosts, tmp_path, 300, delay=0.03)
    local = local_run(lines)
    hits_local = [dict(s.hits) for s in hosts]
    for s in hosts:
        s.max_active = 0
    # Small partitions: many tasks per host, on two workers at once.
    got = cluster_run(client, lines, partition_items=8)
    assert len(got) == 303
    assert got == local
    assert sum("verdict" in r for r in got) == 300 and {r.get("verdict") for r in got} >= {"supported", "contradicted"}
    # Each page fetched once by the cluster run (as by the local one) ...
    for s, before in zip(hosts, hits_local):
        assert set(before.values()) == {1}
        assert {p: n - before[p] for p, n in s.hits.items()} == before
    # ... and never more than 4 requests in flight to one host, though two workers fetched at once.
    assert all(1 <= s.max_active <= 4 for s in hosts), [s.max_active for s in hosts]
    # Small windows too: the client holds at most two at once and still writes every record in order.
    assert cluster_run(client, lines, partition_items=8, window_items=50) == local


def test_a_lost_worker_loses_no_item_and_duplicates_none(cluster, hosts, tmp_path):
    from citecheck.dask_batch import check_items_on_cluster

    _, client = cluster
    lines = corpus(hosts, tmp_path, 160, delay=0.15, seed=7)
    expected = local_run(lines)
    pids = client.run(os.getpid)
    got, killed = [], None
    for rec in check_items_on_cluster(client, read_items(lines), FETCH, partition_items=4):
        got.append(rec)
        if killed is None and len(got) >= 10:
            busy = client.processing()  # a worker with tasks on it: they are rerun on the other one
            victim = next((w for w, tasks in busy.items() if tasks), next(iter(pids)))
            killed, at = pids[victim], len(got)
            os.kill(killed, signal.SIGKILL)
    assert killed is not None and at < len(expected) - 50  # killed mid-run
    assert [r.get("id") for r in got] == [r.get("id") for r in expected]  # every item exactly once, in order
    assert got == expected


def test_a_failing_check_gives_its_item_an_error_record_and_the_rest_finish(monkeypatch):
    import citecheck.dask_batch as db

    lines = [json.dumps({"id": f"t{i}", "claim": f"It counted {i} birds.", "source_text": f"It counted {i} birds."})
             for i in range(6)]
    real = db.check_item

    def check_item(item, *args, **kw):
        if item.id == "t3":
            raise ZeroDivisionError("a bug")
        return real(item, *args, **kw)

    def check_group(*args, **kw):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(db, "check_item", check_item)
    monkeypatch.setattr(db, "check_group", check_group)
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        got = list(db.check_items_on_cluster(client, read_items(lines), FetchOptions()))
        assert [r["id"] for r in got] == [f"t{i}" for i in range(6)]
        assert got[3] == {"id": "t3", "line": 4, "error": "check failed (ZeroDivisionError: a bug)"}
        assert all(r["verdict"] == "supported" for i, r in enumerate(got) if i != 3)

        # A task that fails as a whole: its items get error records with the reason, the others finish.
        def check_partition(partition, *args):
            raise MemoryError("worker out of memory")

        monkeypatch.setattr(db, "check_partition", check_partition)
        more = [json.dumps({"id": "u", "claim": "x", "source_text": "y"})]
        got = list(db.check_items_on_cluster(client, read_items(more), FetchOptions()))
        assert got == [{"id": "u", "line": 1, "error": "task failed on the cluster (MemoryError: worker out of memory)"}]


def test_partitions_hold_one_host_and_each_source_once(tmp_path):
    from citecheck.batch import BatchItem
    from citecheck.dask_batch import partitions

    def item(n, url=None, text=None):
        return BatchItem(n, str(n), "c", text, None, url)

    items = [item(1, "http://a.example/1"), item(2, "http://b.example/1"), item(3, "http://a.example/2"),
             item(4, "http://A.example:8080/1"), item(5, text="t"), item(6, "http://a.example/1"), item(7, text="t")]
    parts = partitions(items, max_items=2)
    assert [(p.host, [[i.line for i in g] for g in p.groups]) for p in parts] == [
        ("a.example", [[1, 6]]), ("a.example", [[3], [4]]), ("b.example", [[2]]), (None, [[5, 7]])]


def test_a_file_too_large_to_send_gets_an_error_record(monkeypatch, tmp_path):
    import citecheck.dask_batch as db

    monkeypatch.setattr(db, "MAX_FILE_BYTES", 100)
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("The survey counted 42 birds.", encoding="utf-8")
    big.write_text("The survey counted 42 birds. " * 10, encoding="utf-8")
    lines = [json.dumps({"id": name, "claim": "The survey counted 42 birds.", "source_path": str(p)})
             for name, p in (("big", big), ("small", small), ("gone", tmp_path / "gone.txt"))]
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as client:
        got = list(db.check_items_on_cluster(client, read_items(lines), FetchOptions()))
    assert got[0] == {"id": "big", "line": 1,
                      "error": f"{big}: file larger than 0 MB, too large to send to the cluster"}
    assert got[1]["verdict"] == "supported"
    assert got[2]["verdict"] == "unreachable" and got[2]["reason"].startswith("cannot read file")


def run_cli(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True, cwd=cwd, **kw)


def test_cli_scheduler_from_config_gives_the_local_output(cluster, hosts, tmp_path):
    lc, _ = cluster
    lines = corpus(hosts, tmp_path, 60)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = run_cli("batch", str(src), "-o", str(tmp_path / "local.jsonl"), "--allow-private", "--no-cache")
    (tmp_path / ".citecheck.toml").write_text(f'scheduler = "{lc.scheduler_address}"\n', encoding="utf-8")
    remote = run_cli("batch", str(src), "-o", str(tmp_path / "remote.jsonl"), "--allow-private", "--no-cache",
                     cwd=tmp_path)
    assert (remote.returncode, remote.stderr) == (local.returncode, local.stderr) == (2, remote.stderr)
    assert (tmp_path / "remote.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()


def test_cli_refusals_are_one_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"claim": "c", "source_text": "t"}\n', encoding="utf-8")
    r = run_cli("batch", str(src), "--scheduler", "tcp://127.0.0.1:1", "--cassette", str(tmp_path / "c.yaml"))
    assert (r.returncode, r.stderr) == (2, "citecheck: --cassette cannot be used with --scheduler: the workers "
                                           "share no disk\n")
    r = run_cli("batch", str(src), "--scheduler-file", str(tmp_path / "none.json"))
    assert r.returncode == 2 and r.stderr.startswith("citecheck: ") and r.stderr.count("\n") == 1
    # Without the extra: one line that says what to install (dask hidden from the import system).
    hide = tmp_path / "nodask"
    hide.mkdir()
    for name in ("dask", "distributed"):
        (hide / f"{name}.py").write_text("raise ImportError('hidden')\n", encoding="utf-8")
    r = run_cli("batch", str(src), "--scheduler", "tcp://127.0.0.1:1",
                env={**os.environ, "PYTHONPATH": f"{hide}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"})
    assert (r.returncode, r.stderr) == (2, "citecheck: --scheduler needs Dask: pip install 'citecheck[dask]'\n")


def test_plain_batch_and_help_never_import_dask(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"claim": "It counted 4 birds.", "source_text": "It counted 4 birds."}\n', encoding="utf-8")
    code = ("import sys; from citecheck.cli import main; sys.argv = ['citecheck', 'batch', %r, '-o', %r]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))") % (
        str(src), str(tmp_path / "out.jsonl"))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip() == "[]", r.stderr


def test_ctrl_c_cancels_the_cluster_work(cluster, hosts, tmp_path):
    lc, client = cluster
    lines = corpus(hosts, tmp_path, 200, delay=0.3)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "citecheck", "batch", str(src), "-o", str(tmp_path / "out.jsonl"),
                          "--allow-private", "--no-cache", "--scheduler", lc.scheduler_address],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any(client.processing().values()), "the run never reached the cluster"
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=20)
    assert p.returncode == 130, err
    assert "interrupted" in err
    deadline = time.monotonic() + 10
    while any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(client.processing().values())  # the cluster dropped the run's tasks
    assert not (tmp_path / "out.jsonl").exists()


def test_a_worker_keeps_the_lexicon_tables(monkeypatch, tmp_path):
    """A Dask worker loads the lexicon's tables from its user cache dir, as a local run's workers do."""
    import citecheck.dask_batch as db
    from citecheck.batch import BatchItem
    from citecheck.match import lexicon

    monkeypatch.setattr(lexicon, "_loader", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    item = BatchItem(1, "a", "It counted 4,512 birds.", "It counted 4,512 birds.", None, None)
    [partition] = db.partitions([item])
    [(line, record)] = db.check_partition(partition, {}, FetchOptions())
    assert (line, record["verdict"]) == (1, "supported")
    assert lexicon.loading_with() is not None  # through the user cache dir (lexicon_cache.install)
