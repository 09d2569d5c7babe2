"""The readable report: one block per claim (verdict, claim, figures, evidence, source), then a summary."""

from __future__ import annotations

import textwrap

from citecheck.model import Source, Verdict
from citecheck.report.json_report import summary

MARKS = {"supported": "OK", "partial": "PARTIAL", "contradicted": "CONTRADICTED", "unsupported": "UNSUPPORTED",
         "unreachable": "UNREACHABLE", "unsourced": "UNSOURCED", "ignored": "IGNORED", "misquoted": "MISQUOTED"}


def _quote(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def render(verdicts: list[Verdict], sources: dict[str, Source] | None = None) -> str:
    out: list[str] = []
    for v in verdicts:
        c = v.claim
        where = f"{c.file}:{c.line}" if c.line else c.file
        out.append(f"[{MARKS.get(v.verdict, v.verdict.upper())}] {c.id}  ({where})  score {v.score:.2f}")
        out += textwrap.wrap(f"claim: {c.text}", 100, initial_indent="  ", subsequent_indent="    ")
        for f in v.figures:
            line = f"  - {f.figure.text}: {f.verdict}"
            if f.note:
                line += f" ({f.note})"
            out.append(line)
        if v.quote is not None:
            q = v.quote
            out += textwrap.wrap(f"quote: \"{_quote(q.quote)}\" ({q.verdict})", 100, initial_indent="  ",
                                 subsequent_indent="    ")
            if q.verdict != "supported" and q.source_wording:
                out += textwrap.wrap(f"source says: \"{_quote(q.source_wording)}\"", 100, initial_indent="  ",
                                     subsequent_indent="    ")
            if q.diff:
                out += textwrap.wrap(f"diff: {q.diff}", 100, initial_indent="  ", subsequent_indent="    ")
        if v.evidence is not None:
            ev = v.evidence
            page = f", page {ev.page}" if ev.page else ""
            out.append(f"  evidence [{ev.start}:{ev.end}{page}]: \"{_quote(ev.quote)}\"")
            out.append(f"  source: {ev.url}")
        elif c.sources:
            out.append(f"  source: {', '.join(c.sources)}")
        for url in c.sources:  # a dead link read from the Wayback Machine
            s = (sources or {}).get(url)
            if s is not None and s.archived_from:
                out.append(f"  archived copy: {s.final_url} ({s.archive_date})")
        if v.verdict == "ignored":
            out.append(f"  ignored: {c.note}" if c.note else "  ignored by a citecheck comment")
        elif v.reason and v.verdict != "supported":
            out += textwrap.wrap(f"why: {v.reason}", 100, initial_indent="  ", subsequent_indent="    ")
        out.append("")
    counts = summary(verdicts)
    total = len(verdicts)
    parts = ", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing to check"
    out.append(f"{total} claim{'s' if total != 1 else ''}: {parts}")
    return "\n".join(out) + "\n"
