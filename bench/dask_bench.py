"""Cluster batch benchmark: items/s of `citecheck batch` locally and on a 2-worker Dask LocalCluster on
this machine, and the per-item overhead the cluster adds (not run by pytest; needs citecheck[dask]).

Corpora, generated:
  text  items with their source text (checking only: CPU-bound), one source per 4 items
  urls  items citing pages on three loopback hosts (127.0.0.1-3) that answer after --delay seconds,
        4 items per page (fetching and checking; the per-host limit of 4 holds on the cluster)

For each it prints the wall time and items/s of: the local run in one process (--workers 1), the
local run in a 2-process pool (--workers 2), and the cluster run (2 worker processes of one thread;
the cluster's start-up is timed apart). Overhead per item: (cluster - local 2 processes) / items.

    .venv/bin/python bench/dask_bench.py
    .venv/bin/python bench/dask_bench.py --items 4000 --only text
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.batch import check_items, read_items  # noqa: E402
from citecheck.sources import FetchOptions  # noqa: E402

FILLER = ("The figures were published by the authorities after a review that lasted several months. "
          "Officials said the results would be discussed at the next meeting of the committee. ")


def page(n: int) -> str:
    return (f"<p>{FILLER * 6}</p><p>In {2000 + n % 20} the survey of district {n} counted {n * 37 + 11:,} nesting "
            f"pairs and {n % 9 + 2} colonies. Funding rose by {n % 40 + 3}% to ${n * 3 + 1} million.</p>"
            f"<p>{FILLER * 6}</p>")


def claim(n: int, rng: random.Random) -> str:
    figure = n * 37 + 11 if rng.random() < 0.7 else n * 37 + 900
    return f"The survey of district {n} counted {figure:,} nesting pairs in {2000 + n % 20}."


def text_corpus(n_items: int) -> list[str]:
    rng = random.Random(1)
    return [json.dumps({"id": i, "claim": claim(i // 4, rng), "source_text": page(i // 4)}) for i in range(n_items)]


def url_corpus(n_items: int, servers, delay: float) -> list[str]:
    rng = random.Random(2)
    lines = []
    for i in range(n_items):
        n = i // 4
        server = servers[n % len(servers)]
        url = server.slow(f"/p{n}", delay, page(n))
        lines.append(json.dumps({"id": i, "claim": claim(n, rng), "source_url": url}))
    return lines


def timed(fn) -> tuple[float, list]:
    start = time.perf_counter()
    out = list(fn())
    return time.perf_counter() - start, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=2000)
    ap.add_argument("--delay", type=float, default=0.05, help="seconds each page takes to answer (urls)")
    ap.add_argument("--only", choices=["text", "urls"])
    args = ap.parse_args()

    import distributed

    from citecheck.dask_batch import check_items_on_cluster
    from tests.fetch_server import FaultServer

    start = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       worker_dashboard_address=None, silence_logs=50)
    client = distributed.Client(cluster)
    print(f"LocalCluster of 2 worker processes started in {time.perf_counter() - start:.2f} s")
    servers = [FaultServer(f"127.0.0.{n}").start() for n in (1, 2, 3)]
    fetch = FetchOptions(allow_private=True)
    try:
        for name in ("text", "urls"):
            if args.only and name != args.only:
                continue
            lines = text_corpus(args.items) if name == "text" else url_corpus(args.items, servers, args.delay)
            n = len(lines)
            runs = {
                "local, 1 process": lambda: check_items(read_items(lines), fetch, workers=1),
                "local, 2 processes": lambda: check_items(read_items(lines), fetch, workers=2),
                "cluster, 2 workers": lambda: check_items_on_cluster(client, read_items(lines), fetch),
            }
            print(f"\n{name}: {n} items" + (f", pages answer after {args.delay * 1000:.0f} ms" if name == "urls" else ""))
            times, outputs = {}, []
            for label, fn in runs.items():
                t, out = timed(fn)
                times[label] = t
                outputs.append(out)
                print(f"  {label:20s} {t:7.2f} s  {n / t:8.1f} items/s")
            same = all(o == outputs[0] for o in outputs)
            extra = (times["cluster, 2 workers"] - times["local, 2 processes"]) / n * 1000
            print(f"  cluster overhead vs local 2 processes: {extra:+.3f} ms per item; same output: {same}")
    finally:
        for s in servers:
            s.stop()
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
