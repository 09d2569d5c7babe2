"""The readable report: problems first, one block per claim (verdict, claim, figures, evidence,
source), then a one-line summary. Colour on a terminal; `quiet` lists flagged claims only."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import click

from citecheck.model import Source, Verdict
from citecheck.report.base import Report, as_report, location, one_line, summary_line

MARKS = {"supported": "OK", "partial": "PARTIAL", "contradicted": "CONTRADICTED", "unsupported": "UNSUPPORTED",
         "unreachable": "UNREACHABLE", "unsourced": "UNSOURCED", "ignored": "IGNORED", "misquoted": "MISQUOTED"}
COLORS = {"supported": "green", "partial": "yellow", "contradicted": "red", "misquoted": "red",
          "unsupported": "red", "unreachable": "magenta", "unsourced": "yellow", "ignored": "bright_black"}


def use_color(choice: str, tty: bool, environ: Mapping[str, str]) -> bool:
    """--color always/never decide; auto colours a terminal, unless NO_COLOR is set (no-color.org),
    and FORCE_COLOR (not empty, not 0) colours even a pipe (force-color.org)."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return tty and environ.get("TERM") != "dumb"


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, 100, initial_indent="  ", subsequent_indent="    ")


def _block(v: Verdict, report: Report) -> list[str]:
    c = v.claim
    mark = f"[{MARKS.get(v.verdict, v.verdict.upper())}]"
    if report.color:
        mark = click.style(mark, fg=COLORS.get(v.verdict), bold=report.is_flagged(v))
    accepted = f"  ({report.acceptance(v)})" if report.is_accepted(v) else ""
    out = [f"{mark} {c.id}  ({location(v)})  score {v.score:.2f}{accepted}"]
    out += _wrap(f"claim: {c.text}")
    for f in v.figures:
        line = f"  - {f.figure.text}: {f.verdict}"
        if f.note:
            line += f" ({f.note})"
        out.append(line)
    if v.quote is not None:
        q = v.quote
        out += _wrap(f"quote: \"{one_line(q.quote)}\" ({q.verdict})")
        if q.verdict != "supported" and q.source_wording:
            out += _wrap(f"source says: \"{one_line(q.source_wording)}\"")
        if q.diff:
            out += _wrap(f"diff: {q.diff}")
    if v.evidence is not None:
        ev = v.evidence
        page = f", page {ev.page}" if ev.page else ""
        out.append(f"  evidence [{ev.start}:{ev.end}{page}]: \"{one_line(ev.quote)}\"")
        out.append(f"  source: {ev.url}")
    elif c.sources:
        out.append(f"  source: {', '.join(c.sources)}")
    for url in c.sources:  # a dead link read from the Wayback Machine
        s = report.sources.get(url)
        if s is not None and s.archived_from:
            out.append(f"  archived copy: {s.final_url} ({s.archive_date})")
    if v.verdict == "ignored":
        out.append(f"  ignored: {c.note}" if c.note else "  ignored by a citecheck comment")
    elif v.reason and v.verdict != "supported":
        out += _wrap(f"why: {v.reason}")
    out.append("")
    return out


def render(report: Report | list[Verdict], sources: dict[str, Source] | None = None) -> str:
    report = as_report(report, sources)
    out: list[str] = []
    for v in report.listed():
        out += _block(v, report)
    line = summary_line(report)
    if report.color:
        line = click.style(line, bold=True)
    out.append(line)
    return "\n".join(out) + "\n"
