"""Oracle for speed work on the figure reader and the sentence splitter: dump what they read.

Dumps, for a corpus of texts, every field of every Figure that `read_figures` returns, the spans
of `split_sentences` and of `quote_spans`, one JSON line per text. Run it on main, save the dump,
and run it again after an optimisation: the two must be identical (`cmp`), since speed work must not
change what is read. The corpus, read at run time (nothing is copied into the project):

- every `claim` and `source_text` of ../shared/eval/*.jsonl, raw and normalised (if that folder exists);
- the generated prose of bench/figures_bench.py (2 MB), and hostile shapes (long runs of digits, dots,
  quotes, number words, one long paragraph);
- every text of tests/data/figures/*.txt, raw and set in a source paragraph.

    .venv/bin/python bench/figures_oracle.py > /tmp/oracle-main.jsonl
    .venv/bin/python bench/figures_oracle.py > /tmp/oracle-new.jsonl && cmp /tmp/oracle-main.jsonl /tmp/oracle-new.jsonl

`--stages` also dumps, for each text, what `normalize` makes of it (a digest of the text and of its
offset map) and the dated lines `dating_figures` finds in it (from the figures read there). Copy this
script into a checkout of main to make the dump to compare with (its default output is unchanged).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from citecheck.figures import read_figures  # noqa: E402
from citecheck.figures.anchor import dating_figures  # noqa: E402
from citecheck.text import normalize, split_sentences  # noqa: E402
from citecheck.text.sentences import quote_spans  # noqa: E402
from figures_bench import make_pages  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def stage_corpus():
    """More texts for --stages: dated lines and bylines, and random strings over the characters that the
    dated-line pattern and the normaliser turn on (keywords, capitals, breaks; mojibake, dashes, spaces)."""
    import random
    yield "dated:0", "By Neil Genzlinger\nMay 10, 2018\nRussell died Monday in Calgary, on May 7."
    yield "dated:1", "Published 7:33 a.m. ET Aug. 10, 2014 | Updated 9:10 a.m.\nThe talks ended."
    yield "dated:2", "Posted on April 12, 2019 by Ann Lee\nDate: Saturday, September 14, 2019\nBy A B and C D, 3 May 2020"
    yield "dated:3", "The figures were published by the authorities on May 3, 2019. " * 40
    alphabets = ["By by Published POSTED posted date: Released: first First Ann Lee @x | , \n 2019 May 10, 3 \u017f \u0130K",
                 "a\u00c3\u00a9\u00e2\u20ac\u2122\u0080\u00c2 -\n\t  `\u00b71 2.\u2013\u201c\u00ad\u00a0\ufb01\u2028x\r\n"]
    for k, alphabet in enumerate(alphabets):
        r = random.Random(100 + k)
        for n in range(30):
            yield f"stages:{k}:{n}", "".join(r.choice(alphabet) for _ in range(r.choice((50, 500, 5000))))


def corpus():
    if EVAL.is_dir():
        for path in sorted(EVAL.glob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                item = json.loads(line)
                for key in ("claim", "source_text"):
                    if isinstance(item.get(key), str):
                        yield f"{path.name}:{n}:{key}", item[key]
                        yield f"{path.name}:{n}:{key}:norm", normalize(item[key]).text
    for k, page in enumerate(make_pages(2.0)):
        yield f"bench:{k}", page
    hostile = {
        "digits": "123 " * 2000, "dots": "." * 5000 + " A b.", "quotes": '"a b. C d." ' * 500 + "\u201c" * 300,
        "words": "one two three hundred and twenty-five thousand " * 300, "para": " ".join(make_pages(0.2))
        .replace("\n", " "), "mixed": "In May 5-7 and 9, 2019, about 3.5m people (12%) paid $4bn. " * 200,
    }
    for k, t in hostile.items():
        yield f"hostile:{k}", t
    # Random strings over the characters the patterns turn on: quotes and breaks for the splitter, digits,
    # signs and the letters that open patterns ("FY", "v2", "+44", "ISO") for the reader.
    import random
    alphabets = ["\u201c\u201d\u00ab\u00bb\"\u2018\u2019 \n aAbB.!?,(1", "0123456789 .,/-+(:)@FYQ1vVISOcovid%$\u00bd\u2044ama\n",
                 "0123456789     ,.-/onetwhundrd thousand million of in May June 2019 FY Q3 about over $%km"]
    for k, alphabet in enumerate(alphabets):
        r = random.Random(k)
        for n in range(20):
            yield f"random:{k}:{n}", "".join(r.choice(alphabet) for _ in range(r.choice((50, 500, 5000))))
    data = ROOT / "tests" / "data" / "figures"
    for path in sorted(data.glob("*.txt")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            for c, col in enumerate(line.split(" | ")):
                col = col.strip()
                if len(col) > 3:
                    yield f"{path.name}:{n}:{c}", col
                    yield f"{path.name}:{n}:{c}:src", ("Officials confirmed the report on Monday.\nThe agency wrote that "
                                                       + col + ", and it was cited.\nIt was widely discussed.")


def _plain(x):
    if isinstance(x, float) and (math.isinf(x) or math.isnan(x)):
        return repr(x)
    return x


def dump(text: str, stages: bool = False) -> dict:
    found = read_figures(text)
    figs = [{f.name: _plain(getattr(fig, f.name)) for f in dataclasses.fields(fig)} for fig in found]
    sents = [(s.start, s.end) for s in split_sentences(text)]
    out = {"figures": figs, "sentences": sents, "quotes": quote_spans(text)}
    if stages:
        norm = normalize(text)
        digest = hashlib.sha1(norm.text.encode("utf-8", "surrogatepass"))
        for column in (norm.seg_text, norm.seg_orig, norm.seg_end):
            digest.update(column.tobytes())
        out["normal"] = [len(norm.text), len(norm.seg_text), digest.hexdigest()]
        out["dating"] = [(day.isoformat(), f.start, f.end) for day, f in dating_figures(text, found)]
    return out


def main() -> int:
    stages = "--stages" in sys.argv[1:]
    for name, text in itertools.chain(corpus(), stage_corpus() if stages else ()):
        print(json.dumps({"id": name, **dump(text, stages)}, ensure_ascii=False, default=repr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
