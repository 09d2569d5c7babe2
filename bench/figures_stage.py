"""A fixed workload of the figure reader alone, for counting instructions (not run by pytest).

Wall time on a shared machine is noise; instruction counts are not. This runs only the figure stage of
preparing a source (what `prepare_piece` calls: `read_table`, or on older code the FigureTable of
`read_piece`'s figures) on normalised texts written beforehand, so that normalising is left out of the
count, or `read_figures` on each claim of a corpus (a short text: what costs there is set-up per call).

    python bench/figures_stage.py --write /tmp/fw --corpus /tmp/bench/1x --sources 10
    valgrind --tool=callgrind --callgrind-out-file=/tmp/fw.cg python bench/figures_stage.py --run /tmp/fw sources
    valgrind --tool=callgrind --callgrind-out-file=/tmp/fw0.cg python bench/figures_stage.py --run /tmp/fw none

`none` imports the reader and stops: subtract its count (the import, mostly compiling patterns). Run it
with PYTHONPATH set to another checkout to count that code on the same texts (--write with either).
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import chain
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write(out: Path, corpus: Path, sources: int) -> None:
    sys.path.insert(0, str(ROOT))
    from citecheck.text import normalize

    rows = [json.loads(line) for line in (corpus / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    paths = list(dict.fromkeys(r["source_path"] for r in rows))[:sources]
    out.mkdir(parents=True, exist_ok=True)
    texts = [normalize(Path(p).read_text(encoding="utf-8")).text for p in paths]
    (out / "sources.json").write_text(json.dumps(texts), encoding="utf-8")
    claims = [normalize(r["claim"]).text for r in rows]
    (out / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
    print(f"{len(texts)} sources ({sum(map(len, texts)) / 1e6:.2f} M characters), {len(claims)} claims -> {out}")


def run(folder: Path, mode: str) -> None:
    from citecheck.figures.read import piece_bounds, read_figures

    try:
        from citecheck.figures.read import read_table
    except ImportError:  # code from before read_table: what prepare_piece did there
        from citecheck.figures.read import read_piece
        from citecheck.figures.table import FigureTable

        def read_table(text, bounds):
            return FigureTable(text, chain.from_iterable(read_piece(text, a, b) for a, b in bounds))
    if mode == "none":
        return
    texts = json.loads((folder / f"{mode}.json").read_text(encoding="utf-8"))
    if mode == "claims":
        for text in texts:
            read_figures(text)
    else:
        for text in texts:
            read_table(text, piece_bounds(text))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path, help="write the normalised texts of a corpus to this folder")
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/bench/1x"), help="a folder of batch_bench.py")
    ap.add_argument("--sources", type=int, default=10, help="how many of its sources (in the order of its items)")
    ap.add_argument("--run", nargs=2, metavar=("FOLDER", "MODE"), help="MODE: sources, claims or none")
    args = ap.parse_args()
    if args.write:
        write(args.write, args.corpus, args.sources)
    if args.run:
        run(Path(args.run[0]), args.run[1])
    if not (args.write or args.run):
        ap.error("give --write or --run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
