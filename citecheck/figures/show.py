"""`citecheck figures`: show each figure read from a text, so a user can see why a match did or did not happen."""

from __future__ import annotations

import json
import math

from citecheck.figures.read import read_figures
from citecheck.model import Figure, describe_figure
from citecheck.text import normalize


def figure_record(f: Figure) -> dict:
    return {
        "text": f.text, "start": f.start, "end": f.end, "kind": f.kind, "value": f.value,
        "high_value": f.high_value, "unit": f.unit,
        "low": None if math.isinf(f.low) else f.low, "high": None if math.isinf(f.high) else f.high,
        "range": f.is_range, "bound": f.bound or None, "approx": f.approx, "vague": f.vague,
        "describe": describe_figure(f),
    }


def render_figures(text: str, fmt: str = "text") -> str:
    norm = normalize(text)
    figs = read_figures(norm.text)
    if fmt == "json":
        records = []
        for f in figs:
            s, e = norm.span(f.start, f.end)
            records.append({**figure_record(f), "text": text[s:e], "start": s, "end": e})
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if not figs:
        return "no figures\n"
    lines = []
    for f in figs:
        lo = "-inf" if math.isinf(f.low) and f.low < 0 else f"{f.low:g}"
        hi = "inf" if math.isinf(f.high) else f"{f.high:g}"
        flags = ", ".join(x for x in ("approx" if f.approx else "", f"bound {f.bound}" if f.bound else "",
                                      "range" if f.is_range else "", "vague" if f.vague else "") if x)
        lines.append(f"{f.text!r}: {describe_figure(f)} [{f.kind}] accepts {lo}..{hi}" + (f" ({flags})" if flags else ""))
    return "\n".join(lines) + "\n"
