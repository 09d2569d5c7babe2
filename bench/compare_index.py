"""Compare the index's verdicts with the exhaustive scan's on a batch JSONL file (not run by pytest).

    .venv/bin/python bench/compare_index.py ../shared/eval/dev.jsonl [more.jsonl ...]

Prints, per file, how many items differ in verdict, in score, or in evidence, and the first few that do.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citecheck.batch import check_items, read_items  # noqa: E402
from citecheck.match.settings import Settings  # noqa: E402


def main(paths: list[str]) -> int:
    differ_total = 0
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            items = [i for i in read_items(fh, path) if not isinstance(i, dict)]
        runs = {}
        for exhaustive in (False, True):
            start = time.monotonic()
            runs[exhaustive] = list(check_items(items, settings=Settings(exhaustive=exhaustive), workers=1))
            runs[(exhaustive, "t")] = time.monotonic() - start
        verdicts = [(a, b) for a, b in zip(runs[False], runs[True]) if a["verdict"] != b["verdict"]]
        other = [(a, b) for a, b in zip(runs[False], runs[True]) if a != b and a["verdict"] == b["verdict"]]
        differ_total += len(verdicts)
        print(f"{path}: {len(items)} items; verdicts differ: {len(verdicts)}; other fields differ: {len(other)}; "
              f"indexed {runs[(False, 't')]:.1f} s, exhaustive {runs[(True, 't')]:.1f} s")
        for a, b in (verdicts + other)[:5]:
            print(f"  {a['id']}: indexed {a['verdict']} {a['score']} / exhaustive {b['verdict']} {b['score']}")
    return 1 if differ_total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
