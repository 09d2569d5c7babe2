"""Batch benchmark: generated corpora checked through `citecheck batch`, end to end (not run by pytest).

Corpora (written under --dir, default a temporary directory; sources given by `source_path`):
  1x   50 sources of 200 KB (10 MB) and 1,000 claims
  4x   200 sources of 200 KB (40 MB) and 4,000 claims
  big  one 5 MB source cited by 1,000 claims

For each it prints the wall time (start-up included), MB/s, claims/s, CPU seconds (other work on a
shared machine stretches the wall time, not the CPU time) and the peak memory of the
`citecheck` child (ru_maxrss, the largest of its processes); with --rounds N, each run and the least of N;
then the start-up (the same command on one claim against one sentence: what every run pays before
and after its work); then the 4x/1x time ratio, and a cProfile
top list of one run in-process (--profile CORPUS), and the CPU time of each stage of preparing a
source and of checking claims (--stages CORPUS).

    .venv/bin/python bench/batch_bench.py                     # all three, then the profile of 1x
    .venv/bin/python bench/batch_bench.py --only big --workers 1
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = """survey council ministry report region district hospital school farmers workers company
river forest harbour bridge market station village island province coast valley museum library
election budget tax water energy housing transport police court prison army navy health vaccine
research study data index rate growth decline increase loss damage flood drought storm fire
migration population census families children students teachers nurses doctors patients voters
exports imports trade prices wages jobs unemployment inflation revenue spending debt deficit
species birds fish whales wolves bears seals puffins turtles coral trees crops wheat rice maize""".split()
VERBS = "counted recorded reported estimated found measured registered approved spent built lost".split()
NAMES = "Oslo Lagos Quito Hanoi Perth Tromso Cusco Dakar Leeds Busan Malmo Kochi Aarhus Bergen".split()
MONTHS = "January February March April May June July August September October November December".split()
FILLER = ("The figures were published by the authorities after a review that lasted several months. "
          "Officials said the results would be discussed at the next meeting of the committee. ")


def sentence(rng: random.Random) -> tuple[str, str]:
    """A sentence with figures, and a claim that restates it (its figure sometimes changed)."""
    a, b, c = rng.sample(WORDS, 3)
    name, verb = rng.choice(NAMES), rng.choice(VERBS)
    n = rng.randint(2, 900_000)
    year = rng.randint(1990, 2024)
    pct = rng.randint(1, 99)
    form = rng.randrange(4)
    if form == 0:
        s = f"In {year}, the {a} in {name} {verb} {n:,} {b} across the {c}."
        claim_n = n if rng.random() < 0.7 else n + rng.randint(1, 50) * 1000
        claim = f"The {a} in {name} {verb} {claim_n:,} {b} in {year}."
    elif form == 1:
        s = f"The {a} {c} of {name} rose by {pct}% to ${n:,} million, the {b} office said."
        claim = f"{name}'s {a} {c} rose {pct if rng.random() < 0.7 else pct + 3} percent."
    elif form == 2:
        day, month = rng.randint(1, 28), rng.choice(MONTHS)
        s = f"On {month} {day}, {year}, officials in {name} {verb} about {n:,} {a} near the {b} {c}."
        claim = f"Officials in {name} {verb} around {n:,} {a} on {month} {day}, {year}."
    else:
        s = f"More than {n:,} {a} and {pct} {b} were {verb} in {name} during the {c} programme."
        claim = f"Over {n:,} {a} were {verb} in {name}."
    return s, claim


def make_source(rng: random.Random, size: int) -> tuple[str, list[str]]:
    parts, claims, total = [], [], 0
    while total < size:
        s, claim = sentence(rng)
        para = s + " " + (FILLER if rng.random() < 0.5 else "") + "\n"
        parts.append(para)
        claims.append(claim)
        total += len(para)
    return "".join(parts), claims


def make_corpus(root: Path, name: str, sources: int, size: int, claims: int, seed: int = 7) -> tuple[Path, int]:
    """Write `sources` source files of about `size` bytes and an input of `claims` items citing them."""
    rng = random.Random(seed)
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    pool: list[tuple[str, str]] = []
    total = 0
    for k in range(sources):
        text, cands = make_source(rng, size)
        path = folder / f"source{k:04d}.txt"
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        pool += [(str(path), c) for c in cands]
    rng.shuffle(pool)
    items = folder / "items.jsonl"
    with items.open("w", encoding="utf-8") as fh:
        # Every source cited at least once, the rest at random.
        per_source = {}
        for path, c in pool:
            per_source.setdefault(path, (path, c))
        chosen = list(per_source.values())[:claims]
        chosen += rng.sample(pool, claims - len(chosen))
        rng.shuffle(chosen)
        for n, (path, c) in enumerate(chosen):
            fh.write(json.dumps({"id": f"{name}-{n}", "claim": c, "source_path": path}) + "\n")
    return items, total


def run_cli(items: Path, workers: int | None, cold: bool = False) -> tuple[float, float, float, dict[str, int]]:
    """Wall seconds, peak RSS (MB) of the child, its CPU seconds (all processes), and the verdict counts.
    `cold`: with an empty user cache dir, as on a first run (the lexicon's tables unpacked and kept)."""
    out = items.with_suffix(".out.jsonl")
    cmd = [str(Path(sys.executable).with_name("citecheck")), "batch", str(items), "-o", str(out)]
    if workers:
        cmd += ["--workers", str(workers)]
    # Each run in its own child, so RUSAGE_CHILDREN's peak is this run's (and its workers').
    code = ("import resource, subprocess, sys, time, json; t = time.monotonic(); "
            "r = subprocess.run(sys.argv[1:]); w = time.monotonic() - t; "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(json.dumps([r.returncode, w, u.ru_maxrss, u.ru_utime + u.ru_stime]))")
    with tempfile.TemporaryDirectory(prefix="citecheck-bench-cache-") as empty:
        env = dict(os.environ, XDG_CACHE_HOME=empty) if cold else None
        r = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, env=env)
    rc, wall, rss, cpu = json.loads(r.stdout.strip().splitlines()[-1])
    if rc not in (0, 1):
        raise SystemExit(f"citecheck batch failed ({rc}): {r.stderr.strip()[-500:]}")
    counts: dict[str, int] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        v = json.loads(line).get("verdict", "error")
        counts[v] = counts.get(v, 0) + 1
    return wall, rss / 1024.0, cpu, counts


def start_up(root: Path, workers: int | None, cold: bool, rounds: int) -> tuple[float, float]:
    """Wall and CPU seconds of `citecheck batch` on one claim against one sentence (the least of `rounds`): the
    part of every run's time that does not grow with its input (imports, the lexicon, the workers, the exit)."""
    items = root / "one.jsonl"
    items.write_text(json.dumps({"id": "one", "claim": "In 2016 officials counted 75,956 voters.",
                                 "source_text": "In 2016, officials in Oslo counted 75,956 voters."}) + "\n",
                     encoding="utf-8")
    walls, cpus = [], []
    for _ in range(rounds):
        wall, _, cpu, _ = run_cli(items, workers, cold)
        walls.append(wall)
        cpus.append(cpu)
    return min(walls), min(cpus)


def lexicon_state(cold: bool) -> str:
    """Whether the runs load the lexicon's tables from the user cache (citecheck/lexicon_cache.py) or unpack them."""
    if cold:
        return "unpacked in each run (--cold: an empty user cache dir, as on a first run)"
    try:
        sys.path.insert(0, str(ROOT))
        from citecheck.lexicon_cache import default_directory, file_name
    except ImportError:
        return "no lexicon cache in this version"
    path = os.path.join(default_directory(), file_name())
    return f"loaded from {path} (kept by an earlier run)" if os.path.exists(path) else \
        f"unpacked by the first run and kept in {path}"


def profile(items: Path, top: int) -> None:
    sys.path.insert(0, str(ROOT))
    from citecheck.batch import check_items, read_items

    prof = cProfile.Profile(time.process_time)  # CPU time: other work on the machine does not count
    with items.open(encoding="utf-8") as fh:
        prof.enable()
        for _ in check_items(read_items(fh), workers=1):
            pass
        prof.disable()
    print(f"\nprofile of {items.parent.name} in one process, CPU seconds (cumulative, top {top}):")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)
    print(f"profile of {items.parent.name} (own time, top {top}):")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


def stages(items: Path, max_sources: int = 10) -> None:
    """CPU seconds and MB/s of each stage of preparing a source, on up to `max_sources` of the corpus's
    sources, then of checking their claims: where the time of one process goes."""
    sys.path.insert(0, str(ROOT))
    from citecheck.figures import read_figures
    from citecheck.match import check_prepared, prepare_claim, prepare_source
    from citecheck.match.prepare import tokens
    from citecheck.text import normalize, split_sentences

    rows = [json.loads(line) for line in items.read_text(encoding="utf-8").splitlines()]
    paths = list(dict.fromkeys(r["source_path"] for r in rows))[:max_sources]
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tokens("warm the lexicon up")  # loaded once per process: not a cost of any one source

    def timed(fn, args):
        t = time.process_time()
        out = [fn(a) for a in args]
        return time.process_time() - t, out

    t_norm, norms = timed(normalize, texts)
    t_figs, _ = timed(read_figures, [n.text for n in norms])
    t_sent, _ = timed(lambda x: list(split_sentences(x)), [n.text for n in norms])
    t_prep, prepared = timed(prepare_source, texts)
    by_path = dict(zip(paths, prepared))
    mine = [r for r in rows if r["source_path"] in by_path]
    t_claims, claims = timed(prepare_claim, [r["claim"] for r in mine])
    t = time.process_time()
    for r, c in zip(mine, claims):
        check_prepared(c, by_path[r["source_path"]])
    t_match = time.process_time() - t
    print(f"\nstages of {items.parent.name}, one process, CPU seconds on {len(paths)} sources ({mb:.1f} MB):")
    rest = t_prep - t_norm - t_figs - t_sent
    for name, sec in (("normalize", t_norm), ("read figures", t_figs), ("split sentences", t_sent),
                      ("words, dates, index", rest), ("prepare_source, all", t_prep)):
        print(f"  {name:<22}{sec:7.2f} s  {mb / sec if sec > 0 else float('inf'):6.2f} MB/s")
    n = max(1, len(mine))
    print(f"  {'check claims':<22}{t_claims + t_match:7.2f} s  {1000 * (t_claims + t_match) / n:6.2f} ms/claim ({n} claims)")


CORPORA = {"1x": (50, 200_000, 1000), "4x": (200, 200_000, 4000), "big": (1, 5_000_000, 1000)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", help="where to write the corpora (default: a temporary directory)")
    ap.add_argument("--only", choices=sorted(CORPORA), action="append", help="run only this corpus (repeatable)")
    ap.add_argument("--workers", type=int, help="passed to citecheck batch --workers (default: its own)")
    ap.add_argument("--profile", default="1x", help="corpus to profile in-process ('none' to skip)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--stages", default="1x", help="corpus whose stages to time in-process ('none' to skip)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run each corpus this many times and print each and the least (noise: other work only adds)")
    ap.add_argument("--cold", action="store_true",
                    help="run citecheck with an empty user cache dir, as on a first run (default: the user's, where "
                         "an earlier run keeps the lexicon's tables)")
    args = ap.parse_args()
    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="citecheck-bench-"))
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"cores: {os.cpu_count()}; corpora in {root}")
    print(f"lexicon tables: {lexicon_state(args.cold)}")
    # As installed: pip writes the package's byte code at install time. A checkout whose .pyc files are missing or
    # older than their sources (PYTHONDONTWRITEBYTECODE set, a branch switched) compiles the changed modules in
    # every run, a few tenths of a second of start-up no user pays.
    compileall.compile_dir(str(ROOT / "citecheck"), quiet=1)
    walls = {}
    inputs = {}
    try:
        for name in args.only or list(CORPORA):
            n_sources, size, n_claims = CORPORA[name]
            items, total = make_corpus(root, name, n_sources, size, n_claims)
            inputs[name] = items
            runs = []
            for _ in range(max(1, args.rounds)):
                wall, rss, cpu, counts = run_cli(items, args.workers, args.cold)
                runs.append(wall)
                mb = total / 1e6
                print(f"{name:>4}: {n_sources} sources, {mb:.1f} MB, {n_claims} claims: {wall:.2f} s wall, "
                      f"{mb / wall:.2f} MB/s, {n_claims / wall:.0f} claims/s, CPU {cpu:.1f} s, peak memory {rss:.0f} MB; "
                      + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
            walls[name] = min(runs)
            if len(runs) > 1:
                print(f"{name:>4}: least of {len(runs)}: {min(runs):.2f} s wall")
        startup = start_up(root, args.workers, args.cold, max(1, args.rounds))
        print(f"start-up: {startup[0]:.2f} s wall, CPU {startup[1]:.2f} s (one claim, one sentence; least of "
              f"{max(1, args.rounds)})")
        if "1x" in walls and "4x" in walls:
            print(f"4x/1x time ratio: {walls['4x'] / walls['1x']:.2f}")
        if args.stages != "none":
            if args.stages not in inputs:
                inputs[args.stages] = make_corpus(root, args.stages, *CORPORA[args.stages])[0]
            stages(inputs[args.stages])
        if args.profile != "none":
            name = args.profile
            if name not in inputs:
                inputs[name] = make_corpus(root, name, *CORPORA[name])[0]
            profile(inputs[name], args.top)
    finally:
        if not args.dir:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
