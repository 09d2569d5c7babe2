"""Fetch benchmark: 200 links over 20 loopback hosts that each answer after 250 ms.

Each host is its own server thread bound to its own address, 127.0.0.2 to 127.0.0.21 (Linux routes
all of 127/8 to the loopback interface). The links are listed host by host, the worst order for a
scheduler that blocks workers on a busy host. Prints the wall time, the serial estimate
(links x delay), and the most requests any one host had in flight at once, which must never pass
the per-host limit. Not run by pytest.

    .venv/bin/python bench/fetch_bench.py                 # the library defaults: 64 jobs, 4 per host
    .venv/bin/python bench/fetch_bench.py --jobs 16       # fewer workers than 20 hosts x 4
    .venv/bin/python bench/fetch_bench.py --cli           # end to end: `citecheck check` on a claims file
                                                          # citing every link, twice (the second run cached)
"""

from __future__ import annotations

import argparse
import compileall
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.sources.fetch import FetchOptions, fetch_all  # noqa: E402
from tests.fetch_server import FaultServer  # noqa: E402

PAGE = "<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>"


def serve(hosts: int, per_server: int, delay: float, conn) -> None:
    """The child process: start the servers, send their URLs, and on "stop" send (peak in flight, hits)."""
    servers = [FaultServer(host=f"127.0.0.{2 + i}").start() for i in range(hosts)]
    conn.send([s.slow(f"/page/{n}", delay, PAGE) for s in servers for n in range(per_server)])
    conn.recv()
    conn.send((max(s.max_active for s in servers), sum(sum(s.hits.values()) for s in servers)))
    for s in servers:
        s.stop()


def main() -> int:
    defaults = FetchOptions()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hosts", type=int, default=20)
    ap.add_argument("--links", type=int, default=200)
    ap.add_argument("--delay", type=float, default=0.25, help="seconds each answer takes")
    ap.add_argument("--jobs", type=int, default=defaults.jobs)
    ap.add_argument("--per-host", type=int, default=defaults.per_host)
    ap.add_argument("--cli", action="store_true",
                    help="run `citecheck check` (default options but --allow-private) on claims citing the links")
    args = ap.parse_args()
    # As installed (pip writes the byte code): a checkout with stale .pyc files compiles modules in every run.
    compileall.compile_dir(str(ROOT / "citecheck"), quiet=1)

    # The servers run in another process, so their threads do not compete with the client's for the GIL.
    here, there = multiprocessing.Pipe()
    child = multiprocessing.Process(target=serve, args=(args.hosts, args.links // args.hosts, args.delay, there))
    child.start()
    try:
        urls = here.recv()
        if args.cli:
            wall, failed, cached = run_cli(urls, args)
        else:
            options = FetchOptions(allow_private=True, jobs=args.jobs, per_host=args.per_host, progress=False)
            start = time.monotonic()
            sources = fetch_all(urls, options)
            wall = time.monotonic() - start
            failed = [s for s in sources.values() if not s.ok]
        here.send("stop")
        peak, hits = here.recv()
    finally:
        child.join(5)
        if child.is_alive():
            child.terminate()

    serial = len(urls) * args.delay
    rounds = -(-len(urls) // min(args.jobs, args.hosts * args.per_host))
    print(f"links: {len(urls)} over {args.hosts} hosts, {args.delay * 1000:.0f} ms each; "
          f"jobs {args.jobs}, per host {args.per_host}")
    print(f"wall time:        {wall:.2f} s" + (" (citecheck check, start-up included)" if args.cli else ""))
    if args.cli:
        print(f"second run, every page cached: {cached:.2f} s")
    print(f"serial estimate:  {serial:.2f} s ({len(urls)} x {args.delay} s)")
    print(f"floor:            {rounds * args.delay:.2f} s ({rounds} rounds of {args.delay} s at these limits)")
    print(f"speed-up:         {serial / wall:.1f}x")
    print(f"requests served:  {hits} (each link once: {hits == len(urls)})")
    print(f"max in flight on one host: {peak} (limit {args.per_host})")
    if failed:
        print(f"FAILED: {len(failed)} links, e.g. {failed[0].url}: {failed[0].reason}")
    return 1 if failed or peak > args.per_host else 0


class _Failed:
    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason


def run_cli(urls: list[str], args) -> tuple[float, list, float]:
    """`citecheck check` on a claims file with one claim per link, run twice with a fresh cache."""
    with tempfile.TemporaryDirectory(prefix="citecheck-fetch-bench-") as tmp:
        claims = Path(tmp) / "claims.yaml"
        lines = ["claims:"]
        for n, url in enumerate(urls):
            lines += [f"  - id: c{n}", "    text: \"The survey counted 4,512 nesting pairs of puffins in 2019.\"",
                      f"    sources: [{url}]"]
        claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cmd = [str(Path(sys.executable).with_name("citecheck")), "check", str(claims), "--format", "json",
               "--allow-private", "--cache-dir", str(Path(tmp) / "cache"),
               "--jobs", str(args.jobs), "--per-host", str(args.per_host)]
        walls, failed = [], []
        for _ in range(2):
            start = time.monotonic()
            r = subprocess.run(cmd, capture_output=True, text=True)
            walls.append(time.monotonic() - start)
            if r.returncode not in (0, 1):
                raise SystemExit(f"citecheck check failed ({r.returncode}): {r.stderr.strip()[-400:]}")
            doc = json.loads(r.stdout)
            failed = [_Failed(c["sources"][0] if c.get("sources") else c["id"], c.get("reason", ""))
                      for c in doc["claims"] if c["verdict"] != "supported"]
        return walls[0], failed, walls[1]


if __name__ == "__main__":
    sys.exit(main())
