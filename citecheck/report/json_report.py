"""The JSON report: `{"version": 1, "claims": [...], "summary": {...}}` (see the README)."""

from __future__ import annotations

import json

from citecheck.model import FigureVerdict, Source, Verdict
from citecheck.report.base import Report, as_report, summary

__all__ = ["claim_dicts", "figure_dict", "render", "summary", "verdict_dict"]


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
    g = fv.source_figure
    if g is not None and g.anchored is not None:
        from citecheck.figures.show import fmt_date  # here: the CLI imports the report formats at start-up


        # "Monday" on a page of 2018-05-10: the date it was read as, and the page date it was counted from.
        d["source_date"] = fmt_date(g.anchored)
        d["page_date"] = g.anchor
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
        "column": c.column,
        "sources": list(c.sources),
        "verdict": v.verdict,
        "score": v.score,
        "figures": [figure_dict(f) for f in v.figures],
        "evidence": v.evidence.to_dict() if v.evidence else None,
        "reason": v.reason,
        "missing": list(v.missing),
        "status": c.status,
        "note": c.note,
        "quote": _quote_dict(v),
    }


def _quote_dict(v: Verdict) -> dict | None:
    """How the best source words the claim's quote; a quote no source could be checked for has no verdict."""
    if v.quote is not None:
        return v.quote.to_dict()
    if not v.claim.quote:
        return None
    return {"text": v.claim.quote, "verdict": None, "score": None, "source_wording": "", "diff": "", "evidence": None}


def _add_archives(claim: dict, sources: dict[str, Source]) -> dict:
    """Evidence read from an archived copy says so: "archive": {"url", "date"}."""
    for ev in [claim.get("evidence")] + [f.get("evidence") for f in claim.get("figures", [])]:
        s = sources.get(ev["url"].split("#")[0]) if ev else None
        if s is not None and s.archived_from:
            ev["archive"] = {"url": s.final_url, "date": s.archive_date}
    return claim


def claim_dicts(report: Report) -> list[dict]:
    """Each claim as in the JSON report, in reading order, with whether it fails the run (`flagged`)
    and whether the baseline accepts it (`accepted`)."""
    archived = report.archived()
    out = []
    for v in report.verdicts:
        d = _add_archives(verdict_dict(v), archived)
        d["flagged"] = report.is_flagged(v)
        d["accepted"] = report.is_accepted(v)
        out.append(d)
    return out


def render(report: Report | list[Verdict], sources: dict[str, Source] | None = None) -> str:
    report = as_report(report, sources)
    doc = {"version": 1, "claims": claim_dicts(report), "summary": summary(report.verdicts)}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
