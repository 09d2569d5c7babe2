"""The JSON report: `{"version": 1, "claims": [...], "summary": {...}}` (see the README)."""

from __future__ import annotations

import json
from collections import Counter

from citecheck.model import VERDICTS, FigureVerdict, Verdict


def figure_dict(fv: FigureVerdict) -> dict:
    f = fv.figure
    d = {
        "text": f.text,
        "value": f.value,
        "kind": f.kind,
        "unit": f.unit,
        "low": None if f.low == float("-inf") else f.low,
        "high": None if f.high == float("inf") else f.high,
        "verdict": fv.verdict,
        "evidence": fv.evidence.to_dict() if fv.evidence else None,
        "source_figure": fv.source_figure.text if fv.source_figure else None,
        "note": fv.note,
    }
    if f.is_range:
        d["high_value"] = f.high_value
    if f.bound:
        d["bound"] = f.bound
    return d


def verdict_dict(v: Verdict) -> dict:
    c = v.claim
    return {
        "id": c.id,
        "text": c.text,
        "file": c.file,
        "line": c.line,
        "sources": list(c.sources),
        "verdict": v.verdict,
        "score": v.score,
        "figures": [figure_dict(f) for f in v.figures],
        "evidence": v.evidence.to_dict() if v.evidence else None,
        "reason": v.reason,
        "missing": list(v.missing),
    }


def summary(verdicts: list[Verdict]) -> dict[str, int]:
    counts = Counter(v.verdict for v in verdicts)
    return {k: counts[k] for k in VERDICTS if counts[k]}


def render(verdicts: list[Verdict]) -> str:
    doc = {"version": 1, "claims": [verdict_dict(v) for v in verdicts], "summary": summary(verdicts)}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
