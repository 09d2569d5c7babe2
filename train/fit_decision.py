#!/usr/bin/env python3
"""Fit citecheck's claim decision (citecheck/match/decision.py) on labelled citations.

    pip install -e '.[train]'
    python train/fit_decision.py --fit-figures ../shared/eval/dev.jsonl \
        --fit-words ../shared/eval/train-citint.jsonl --report ../shared/eval/dev-citint.jsonl [--check]

Each input line is {"claim", "source_text", "label", "dataset"?}; label "supported" is the positive
class, every other label negative. Features come from citecheck's own matching API
(check.decision_features), so they are exactly what the runtime computes.

Fits an L2-regularised logistic regression on standardised features, reports grouped 5-fold
cross-validation on the fit files (folds never split one source text, so a paper cited by several
claims sits in one fold; three dealings of the groups, scores averaged), then scores on each
--report file, which the fit never sees. Each model's threshold and evidence floor are the pair of
best mean CV F1 whose mean CV precision of `supported` is >= MIN_PRECISION on every fit file. Writes the
model to citecheck/match/decision_weights.json with numbers rounded to 6 decimals; with --check it
writes nothing and exits 1 if a fresh fit differs from the shipped file.

Deterministic: inputs are read in file order and sorted by a hash of (claim, source); the solver
(lbfgs) has no randomness; the folds deal the groups by a salted hash (see cross_validate).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

from citecheck.match.check import decision_features
from citecheck.match.prepare import prepare_claim
from citecheck.match.decision import (COLUMNS, FEATURES, FLOOR_FEATURE, FIGURES_MODEL, MIN_COVER, WEIGHTS_FILE, WORDS_MODEL, backed_enough,
                                     probability)
from citecheck.match.prepare import prepare_source

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "citecheck" / "match" / WEIGHTS_FILE
C = 0.3  # inverse regularisation strength: few features, strong prior towards 0
FOLDS = 5
REPEATS = 3  # dealings of the groups into folds
# The decision threshold of each model: the one of best cross-validated F1 among those whose
# cross-validated precision of `supported` is at least this (a wrong `supported` is the worst error).
# 0.75 in cross-validation, so that precision on data never seen stays above 0.70.
MIN_PRECISION = 0.75
THRESHOLDS = [round(0.30 + 0.01 * i, 2) for i in range(56)]
# Evidence floors (decision.backed_enough) tried with each threshold. Never 0: a supported claim has
# at least a fifth of its words, weighed by rarity, in the passage most about it, whatever the model says.
FLOORS = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                rows.append({"claim": d["claim"], "source": d.get("source_text") or "",
                             "y": int(d["label"] == "supported"),
                             "group": f"{d.get('dataset', '')}:{_hash(d.get('source_text') or '')[:16]}",
                             "file": Path(path).name})
    rows.sort(key=lambda r: _hash(r["claim"] + "\0" + r["source"]))
    return rows


def featurise(rows: list[dict]) -> list[list[float]]:
    prepared: dict[str, object] = {}
    out = []
    for r in rows:
        src = prepared.get(r["source"])
        if src is None:
            src = prepared[r["source"]] = prepare_source(r["source"])
        f = decision_features(prepare_claim(r["claim"]), src)
        out.append([f[name] for name in COLUMNS])  # the model's features, then the floor's measure
    return out


def fit(X: list[list[float]], y: list[int]) -> dict:
    from sklearn.linear_model import LogisticRegression

    n = len(X)
    means = [round(sum(r[j] for r in X) / n, 6) for j in range(len(FEATURES))]
    scales = []
    for j in range(len(FEATURES)):
        var = sum((r[j] - means[j]) ** 2 for r in X) / n
        scales.append(round(math.sqrt(var), 6) if var > 1e-12 else 1.0)
    Z = [[(r[j] - means[j]) / scales[j] for j in range(len(FEATURES))] for r in X]
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=1000)
    lr.fit(Z, y)
    return {"features": list(FEATURES), "means": means, "scales": scales,
            "weights": [round(float(w), 6) for w in lr.coef_[0]], "intercept": round(float(lr.intercept_[0]), 6),
            "threshold": 0.5}


def kind(row: list[float]) -> str:
    return FIGURES_MODEL if row[FEATURES.index("has_figures")] else WORDS_MODEL


def decide(f: dict[str, float], p: float, threshold: float, floor: float) -> int:
    """The runtime's rule (check._decide): supported when the model's probability reaches its threshold,
    the evidence floor holds (decision.backed_enough) and no figure of the claim is left unbacked."""
    return int(p >= threshold and f[FLOOR_FEATURE] >= floor and f["figures_unbacked"] == 0)


def predict(models: dict, X: list[list[float]]) -> list[int]:
    """The runtime's decision with the shipped rule: p >= 0.5 once recentred on the model's threshold."""
    out = []
    for r in X:
        f = dict(zip(COLUMNS, r))
        model = models[kind(r)]
        out.append(int(probability(f, model) >= 0.5 and backed_enough(f, model) and f["figures_unbacked"] == 0))
    return out


def fit_all(X: list[list[float]], y: list[int]) -> dict:
    """One model per kind of claim, each fitted on the claims of its kind (threshold 0.5)."""
    models = {}
    for k in (FIGURES_MODEL, WORDS_MODEL):
        sel = [i for i, r in enumerate(X) if kind(r) == k]
        models[k] = fit([X[i] for i in sel], [y[i] for i in sel])
    return models


def cross_validate(X: list[list[float]], y: list[int], groups: list[str]) -> list[list[float]]:
    """Out-of-fold probabilities, once per repeat: no item is scored by a model fitted on it.

    Each repeat deals the groups into folds by a salted hash of the group, so the repeats differ
    and every run deals them alike; a rule chosen on several dealings depends less on one of them."""
    probs = []
    for rep in range(REPEATS):
        fold = [int(_hash(f"{rep}\0{g}")[:8], 16) % FOLDS for g in groups]
        prob = [0.0] * len(X)
        for k in range(FOLDS):
            tr = [i for i in range(len(X)) if fold[i] != k]
            models = fit_all([X[i] for i in tr], [y[i] for i in tr])
            for i in range(len(X)):
                if fold[i] == k:
                    prob[i] = probability(dict(zip(COLUMNS, X[i])), models[kind(X[i])])
        probs.append(prob)
    return probs


def oof_predictions(X: list[list[float]], prob: list[float], threshold: float, floor: float) -> list[int]:
    return [decide(dict(zip(COLUMNS, r)), p, threshold, floor) for r, p in zip(X, prob)]


def choose_rule(X: list[list[float]], y: list[int], probs: list[list[float]], sel: list[int],
                files: list[str]) -> tuple[float, float]:
    """(threshold, floor) of best cross-validated F1 (the mean over the repeats) among those whose
    cross-validated precision (the mean over the repeats) is at least MIN_PRECISION on every fit file:
    a file of web pages must not pay for a file of papers."""
    best, best_f1 = (0.5, MIN_COVER), -1.0
    names = sorted({files[i] for i in sel})
    ys = [y[i] for i in sel]
    for floor in FLOORS:
        for t in THRESHOLDS:
            precision = dict.fromkeys(names, 0.0)
            f1 = 0.0
            for prob in probs:
                pred = oof_predictions([X[i] for i in sel], [prob[i] for i in sel], t, floor)
                for name in names:
                    mine = [j for j, i in enumerate(sel) if files[i] == name]
                    precision[name] += _prf([ys[j] for j in mine], [pred[j] for j in mine])[0] / len(probs)
                f1 += _prf(ys, pred)[2] / len(probs)
            if min(precision.values()) >= MIN_PRECISION and f1 > best_f1:
                best, best_f1 = (t, floor), f1
    return best


def _prf(y: list[int], pred: list[int]) -> tuple[float, float, float]:
    tp = sum(a and b for a, b in zip(y, pred))
    pp, gp = sum(pred), sum(y)
    p = tp / pp if pp else 0.0
    r = tp / gp if gp else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(y: list[int], pred: list[int]) -> str:
    p, r, f1 = _prf(y, pred)
    acc = sum(a == b for a, b in zip(y, pred)) / len(y) if y else 0.0
    return f"n={len(y)} acc={acc:.3f} supported P={p:.3f} R={r:.3f} F1={f1:.3f}"


def mean_scores(y: list[int], preds: list[list[int]], sel) -> str:
    """scores() of the items `sel`, averaged over the repeats' out-of-fold predictions."""
    sel = list(sel)
    got = [(_prf([y[i] for i in sel], [p[i] for i in sel]),
            sum(y[i] == p[i] for i in sel) / len(sel) if sel else 0.0) for p in preds]
    n = len(got)
    p, r, f1 = (sum(g[0][j] for g in got) / n for j in range(3))
    acc = sum(g[1] for g in got) / n
    return f"n={len(sel)} acc={acc:.3f} supported P={p:.3f} R={r:.3f} F1={f1:.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fit-figures", action="append", required=True,
                    help="labelled JSONL whose claims with figures fit the figures model (repeatable)")
    ap.add_argument("--fit-words", action="append", required=True,
                    help="labelled JSONL whose claims without figures fit the words model (repeatable)")
    ap.add_argument("--report", action="append", default=[], help="labelled JSONL to score only (repeatable)")
    ap.add_argument("--check", action="store_true", help="compare a fresh fit with the shipped weights")
    a = ap.parse_args()
    rows, X = [], []
    for k, paths in ((FIGURES_MODEL, a.fit_figures), (WORDS_MODEL, a.fit_words)):
        for path in paths:
            rr = load(path)
            for r, x in zip(rr, featurise(rr)):
                if kind(x) == k:
                    rows.append(r)
                    X.append(x)
    y = [r["y"] for r in rows]
    groups = [r["group"] for r in rows]
    probs = cross_validate(X, y, groups)
    models = fit_all(X, y)
    oofs = [[0] * len(X) for _ in probs]
    for k in (FIGURES_MODEL, WORDS_MODEL):
        sel = [i for i, r in enumerate(X) if kind(r) == k]
        t, floor = choose_rule(X, y, probs, sel, [r["file"] for r in rows])
        models[k]["threshold"], models[k]["floor"] = t, floor
        for oof, prob in zip(oofs, probs):
            for i, p in zip(sel, oof_predictions([X[i] for i in sel], [prob[i] for i in sel], t, floor)):
                oof[i] = p
        print(f"model {k}: {len(sel)} claims, threshold {t:.2f}, floor {floor:.2f}; grouped {FOLDS}-fold CV "
              f"(mean of {REPEATS}): {mean_scores(y, oofs, sel)}")
        for name, w in zip(FEATURES, models[k]["weights"]):
            print(f"  weight {name:<18} {w:+.3f}")
        print(f"  intercept {models[k]['intercept']:+.3f}")
    # Out-of-fold predictions, each claim at its own model's chosen threshold and floor.
    print(f"grouped {FOLDS}-fold CV (mean of {REPEATS}), all fit files: {mean_scores(y, oofs, range(len(X)))}")
    for name in sorted({r["file"] for r in rows}):
        sel = [i for i, r in enumerate(rows) if r["file"] == name]
        print(f"  CV {name}: {mean_scores(y, oofs, sel)}")
    model = {"fitted_on": {FIGURES_MODEL: sorted(Path(p).name for p in a.fit_figures),
                           WORDS_MODEL: sorted(Path(p).name for p in a.fit_words)}, "C": C, "min_precision": MIN_PRECISION,
             "models": models}
    for path in a.report:
        rr = load(path)
        print(f"held out {Path(path).name}: {scores([r['y'] for r in rr], predict(models, featurise(rr)))}")
    text = json.dumps(model, indent=1, sort_keys=True) + "\n"
    if a.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("shipped weights match a fresh fit" if same else f"{OUT} differs from a fresh fit")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
