"""`citecheck figures`: show each figure read from a text, so a user can see why a match did or did not happen.

Text output is one line per figure, in columns: the figure as written, its kind, its value (or
range, or bound), its unit, the precision it is written with, and the interval of values it accepts:

    text                     kind   value                unit  written   accepts
    about 2.6 million        count  2,600,000                  ±50,000   2,522,000..2,678,000 (hedged)
    $975m                    money  975,000,000          USD   ±500,000  974,500,000..975,500,000
"""

from __future__ import annotations

import json
import math

from citecheck.figures.read import read_figures
from citecheck.model import Figure, describe_figure
from citecheck.text import normalize


def fmt_number(x: float | None) -> str:
    """2600000 -> '2,600,000'; 66.6667 -> '66.67'; 0.0031 -> '0.0031'; inf -> 'inf'."""
    if x is None:
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if abs(x) < 1 and x != 0:
        return f"{x:.2g}"
    r = round(x, 2)
    if r == int(r):
        return f"{int(r):,}"
    return f"{r:,.2f}".rstrip("0").rstrip(".")


def fmt_date(code: float) -> str:
    n = int(code)
    y, m, d = n // 10000, (n // 100) % 100, n % 100
    if not y:
        return f"{m:02d}-{d:02d} (no year)" if d else f"{m:02d} (no year)"
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def value_text(f: Figure) -> str:
    """The value as a reader would say it: '2,600,000', '80,000..120,000', '>= 2,500,000', '2017-02'."""
    if f.kind == "date":
        if f.is_range and f.high_value is not None:
            if int(f.value) % 10000 == 0:  # a decade: years
                return f"{int(f.value) // 10000}..{int(f.high_value) // 10000}"
            return f"{fmt_date(f.value)}..{fmt_date(f.high_value)}"  # a span of days
        return fmt_date(f.value)
    if f.vague:
        return f"{fmt_number(f.low)}..{fmt_number(f.high)} (vague)"
    if f.is_range and f.high_value is not None:
        return f"{fmt_number(f.value)}..{fmt_number(f.high_value)}"
    if f.bound == "min":
        return f">= {fmt_number(f.value)}"
    if f.bound == "max":
        return f"<= {fmt_number(f.value)}"
    return fmt_number(f.value)


def accepts_text(f: Figure) -> str:
    if f.kind == "date":
        return value_text(f)
    lo = "0" if f.low == 0 else fmt_number(f.low)
    return f"{lo}..{fmt_number(f.high)}"


def flags(f: Figure) -> list[str]:
    out = []
    if f.approx:
        out.append("hedged")
    if f.bound:
        out.append(f"bound {f.bound}")
    if f.is_range:
        out.append("range")
    if f.vague:
        out.append("vague")
    return out


def figure_record(f: Figure) -> dict:
    return {
        "text": f.text, "start": f.start, "end": f.end, "kind": f.kind, "value": f.value,
        "high_value": f.high_value, "unit": f.unit,
        "low": None if math.isinf(f.low) else f.low, "high": None if math.isinf(f.high) else f.high,
        "range": f.is_range, "bound": f.bound or None, "approx": f.approx, "vague": f.vague,
        "tolerance": f.tolerance, "value_text": value_text(f), "accepts": accepts_text(f),
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
    rows = [("text", "kind", "value", "unit", "written", "accepts")]
    for f in figs:
        written = "exact" if f.kind != "date" and not f.vague and not f.tolerance else ""
        if f.tolerance:
            written = f"±{fmt_number(f.tolerance)}"
        fl = flags(f)
        rows.append((f.text, f.kind, value_text(f), f.unit, written,
                     accepts_text(f) + (f" ({', '.join(fl)})" if fl else "")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:-1], widths)) + "  " + r[-1] for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"
