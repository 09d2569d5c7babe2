#!/usr/bin/env python3
"""Research for issue 10: measure candidate decision features before they go into decision.py.

    python train/explore_features.py --eval ../shared/eval --cache /tmp/acc/feats.pkl   # featurise (about 1 minute)
    python train/explore_features.py --cache /tmp/acc/feats.pkl --compare              # score the candidates

Featurises dev.jsonl, train-citint.jsonl and dev-citint.jsonl with the shipped features
(check.decision_features) plus candidate ones computed here from the public matching API
(prepare_claim/prepare_source, PreparedSource.passages/postings/norm.text), and caches them.
Then scores feature sets and decision rules exactly as train/fit_decision.py does: the figures
model fitted on dev.jsonl's claims with figures, the words model on train-citint's claims without,
grouped 5-fold CV (3 dealings) with threshold and floor chosen on the CV, and dev-citint scored
held out by the models fitted on all the fit data. Nothing here is shipped: the winners are ported
to citecheck/match/decision.py and refitted with fit_decision.py.
"""
from __future__ import annotations

import argparse
import math
import pickle
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_decision as fd  # noqa: E402
from citecheck.match.check import check_prepared, decision_features  # noqa: E402
from citecheck.match.decision import CAUSAL_RE, FEATURES, HEDGE_RE  # noqa: E402
from citecheck.match.lexicon import rarity  # noqa: E402
from citecheck.match.passages import ContextTable  # noqa: E402
from citecheck.match.prepare import content_text, prepare_claim, prepare_source, surface_tokens  # noqa: E402
from citecheck.model import CONTRADICTED, SUPPORTED  # noqa: E402

COMPARE_RE = re.compile(r"\b(?:higher|lower|more|less|greater|fewer|increas\w*|decreas\w*|reduc\w*|compared|than|"
                        r"better|worse)\b", re.I)
FILES = ("dev.jsonl", "train-citint.jsonl", "dev-citint.jsonl")


class SourceView:
    """What the candidate features need of a source, computed once per source."""

    def __init__(self, src):
        self.src = src
        self.seqs = [tuple(k for _, k in surface_tokens(src.norm.text[p.start:p.end])) for p in src.passages]
        self.pairs = set()
        self.near = set()  # unordered pairs of keys within 3 words of each other in one sentence
        for s in self.seqs:
            self.pairs.update(zip(s, s[1:]))
            for i in range(len(s)):
                for j in range(i + 1, min(len(s), i + 4)):
                    if s[i] != s[j]:
                        self.near.add(frozenset((s[i], s[j])))


def _run(keys, seq):
    at = {}
    for j, k in enumerate(seq):
        at.setdefault(k, []).append(j)
    run, prev = 0, {}
    for k in keys:
        cur = {j: prev.get(j - 1, 0) + 1 for j in at.get(k, ())}
        run = max(run, max(cur.values(), default=0))
        prev = cur
    return run


def extras(claim, src, view: SourceView) -> dict[str, float]:
    words = {}
    for surface, key in surface_tokens(content_text(claim.norm.text, claim.figures)):
        words.setdefault(key, surface)
    w = {k: rarity(s) for k, s in words.items()}
    total = sum(w.values()) or 1.0
    keys = [k for _, k in surface_tokens(claim.norm.text)]
    pairs = [p for p in zip(keys, keys[1:]) if p[0] != p[1]]
    near = {frozenset((keys[i], keys[j])) for i in range(len(keys)) for j in range(i + 1, min(len(keys), i + 4))
            if keys[i] != keys[j]}
    # sentences holding a claim key (postings), their rarity-weighted cover
    ids = sorted({i for k in w for i in src.postings.get(k, ())})
    cov = {i: sum(v for k, v in w.items() if k in src.passages[i].stems) / total for i in ids}
    best_i = max(cov, key=cov.get) if cov else None
    win2 = 0.0
    for i in ids:
        for j in (i - 1, i + 1):
            if 0 <= j < len(src.passages):
                s = src.passages[i].stems | src.passages[j].stems
                win2 = max(win2, sum(v for k, v in w.items() if k in s) / total)
    run_src = max((_run(keys, view.seqs[i]) for i in ids), default=0)
    best_seq = view.seqs[best_i] if best_i is not None else ()
    bp = set(zip(best_seq, best_seq[1:]))
    rare_sorted = sorted(w, key=w.get, reverse=True)[:3]
    absent_rare = sum(1 for k, v in w.items() if v >= 0.5 and k not in src.idf)
    # idf-weighted cover of the best-covering sentence
    idf_tot = sum(src.weight(k) for k in w) or 1.0
    idf_best = max((sum(src.weight(k) for k in w if k in src.passages[i].stems) / idf_tot for i in ids), default=0.0)
    nsent = len(src.passages)
    best_text = src.norm.text[src.passages[best_i].start:src.passages[best_i].end] if best_i is not None else ""
    # the text of the two best-covering sentences
    top = sorted(cov, key=cov.get, reverse=True)[:2]
    top_text = " ".join(src.norm.text[src.passages[i].start:src.passages[i].end] for i in top)
    c_causal = bool(CAUSAL_RE.search(claim.norm.text))
    s_causal = bool(CAUSAL_RE.search(top_text))
    c_hedge = bool(HEDGE_RE.search(claim.norm.text))
    s_hedge = bool(HEDGE_RE.search(top_text))
    c_cmp = bool(COMPARE_RE.search(claim.norm.text))
    s_cmp = bool(COMPARE_RE.search(top_text))
    return {
        "causal_claim": float(c_causal),
        "causal_mismatch": float(c_causal and not s_causal),
        "overstated": float(s_hedge and not c_hedge),
        "source_hedged": float(s_hedge),
        "compare_mismatch": float(c_cmp and not s_cmp),
        "compare_claim": float(c_cmp),
        "src_pairs": sum(p in view.pairs for p in pairs) / len(pairs) if pairs else 0.0,
        "src_near": sum(p in view.near for p in near) / len(near) if near else 0.0,
        "src_run": min(run_src, 6) / 6,
        "sent_cover": max(cov.values(), default=0.0),
        "win2_cover": max(win2, max(cov.values(), default=0.0)),
        "sent_pairs": sum(p in bp for p in pairs) / len(pairs) if pairs else 0.0,
        "rare3_source": sum(k in src.idf for k in rare_sorted) / len(rare_sorted) if rare_sorted else 0.0,
        "absent_rare": min(absent_rare, 4) / 4,
        "idf_best": idf_best,
        "log_sents": math.log1p(nsent),
        "n_words": float(len(w)),
    }


def featurise(path: Path) -> list[dict]:
    rows = fd.load(str(path))
    prepared = {}
    out = []
    for r in rows:
        if r["source"] not in prepared:
            s = prepare_source(r["source"])
            prepared[r["source"]] = (s, SourceView(s))
        src, view = prepared[r["source"]]
        claim = prepare_claim(r["claim"])
        f = decision_features(claim, src)
        res = check_prepared(claim, src)
        f.update(extras(claim, src, view))
        best = ContextTable(claim, src).best()
        text = src.norm.text[best.start:best.end] if best else ""
        f["overstated_best"] = float(bool(HEDGE_RE.search(text)) and not HEDGE_RE.search(claim.norm.text))
        f["causal_mismatch_best"] = float(bool(CAUSAL_RE.search(claim.norm.text)) and not CAUSAL_RE.search(text))
        f["n_figs"] = float(len(res.figures))
        f["n_contra"] = float(sum(v.verdict == CONTRADICTED for v in res.figures))
        f["n_ok"] = float(sum(v.verdict == SUPPORTED for v in res.figures))
        out.append({**r, "f": f, "verdict": res.verdict})
    return out


def compare(data: dict, repeats: int) -> None:
    """The candidates of issue 10's session, each against the decision before it (A0)."""
    from explore_cv import Config, run

    fd.REPEATS = repeats
    new = ("causal_claim", "best_hedged")  # shipped by this research: A0 is the decision before it
    base = [f for f in FEATURES if f not in new]
    route = lambda f: "figures" if f["has_figures"] else "words"  # noqa: E731
    fits = lambda n, f: (n == "dev.jsonl") == bool(f["has_figures"])  # noqa: E731  as fit_decision.py
    backed = lambda f: f["figures_unbacked"] == 0  # noqa: E731

    def go(label, **kw):
        o = run(Config(route=route, fits=fits, **kw), data, verbose=False)
        cw, cf, rep = o["cv words"], o["cv figures"], o["report dev-citint.jsonl"]
        print(f"{label:<44} AUC words: CV {o['auc words']:.3f} dev-citint {o['auc dev-citint.jsonl words']:.3f} | "
              f"CV F1 words {cw[2]:.3f} (P {cw[0]:.3f}) figures/dev {cf[2]:.3f} (P {cf[0]:.3f}) | "
              f"held-out dev-citint P={rep[0]:.3f} R={rep[1]:.3f} F1={rep[2]:.3f} | rules {o['rules']}")

    go("A0 features before this research", features=base)
    go("A1 figures model fitted on all-backed claims", features=base, trains=backed)
    for extra in (["src_pairs"], ["src_near"], ["src_run"], ["sent_cover"], ["win2_cover"], ["absent_rare"],
                  ["causal_claim"], ["best_hedged"], ["overstated_best"], ["causal_mismatch_best"],
                  ["causal_claim", "best_hedged"], ["causal_claim", "best_hedged", "src_pairs"]):
        go("A1 + " + " + ".join(extra), features=base + extra, trains=backed)
    for mp in (0.73, 0.74):
        fd.MIN_PRECISION = mp
        go(f"A1 + causal_claim + best_hedged, min P {mp}", features=base + ["causal_claim", "best_hedged"], trains=backed)
    fd.MIN_PRECISION = 0.75


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval", help="folder of the labelled files: featurise them into --cache")
    ap.add_argument("--cache", default="/tmp/acc/feats.pkl")
    ap.add_argument("--compare", action="store_true", help="score the candidate features from --cache")
    ap.add_argument("--repeats", type=int, default=10, help="dealings of the groups into folds for --compare")
    a = ap.parse_args()
    cache = Path(a.cache)
    if a.eval:
        data = {name: featurise(Path(a.eval) / name) for name in FILES}
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps(data))
        print(f"wrote {cache}: " + ", ".join(f"{k} {len(v)}" for k, v in data.items()))
    if a.compare:
        compare(pickle.loads(cache.read_bytes()), a.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
