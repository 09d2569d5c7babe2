"""Figure-reading benchmark: MB/s of `read_figures`, `normalize` and `split_sentences` on 10 MB of prose with figures.

The prose is generated from a fixed seed: sentences of plain words (most of a real page), with
counts, years, full dates, date ranges, money, percentages, ranges, hedges, bounds and number words
mixed in, cut into pages of about 40 KB (the size of a long news or Wikipedia page, which is how the
matcher calls the reader: once per source). Prints the megabytes, the seconds and MB/s of each
stage (wall-clock and CPU time: the machine is shared, so CPU time is the steadier figure), and the
load average. A figure per 150 bytes or so, as in the source pages of citecheck's labelled data (which
read at one per 152 bytes). Not run by pytest.

    .venv/bin/python bench/figures_bench.py             # 10 MB
    .venv/bin/python bench/figures_bench.py --mb 2      # a quicker run
    .venv/bin/python bench/figures_bench.py --mb 4 --paragraph  # and 1 MB / 4 MB single paragraphs
    .venv/bin/python bench/figures_bench.py --texts '/tmp/bench/1x/source*.txt'  # files for pages instead

Before/after: `--baseline DIR` also times the stages of another checkout's `citecheck` (say main:
`git archive main citecheck | tar -x -C /tmp/main-src`, then `--baseline /tmp/main-src`), each run of it
alternating with a run of this one, so that both see the same load; it prints both and the speed-up.
"""

from __future__ import annotations

import argparse
import glob
import importlib
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.figures import read_figures  # noqa: E402
from citecheck.figures.anchor import dating_figures  # noqa: E402
from citecheck.text import normalize, split_sentences  # noqa: E402
from citecheck.text.sentences import quote_spans  # noqa: E402

WORDS = """the of and to in a is that for it as was with be by on not he this are or his from at which but have
an they you were her she there been one all we their has would when what if more so can said who about no
will up out them into some could then other than its only time new these two may first any like now my over
such our man me even most made after also did many before must through back years where much your way well down
should because each just those people how too little state good very make world still own see men work long
here get both between life being under never day same another know while last might us great old year off come
since against go came right used take three government council report hospital agency survey company officials
residents researchers patients election market prices water school city river policy court minister""".split()
MONTHS = "January February March April May June July August September October November December".split()
NUMBER_WORDS = ["six", "twelve", "twenty-eight", "a dozen", "one hundred and twenty-five", "eighty thousand",
                "two-thirds", "half a million", "one in five", "hundreds of", "three"]
CURRENCIES = ["$", "€", "£", "US$"]
SCALES = ["", " million", " billion", "m", "bn", "k"]


def _figure(r: random.Random) -> str:
    k = r.randrange(14)
    if k == 0:
        return f"{r.randrange(1, 999):,}"
    if k == 1:
        return f"{r.randrange(1000, 9_999_999):,}"
    if k == 2:
        return str(r.randrange(1950, 2026))
    if k == 3:
        return f"{r.choice(MONTHS)} {r.randrange(1, 29)}, {r.randrange(1990, 2026)}"
    if k == 4:
        return f"{r.randrange(1, 29)} {r.choice(MONTHS)} {r.randrange(1990, 2026)}"
    if k == 5:
        return f"{r.choice(CURRENCIES)}{r.randrange(1, 999)}{r.choice(SCALES)}"
    if k == 6:
        return f"{r.randrange(1, 99)}.{r.randrange(10)}%"
    if k == 7:
        return f"{r.randrange(1, 60)} per cent"
    if k == 8:
        a = r.randrange(1, 500)
        return f"between {a:,} and {a + r.randrange(1, 500):,}"
    if k == 9:
        return f"{r.choice(['about', 'more than', 'nearly', 'up to', 'some'])} {r.randrange(2, 90) * 100:,}"
    if k == 10:
        return r.choice(NUMBER_WORDS)
    if k == 11:
        return f"{r.randrange(1, 40)} km"
    if k == 12:
        return f"{r.choice(MONTHS)} {r.randrange(1, 14)}-{r.randrange(14, 29)}, {r.randrange(1990, 2026)}"
    return f"{r.randrange(2, 12)} years"


def _sentence(r: random.Random) -> str:
    words = [r.choice(WORDS) for _ in range(r.randrange(8, 30))]
    for _ in range(r.choice((0, 0, 0, 1, 1, 2))):
        words.insert(r.randrange(len(words) + 1), _figure(r))
    words[0] = words[0].capitalize()
    return " ".join(words) + r.choice((". ", ". ", ". ", ".\n", "; ", ".\n\n"))


def make_pages(mb: float, page_kb: int = 40, seed: int = 1) -> list[str]:
    r = random.Random(seed)
    pages, size, target = [], 0, int(mb * 1_000_000)
    while size < target:
        parts, n = [], 0
        while n < page_kb * 1000:
            s = _sentence(r)
            parts.append(s)
            n += len(s)
        page = "".join(parts)
        pages.append(page)
        size += len(page.encode("utf-8"))
    return pages


def _rate(label: str, mb: float, wall: float, cpu: float, extra: str = "") -> None:
    print(f"{label:<16} {mb:6.2f} MB  {wall:7.2f} s wall {mb / wall:7.2f} MB/s  "
          f"{cpu:7.2f} s cpu {mb / cpu:7.2f} MB/s{extra}")


def _best(repeat: int, run) -> tuple[float, float]:
    """(wall, cpu) seconds of the fastest of `repeat` runs: on a shared machine the fastest is the least disturbed."""
    times = []
    for _ in range(max(1, repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return min(times, key=lambda t: t[1])


def _stages_of(root: str):
    """(normalize, read_figures, split_sentences, quote_spans, dating_figures) of the `citecheck` package
    under `root`, imported apart from this checkout's (whose modules are put back afterwards)."""
    def ours(name: str) -> bool:
        return name == "citecheck" or name.startswith("citecheck.")
    saved = {k: sys.modules.pop(k) for k in list(sys.modules) if ours(k)}
    sys.path.insert(0, root)
    try:
        text = importlib.import_module("citecheck.text")
        figures = importlib.import_module("citecheck.figures")
        sentences = importlib.import_module("citecheck.text.sentences")
        anchor = importlib.import_module("citecheck.figures.anchor")
        return text.normalize, figures.read_figures, text.split_sentences, sentences.quote_spans, \
            anchor.dating_figures
    finally:
        sys.path.remove(root)
        for k in [k for k in sys.modules if ours(k)]:
            del sys.modules[k]
        sys.modules.update(saved)


def _compare(label: str, mb: float, repeat: int, run_base, run_new) -> tuple[float, float]:
    """The fastest CPU time of `repeat` runs of each, alternating, and the speed-up; returns the two times."""
    base, new = [], []
    for _ in range(max(1, repeat)):
        for runs, fn in ((base, run_base), (new, run_new)):
            c0 = time.process_time()
            fn()
            runs.append(time.process_time() - c0)
    b, n = min(base), min(new)
    print(f"{label:<16} {mb:6.2f} MB  baseline {mb / b:7.2f} MB/s cpu  this {mb / n:7.2f} MB/s cpu  x{b / n:.2f}")
    return b, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of prose (default 10)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each stage; the fastest is printed (default 1)")
    ap.add_argument("--paragraph", action="store_true",
                    help="also time one paragraph of 1 MB and of 4 MB (no line breaks) through each stage")
    ap.add_argument("--baseline", metavar="DIR", help="also time the citecheck package under DIR, alternating "
                    "with this checkout's, and print the speed-up (CPU time)")
    ap.add_argument("--texts", metavar="GLOB", help="read the pages from these files instead of generating prose "
                    "(say the batch benchmark's sources: '/tmp/bench/1x/source*.txt')")
    args = ap.parse_args()
    if args.texts:
        pages = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(args.texts))]
        if not pages:
            ap.error(f"no file matches {args.texts}")
    else:
        pages = make_pages(args.mb)
    mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
          f"{len(pages)} pages")
    normal = [normalize(p).text for p in pages]
    if args.baseline:
        b_norm, b_read, b_split, b_quotes, b_dating = _stages_of(args.baseline)
        repeat = max(3, args.repeat)
        figures = [read_figures(p) for p in normal]
        times = [
            _compare("normalize", mb, repeat, lambda: [b_norm(p) for p in pages], lambda: [normalize(p) for p in pages]),
            _compare("read_figures", mb, repeat, lambda: [b_read(p) for p in normal],
                     lambda: [read_figures(p) for p in normal]),
            _compare("dating_figures", mb, repeat, lambda: [b_dating(p, f) for p, f in zip(normal, figures)],
                     lambda: [dating_figures(p, f) for p, f in zip(normal, figures)]),
            _compare("split_sentences", mb, repeat, lambda: [b_split(p) for p in normal],
                     lambda: [split_sentences(p) for p in normal]),
        ]
        b, n = sum(t[0] for t in times), sum(t[1] for t in times)
        print(f"{'these four':<16} {mb:6.2f} MB  baseline {mb / b:7.2f} MB/s cpu  this {mb / n:7.2f} MB/s cpu  x{b / n:.2f}")
        _compare("quote_spans", mb, repeat, lambda: [b_quotes(p) for p in normal], lambda: [quote_spans(p) for p in normal])
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0
    best = _best(args.repeat, lambda: [normalize(p) for p in pages])
    _rate("normalize", mb, *best)
    best = _best(args.repeat, lambda: [read_figures(p) for p in normal])
    count = sum(len(read_figures(p)) for p in normal)
    _rate("read_figures", mb, *best, f"  ({count:,} figures, one per {mb * 1e6 / max(1, count):.0f} bytes)")
    figures = [read_figures(p) for p in normal]
    _rate("dating_figures", mb, *_best(args.repeat, lambda: [dating_figures(p, f) for p, f in zip(normal, figures)]))
    best = _best(args.repeat, lambda: [split_sentences(p) for p in normal])
    count = sum(len(split_sentences(p)) for p in normal)
    _rate("split_sentences", mb, *best, f"  ({count:,} sentences)")
    best = _best(args.repeat, lambda: [quote_spans(p) for p in normal])
    _rate("quote_spans", mb, *best)
    if args.paragraph:
        # One long paragraph (no line break): the shape hostile input takes; time must stay linear in size.
        for size in (1, 4):
            para = " ".join(normal).replace("\n", " ")[: size * 1_000_000]
            pmb = len(para.encode("utf-8")) / 1e6
            _rate(f"para figures", pmb, *_best(1, lambda: read_figures(para)))
            _rate(f"para sentences", pmb, *_best(1, lambda: split_sentences(para)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
