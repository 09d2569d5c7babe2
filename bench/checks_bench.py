"""Checking claims against sources already prepared: CPU per claim, and a digest of every result (not run by pytest).

    .venv/bin/python bench/checks_bench.py                       # /tmp/bench/1x (first 10 sources) and big
    .venv/bin/python bench/checks_bench.py --corpus big --skip-checks   # all but the checks (see below)

The corpora are batch_bench.py's (`python bench/batch_bench.py --dir /tmp/bench --only 1x --only big --profile
none --stages none` makes them). Each corpus's sources are prepared first, then its claims, then one claim is
checked against a small source (imports, first-use caches); only then are the claims checked, each against its
prepared source (check_prepared), as a batch worker does. Printed per corpus: claims, CPU ms per claim of the
checks, and a digest of the repr of every SourceCheck: two versions of the code that print the same digest gave
the same results (compare with the same command run on main's code: PYTHONPATH=<main's tree>).

Instruction counts: run under callgrind twice, with and without --skip-checks, and subtract
(valgrind --tool=callgrind --callgrind-out-file=/tmp/c.cg python bench/checks_bench.py --corpus big).
With --cache DIR the prepared sources and claims are pickled there on a first run (outside callgrind) and
loaded on the next: under callgrind, preparing the big corpus costs ten minutes, loading it a few seconds,
and the subtraction is of a small number. The pickle's name carries a digest of the citecheck code that made
it, so main's code and this tree's never read each other's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

try:  # the installed package, or the one PYTHONPATH names (main's code, to compare); else this tree's
    import citecheck
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import citecheck

from citecheck.match import check_prepared, prepare_claim, prepare_source  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default="/tmp/bench", help="folder of batch_bench.py's corpora")
    ap.add_argument("--corpus", action="append", choices=["1x", "4x", "big"], help="default: 1x and big")
    ap.add_argument("--sources", type=int, default=10, help="the claims of the first N sources of a corpus (default 10)")
    ap.add_argument("--skip-checks", action="store_true", help="everything but the checks (to subtract)")
    ap.add_argument("--cache", metavar="DIR", help="keep the prepared sources and claims pickled in DIR (see above)")
    args = ap.parse_args()
    for corpus in args.corpus or ["1x", "big"]:
        path = Path(args.dir) / corpus / "items.jsonl"
        if not path.exists():
            print(f"{path}: not found (make the corpora with bench/batch_bench.py)", file=sys.stderr)
            return 2
        with path.open(encoding="utf-8") as fh:
            items = [json.loads(line) for line in fh]
        kept = sorted({i["source_path"] for i in items})[:args.sources]
        items = [i for i in items if i["source_path"] in kept]
        sources, claims = _prepared(items, kept, corpus, args)
        check_prepared(prepare_claim("In 2019, 45% of 300 wolves were counted in Quito."),
                       prepare_source("In 2019, 45% of the 300 wolves in Quito were counted. Another line."))
        if args.skip_checks:
            print(f"{corpus}: {len(claims)} claims, {len(kept)} sources prepared; checks skipped")
            continue
        start = time.process_time()
        results = [check_prepared(c, sources[i["source_path"]]) for c, i in zip(claims, items)]
        cpu = time.process_time() - start
        digest = hashlib.sha256("\n".join(map(repr, results)).encode()).hexdigest()[:16]
        print(f"{corpus}: {len(claims)} claims against {len(kept)} sources: {1000 * cpu / max(1, len(claims)):.3f} ms/claim CPU;"
              f" results digest {digest}")
    return 0


def _prepared(items: list[dict], kept: list[str], corpus: str, args) -> tuple[dict, list]:
    """The corpus's sources and claims prepared, or loaded from --cache if this code prepared them before."""
    cache = None
    if args.cache:
        code = hashlib.sha256()
        for f in sorted(Path(citecheck.__file__).parent.rglob("*.py")):
            code.update(f.read_bytes())
        cache = Path(args.cache) / f"checks-{corpus}-{args.sources}-{code.hexdigest()[:12]}.pickle"
        if cache.exists():
            with cache.open("rb") as fh:
                return pickle.load(fh)
    sources = {p: prepare_source(Path(p).read_text(encoding="utf-8"), p) for p in kept}
    claims = [prepare_claim(i["claim"]) for i in items]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as fh:
            pickle.dump((sources, claims), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return sources, claims


if __name__ == "__main__":
    sys.exit(main())
