"""Where the figure stage spends its CPU, step by step (not run by pytest).

Runs `read_table` (what preparing a source calls) on the normalised texts that bench/figures_stage.py
--write made, or `read_figures` on their claims, with each step of read.py that runs once a text wrapped
in a timer of the thread's CPU time (time.thread_time: other processes on a shared machine do not count,
as they do in wall time). Steps that run once a figure (_qualify, _freeze) are not wrapped (a timer for
each would weigh more than they do): they fall in their callers' shares, "numbers" and "rest".

    python bench/figures_stage.py --write /tmp/fw --corpus /tmp/bench/1x --sources 10
    python bench/figures_steps.py /tmp/fw --mode sources --repeat 3

The shares say where to look; instruction counts (callgrind of bench/figures_stage.py) say how much a
change saves.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.figures import read as R  # noqa: E402
from citecheck.figures import starts as S  # noqa: E402

# (module, name, label): the steps that run once a text, in the order they run. A step's own time is its
# time less that of the steps it calls.
STEPS = [
    (S.DigitRuns, "__init__", "digit runs (DigitRuns)"),
    (S.DigitRuns, "_runs_by_next", "runs by next character"),
    (R, "pattern_starts", "pattern_starts (the rest)"),
    (R, "_read_dates", "dates"),
    (R, "_fraction_atoms", "fractions, one in N"),
    (R, "_word_starts", "number-word trigger scan"),
    (R, "_word_atoms", "number words (the rest)"),
    (R, "_read_atoms", "numbers, their labels, hedges and bounds"),
    (R, "_join_ranges", "ranges"),
    (R, "_share_list_units", "lists"),
    (R, "_mark_spans", "spans of time"),
    (R, "_mark_sides", "sides of a comparison"),
]


def wrap(spent: dict[str, float], stack: list[float], owner, name: str, label: str) -> None:
    inner = getattr(owner, name)

    def timed(*args, **kwargs):
        stack.append(0.0)
        t0 = time.thread_time()
        try:
            return inner(*args, **kwargs)
        finally:
            took = time.thread_time() - t0
            nested = stack.pop()
            spent[label] = spent.get(label, 0.0) + took - nested
            if stack:
                stack[-1] += took

    setattr(owner, name, timed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a folder that bench/figures_stage.py --write made")
    ap.add_argument("--mode", choices=("sources", "claims"), default="sources")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = json.loads((args.folder / f"{args.mode}.json").read_text(encoding="utf-8"))
    spent: dict[str, float] = {}
    stack: list[float] = []
    for owner, name, label in STEPS:
        wrap(spent, stack, owner, name, label)
    total = 0.0
    for _ in range(args.repeat):
        t0 = time.thread_time()
        if args.mode == "claims":
            for text in texts:
                R.read_figures(text)
        else:
            for text in texts:
                R.read_table(text, R.piece_bounds(text))
        total += time.thread_time() - t0
    spent["rest (set-up, masks, freezing, sorting, the table)"] = total - sum(spent.values())
    print(f"{len(texts)} {args.mode}, {sum(map(len, texts)) / 1e6:.2f} M characters; CPU time a run: "
          f"{total / args.repeat * 1000:.0f} ms")
    for label, t in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {label:52s} {t / args.repeat * 1000:8.1f} ms {100 * t / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
