"""Checking cost per claim against one large source, in-process (not run by pytest).

    .venv/bin/python bench/check_bench.py                  # 5 MB source, 300 claims
    .venv/bin/python bench/check_bench.py --claims 1000 --size 200000 --profile 25

The source and its claims are those of batch_bench.py's `big` corpus (generated, seed 7). The source is
prepared once (its CPU time printed apart: preparing is not checking), then each claim is prepared and
checked against it. Printed: CPU ms per claim (the first claim apart: it pays imports and first-use
caches), the mean of the claims above 10 ms and their share of the time, and with --profile N a cProfile
top list. CPU time, not wall time: other work on a shared machine stretches the wall time, and the
machine's speed drifts; compare two versions back to back.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_bench import make_source  # noqa: E402

from citecheck.match import check_prepared, prepare_claim, prepare_source  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=5_000_000, help="bytes of the source (default 5 MB)")
    ap.add_argument("--claims", type=int, default=300)
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print a cProfile top-N list")
    args = ap.parse_args()
    rng = random.Random(7)
    text, claims = make_source(rng, args.size)
    claims = rng.sample(claims, min(args.claims, len(claims)))
    start = time.process_time()
    source = prepare_source(text)
    prep = time.process_time() - start
    start = time.process_time()
    check_prepared(prepare_claim(claims[0]), source)
    first = time.process_time() - start
    prof = cProfile.Profile(time.process_time) if args.profile else None
    times = []
    for claim in claims[1:]:
        if prof:
            prof.enable()
        start = time.process_time()
        check_prepared(prepare_claim(claim), source)
        times.append(time.process_time() - start)
        if prof:
            prof.disable()
    n = len(times)
    slow = [t for t in times if t > 0.010]
    print(f"source: {len(text.encode()) / 1e6:.1f} MB, {len(source.passages):,} sentences, prepared in {prep:.2f} s CPU")
    print(f"checking: {1000 * sum(times) / max(1, n):.2f} ms/claim CPU over {n} claims (first claim {1000 * first:.0f} ms); "
          f"{len(slow)} above 10 ms ({100 * sum(slow) / max(1e-9, sum(times)):.0f}% of the time)")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
