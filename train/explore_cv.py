"""Research for issue 10: grouped cross-validation of candidate feature sets and decision rules.

Used by the experiments in explore_features.py's cache (see there). Mirrors train/fit_decision.py:
standardised L2 logistic regression (C=0.3), grouped 5-fold CV with 3 salted dealings of the groups,
threshold and floor of best mean CV F1 whose mean CV precision of `supported` is >= 0.75 on every
fit file, held-out files scored by models fitted on all the fit data with the CV-chosen rule.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import fit_decision as fd


def fit(X, y, C=fd.C):
    from sklearn.linear_model import LogisticRegression

    n, d = len(X), len(X[0])
    means = [sum(r[j] for r in X) / n for j in range(d)]
    scales = []
    for j in range(d):
        var = sum((r[j] - means[j]) ** 2 for r in X) / n
        scales.append(math.sqrt(var) if var > 1e-12 else 1.0)
    Z = [[(r[j] - means[j]) / scales[j] for j in range(d)] for r in X]
    lr = LogisticRegression(C=C, solver="lbfgs", max_iter=1000)
    lr.fit(Z, y)
    return means, scales, list(lr.coef_[0]), float(lr.intercept_[0])


def prob(model, x):
    means, scales, w, b = model
    z = b + sum(wi * (xi - m) / s for wi, xi, m, s in zip(w, x, means, scales))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Config:
    features: list[str]
    # which model judges an item (None: never supported)
    route: Callable[[dict], str | None]
    # does an item (file name, features) fit the model it is routed to?
    fits: Callable[[str, dict], bool]
    # the hard rule besides the model: may this item be supported at all?
    allowed: Callable[[dict], bool] = lambda f: f["figures_unbacked"] == 0
    C: float = fd.C
    floors: list[float] = field(default_factory=lambda: list(fd.FLOORS))
    floor_feature: str = "rare_cover_best"
    # of the rows a model is scored on, those it is fitted on (the others count in its scores)
    trains: Callable[[dict], bool] = lambda f: True


def run(cfg: Config, data: dict, fit_files=("dev.jsonl", "train-citint.jsonl"), report=("dev-citint.jsonl", "dev.jsonl"),
        verbose=True):
    rows = [(name, r) for name in fit_files for r in data[name]
            if cfg.route(r["f"]) is not None and cfg.fits(name, r["f"])]
    models = sorted({cfg.route(r["f"]) for _, r in rows})
    X = [[r["f"][k] for k in cfg.features] for _, r in rows]
    y = [r["y"] for _, r in rows]
    groups = [r["group"] for _, r in rows]
    kinds = [cfg.route(r["f"]) for _, r in rows]
    files = [name for name, _ in rows]
    probs = []
    for rep in range(fd.REPEATS):
        fold = [int(fd._hash(f"{rep}\0{g}")[:8], 16) % fd.FOLDS for g in groups]
        p = [0.0] * len(X)
        for k in range(fd.FOLDS):
            for m in models:
                tr = [i for i in range(len(X)) if fold[i] != k and kinds[i] == m and cfg.trains(rows[i][1]["f"])]
                mod = fit([X[i] for i in tr], [y[i] for i in tr], cfg.C)
                for i in range(len(X)):
                    if fold[i] == k and kinds[i] == m:
                        p[i] = prob(mod, X[i])
        probs.append(p)
    rules = {}
    out = {}
    for m in models:
        sel = [i for i in range(len(X)) if kinds[i] == m]
        out[f"auc {m}"] = sum(auc([y[i] for i in sel], [p[i] for i in sel]) for p in probs) / len(probs)
    for m in models:
        sel = [i for i in range(len(X)) if kinds[i] == m]
        names = sorted({files[i] for i in sel})
        best, best_f1 = (0.5, 0.5), -1.0
        for floor in cfg.floors:
            for t in fd.THRESHOLDS:
                prec = dict.fromkeys(names, 0.0)
                f1 = 0.0
                for p in probs:
                    pred = [int(p[i] >= t and rows[i][1]["f"][cfg.floor_feature] >= floor and cfg.allowed(rows[i][1]["f"]))
                            for i in sel]
                    ys = [y[i] for i in sel]
                    for nm in names:
                        mine = [j for j, i in enumerate(sel) if files[i] == nm]
                        prec[nm] += fd._prf([ys[j] for j in mine], [pred[j] for j in mine])[0] / len(probs)
                    f1 += fd._prf(ys, pred)[2] / len(probs)
                if min(prec.values()) >= fd.MIN_PRECISION and f1 > best_f1:
                    best, best_f1 = (t, floor), f1
        rules[m] = best
    # out-of-fold predictions with each model's rule
    oofs = []
    for p in probs:
        oofs.append([int(p[i] >= rules[kinds[i]][0] and rows[i][1]["f"][cfg.floor_feature] >= rules[kinds[i]][1]
                         and cfg.allowed(rows[i][1]["f"])) for i in range(len(X))])
    for m in models:
        sel = [i for i in range(len(X)) if kinds[i] == m]
        out[f"cv {m}"] = _mean(y, oofs, sel)
    for nm in fit_files:
        sel = [i for i in range(len(X)) if files[i] == nm]
        out[f"cv {nm}"] = _mean(y, oofs, sel)
    out["cv all"] = _mean(y, oofs, range(len(X)))
    full = {m: fit([X[i] for i in range(len(X)) if kinds[i] == m and cfg.trains(rows[i][1]["f"])],
                   [y[i] for i in range(len(X)) if kinds[i] == m and cfg.trains(rows[i][1]["f"])], cfg.C)
            for m in models}
    for nm in report:
        ys, pred = [], []
        for r in data[nm]:
            f = r["f"]
            m = cfg.route(f)
            ys.append(r["y"])
            if m is None or m not in full:
                pred.append(0)
                continue
            x = [f[k] for k in cfg.features]
            t, floor = rules[m]
            pred.append(int(prob(full[m], x) >= t and f[cfg.floor_feature] >= floor and cfg.allowed(f)))
        p, r_, f1 = fd._prf(ys, pred)
        out[f"report {nm}"] = (p, r_, f1)
        for m in full:
            sel = [(r["y"], prob(full[m], [r["f"][k] for k in cfg.features])) for r in data[nm] if cfg.route(r["f"]) == m]
            if sel:
                out[f"auc {nm} {m}"] = auc([a for a, _ in sel], [b for _, b in sel])
    out["rules"] = rules
    out["weights"] = {m: dict(zip(cfg.features, [round(w, 3) for w in full[m][2]])) for m in models}
    if verbose:
        for k, v in out.items():
            if k.startswith(("cv", "report")):
                print(f"  {k:<28} P={v[0]:.3f} R={v[1]:.3f} F1={v[2]:.3f}")
        print("  rules", rules)
    return out


def _mean(y, preds, sel):
    sel = list(sel)
    got = [fd._prf([y[i] for i in sel], [p[i] for i in sel]) for p in preds]
    return tuple(sum(g[j] for g in got) / len(got) for j in range(3))


def auc(y, s):
    """Area under the ROC curve (ties count half)."""
    pairs = sorted(zip(s, y))
    pos = sum(y)
    neg = len(y) - pos
    if not pos or not neg:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        r = (i + j + 1) / 2  # mean rank (1-based) of the tie block
        rank_sum += r * sum(yy for _, yy in pairs[i:j])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)
