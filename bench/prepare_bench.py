"""CPU seconds and MB/s of each step of preparing a source's words and index, one process (not run by pytest).

The steps prepare_piece and assemble_source take after the figures are read and before the page's dates are
looked at: the sentences' bounds, each figure's sentence, the figures blanked, the sentences' word keys, the
posting lists and passages, the figure index. On the first sources of a batch_bench corpus (--dir, as written by
bench/batch_bench.py), each step repeated --repeat times (the least kept). numpy is loaded first (every
process that checks claims loads it), and so are the lexicon's tables. Compare two versions back to back:

    python bench/prepare_bench.py --dir /tmp/bench

--join CORPUS also times the serial step of a source prepared in pieces on a pool: assemble_source (the pieces
joined, the page's dates, the index) on the pieces of CORPUS's first source (say `big`: one 5 MB source) cut as
for 2 workers, each piece through a pickle round trip as a pool hands it back.
    PYTHONPATH=/path/to/main python /path/to/main/bench/prepare_bench.py --dir /tmp/bench  (if it has it)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from array import array
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default="/tmp/bench", help="folder of batch_bench.py's corpora")
    ap.add_argument("--corpus", default="1x")
    ap.add_argument("--sources", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--join", default="", help="also time assemble_source on the pieces of this corpus's first source")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy  # noqa: F401

    from citecheck.figures.read import read_piece
    from citecheck.figures.table import FigureTable
    from citecheck.match import prepare as P
    from citecheck.match.index import FigureIndex
    from citecheck.text import normalize
    from citecheck.text.sentences import sentence_bounds

    items = Path(args.dir) / args.corpus / "items.jsonl"
    paths = list(dict.fromkeys(json.loads(line)["source_path"] for line in items.read_text(encoding="utf-8").splitlines()))
    texts = [normalize(Path(p).read_text(encoding="utf-8")).text for p in paths[:args.sources]]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    P.tokens("warm the lexicon up")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        spent: dict[str, float] = {}

        def timed(name, fn, *a):
            t = time.process_time()
            out = fn(*a)
            spent[name] = spent.get(name, 0.0) + time.process_time() - t
            return out

        for text in texts:
            for group in P.piece_groups(text):
                start, end = group[0][0], group[-1][1]
                read = FigureTable(text, chain.from_iterable(read_piece(text, a, b) for a, b in group))
                begins, ends = timed("sentence bounds", sentence_bounds, text, start, end)
                of = timed("sentence of each figure", P._sentences_at, begins, ends, read.starts)
                words = timed("figures blanked", P._blanked_in_sentences, text, start, end, read.starts, read.ends, of, ends)
                stems = timed("word keys", P._sentence_stems, words, start, begins, ends)
                spans = array("q", chain.from_iterable(zip(begins, ends)))
                # (Code from before the pieces made their own posting lists: the join made them.)
                postings = timed("piece's posting lists", P._piece_postings, stems) if hasattr(P, "_piece_postings") else ()
                joined = P._Joined(text)
                read.text = ""
                timed("postings, passages", joined.add, P.SourcePiece(read, spans, of, stems, *postings))
                joined.passages()
                if -1 not in of:  # (else assemble_source leaves those figures out first)
                    timed("figure index", FigureIndex, read, array("I", of))
        for name, sec in spent.items():
            best[name] = min(best.get(name, sec), sec)
    print(f"words and index of {len(texts)} {args.corpus} sources ({mb:.1f} MB), least CPU of {args.repeat}:")
    for name, sec in best.items():
        print(f"  {name:<26}{sec:7.3f} s  {mb / sec if sec > 0 else float('inf'):8.1f} MB/s")
    total = sum(best.values())
    print(f"  {'all':<26}{total:7.3f} s  {mb / total:8.1f} MB/s")
    if args.join:
        join(Path(args.dir) / args.join, args.repeat)
    return 0


def join(corpus: Path, repeat: int) -> None:
    import pickle

    from citecheck.match import prepare as P
    from citecheck.text import normalize

    path = sorted(corpus.glob("source*.txt"))[0]
    norm = normalize(path.read_text(encoding="utf-8"))
    groups = P.piece_groups(norm.text, P.piece_chars(len(norm.text), 2))
    sent = pickle.dumps([P.prepare_piece(norm.text, g) for g in groups], protocol=pickle.HIGHEST_PROTOCOL)
    least = float("inf")
    for _ in range(repeat):
        pieces = pickle.loads(sent)
        t = time.process_time()
        P.assemble_source(norm, pieces, path.name)
        least = min(least, time.process_time() - t)
    print(f"assemble_source of {corpus.name}/{path.name} ({len(norm.text) / 1e6:.1f} MB) in {len(groups)} pieces, "
          f"least CPU of {repeat}: {least:.3f} s")


if __name__ == "__main__":
    sys.exit(main())
