"""Oracle for prepare_source: a digest of every field of each prepared source of a corpus (not run by pytest).

Run it with two versions of the code and `cmp` the outputs: a change to preparation that keeps its output
byte for byte keeps every line. The corpus: the batch benchmark's 1x and big sources (--bench DIR, as
written by bench/batch_bench.py --dir DIR), the source texts of ../shared/eval/*.jsonl when present
(--eval DIR), and generated odd texts (mojibake, hyphenation, dotted initials, dates the page gives
itself, one long line, CRLF, ...). Each text is prepared as prepare_source does it, and the long ones
again with small pieces (figures.read.PIECE_CHARS set lower), with their pieces prepared in a process
pool, and after a pickle round trip (as a batch worker receives it): each must give the same digest.

    PYTHONPATH=/path/to/other/src python bench/prepared_oracle.py > other.txt
    python bench/prepared_oracle.py > mine.txt && cmp other.txt mine.txt

Fields are digested by value: a dict by its sorted items, a set sorted. The order of the keys of idf and
postings is left out: it follows the order in which a sentence's set of stems is iterated, which changes
with the hash seed and when the pieces come back pickled from a pool (so already on main).
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import pickle
import random
import sys
from array import array
from dataclasses import fields, is_dataclass
from pathlib import Path


def feed(h, x) -> None:
    """Write a canonical form of `x` into the hash `h`: by value, whatever the class, every attribute."""
    t = type(x)
    if x is None or t in (bool, int, str):
        h.update(f"{t.__name__}:{x!r};".encode("utf-8", "surrogatepass"))
    elif t is float:
        h.update(f"f:{x.hex()};".encode())
    elif t in (bytes, bytearray):
        h.update(b"b:%d:" % len(x) + bytes(x))
    elif t is array:
        h.update(f"a{x.typecode}:{len(x)}:".encode() + x.tobytes())
    elif t.__module__ == "numpy" and hasattr(x, "dtype"):
        h.update(f"np{x.dtype.str}:{getattr(x, 'shape', ())}:".encode() + x.tobytes())
    elif isinstance(x, dict):
        items = sorted((_digest(k), _digest(v)) for k, v in x.items())
        h.update(f"{t.__name__}{{{len(items)}:".encode())
        for k, v in items:
            h.update(k + v)
    elif isinstance(x, (set, frozenset)):
        h.update(f"set{len(x)}:".encode() + b"".join(sorted(map(_digest, x))))
    elif isinstance(x, (list, tuple)):
        h.update(f"{t.__name__}[{len(x)}:".encode())
        for y in x:
            feed(h, y)
        h.update(b"]")
    else:
        names = _attributes(x)
        h.update(f"{t.__name__}({len(names)}:".encode())
        for name in names:
            h.update(name.encode() + b"=")
            feed(h, getattr(x, name, "<unset>"))
        h.update(b")")


def _attributes(x) -> list[str]:
    if is_dataclass(x):
        return [f.name for f in fields(x)]
    names = set(getattr(x, "__dict__", {}))
    for klass in type(x).__mro__:
        slots = klass.__dict__.get("__slots__", ())
        names.update((slots,) if isinstance(slots, str) else slots)
    if not names:
        raise TypeError(f"cannot digest a {type(x).__name__}")
    return sorted(names)


def _digest(x) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    feed(h, x)
    return h.digest()


def digests(src) -> dict[str, str]:
    """Field name -> hex digest of that field of a PreparedSource (memo left out: what a search remembered)."""
    out = {}
    for f in fields(src):
        if f.name == "memo":
            continue
        out[f.name] = _digest(getattr(src, f.name)).hex()
    if "words" not in out:  # made on first use since 2026-12 (PreparedSource.words), a field before
        out["words"] = _digest(src.words).hex()
    return out


def odd_texts() -> list[tuple[str, str, str]]:
    """(name, text, published) of texts that take the rarer roads of normalisation and preparation."""
    rng = random.Random(11)
    out = [
        ("empty", "", ""),
        ("blank", "   \n\n \t \r\n  ", ""),
        ("one-word", "word", ""),
        ("mojibake", "The budget rose to 400â\x80¯000 â\x82¬ in 2019 â\x80\x94 a record.\nÂ£5 million; naÃ¯ve cafÃ©.\n", ""),
        ("hyphenation", "The inter-\nnational agency counted 1,200 inter-\nNational workers.\nSelf-\nmade.\n", ""),
        ("dotted", "The U.S. and the U.N. said U.S.A.A.A. spent $3.5 billion. A.B.C.D.E.F.G.H. ok.\n" * 40, ""),
        ("dateline", "Published Aug. 10, 2014\nLast Tuesday, 1,500 people marched. On Monday 30% more came.\n"
                     "By March 3 the count was 2,000; next week it may be 4,000.\n", ""),
        ("published", "Last Tuesday, 1,500 people marched. Yesterday 12 more. On May 5 the council met.\n" * 3,
         "2020-06-15"),
        ("crlf", "Line one has 5 apples.\r\nLine two has 7 pears.\r\n\r\nLine three: 1·7 billion.\r\n" * 30, ""),
        ("unicode", "ﬁnancial ＡＢＣ １２３ – “quoted” ‘single’ — 5\u202f000 km² 3½ cups\u00ad of\u200b tea.\n" * 20, ""),
        ("repeated", ("Copyright 2021 All rights reserved.\n" * 50) + "The same words here. Here words the same.\n" * 10, ""),
        ("table", "\n".join(" | ".join(str(rng.randint(0, 10**6)) for _ in range(6)) for _ in range(300)), ""),
        ("no-newline", " ".join(f"Item {k} costs ${rng.randint(1, 999)}.{rng.randint(0, 99):02d} in {rng.choice(['May', 'June'])} {2000 + k % 20}."
                                for k in range(4000)), ""),
        ("hyphen-at-run-edge", ("a" * 65535 + "-\nnation ") * 3, ""),
    ]
    words = "alpha beta gamma delta rose fell counted workers U.S. percent million 12 3.5 1,000 2019 May".split()
    for k in range(3):
        lines = []
        for _ in range(2000):
            lines.append(" ".join(rng.choice(words) for _ in range(rng.randint(0, 25))) + rng.choice([".", "", "?", " -"]))
        out.append((f"random-{k}", "\n".join(lines), "2019-01-0%d" % (k + 1) if k else ""))
    return out


def corpus(bench: Path | None, eval_dir: Path | None) -> list[tuple[str, str, str]]:
    texts = odd_texts()
    if bench is not None:
        for name in ("1x", "big"):
            for path in sorted((bench / name).glob("source*.txt")):
                texts.append((f"{name}/{path.name}", path.read_text(encoding="utf-8"), ""))
    if eval_dir is not None and eval_dir.is_dir():
        seen: set[str] = set()
        for path in sorted(eval_dir.glob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                d = json.loads(line)
                text = d.get("source_text")
                if isinstance(text, str) and text not in seen:
                    seen.add(text)
                    texts.append((f"{path.name}:{n}", text, ""))
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", default="/tmp/bench", help="folder of the batch benchmark's corpora ('' to skip)")
    ap.add_argument("--eval", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "eval"),
                    help="folder of eval JSONL files with source_text ('' to skip)")
    ap.add_argument("--pieces", default="20000,3000", help="smaller piece sizes to prepare long texts with again")
    ap.add_argument("--long", type=int, default=30_000, help="a text this long is prepared again in pieces")
    ap.add_argument("--pool-long", type=int, default=30_000, help="... and through a process pool")
    args = ap.parse_args()

    import citecheck.figures.read as read
    from citecheck.match.prepare import prepare_source

    texts = corpus(Path(args.bench) if args.bench else None, Path(args.eval) if args.eval else None)
    print(f"# {len(texts)} texts; citecheck from {Path(read.__file__).parent.parent}", file=sys.stderr)
    default = read.PIECE_CHARS
    pool = None
    for name, text, published in texts:
        ways = [("default", default, map, {})]
        if len(text) >= args.long:
            ways += [(f"pieces={size}", size, map, {}) for size in map(int, args.pieces.split(","))]
        if len(text) >= args.pool_long:
            if pool is None:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))
            ways += [(f"pieces={args.pieces.split(',')[0]},pool", int(args.pieces.split(",")[0]), pool.map, {})]
            if "workers" in inspect.signature(prepare_source).parameters:  # cut in even pieces for a pool's workers
                ways += [(f"workers={n},pool", default, pool.map, {"workers": n}) for n in (2, 3)]
        first = None
        for way, size, map_pieces, kw in ways:
            read.PIECE_CHARS = size
            try:
                src = prepare_source(text, f"oracle:{name}", published, map_pieces=map_pieces, **kw)
            finally:
                read.PIECE_CHARS = default
            d = digests(src)
            if first is None:
                first = d
                for field, digest in d.items():
                    print(f"{name}\t{field}\t{digest}")
                again = digests(pickle.loads(pickle.dumps(src, protocol=pickle.HIGHEST_PROTOCOL)))
                for field in ("norm", "passages", "idf", "default_idf", "page_dates", "dateline", "postings",
                              "figure_index", "lowered", "words"):
                    if again[field] != d[field]:
                        print(f"{name}\tpickled\t{field} DIFFERS")
            else:
                for field in d:
                    if d[field] != first[field]:
                        print(f"{name}\t{way}\t{field} DIFFERS")
    if pool is not None:
        pool.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
