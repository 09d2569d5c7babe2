"""Markdown for a pull-request comment or a CI step summary: a table of verdicts, then each flagged
claim with its evidence. Claims that pass are counted, not listed, so the comment stays short."""

from __future__ import annotations

import re

from citecheck.model import Verdict
from citecheck.report.base import Report, location, one_line, relative_path, summary, summary_line

_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>|#])")


def escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or table breaks."""
    return _SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _claim(v: Verdict, report: Report) -> list[str]:
    c = v.claim
    where = location(v).replace(c.file, relative_path(c.file), 1)
    out = [f"#### {v.verdict}: `{where}`", "", f"> {escape(c.text)}", ""]
    if v.reason:
        out += [f"**Why:** {escape(v.reason)}", ""]
    for f in v.figures:
        note = f" ({escape(f.note)})" if f.note else ""
        out.append(f"- {escape(f.figure.text)}: **{f.verdict}**{note}")
    if v.figures:
        out.append("")
    if v.evidence is not None:
        out += [f"**Source says:** \u201c{escape(one_line(v.evidence.quote, 400))}\u201d", ""]
    for url in c.sources:
        out.append(f"- <{url}>" if " " not in url and ">" not in url else f"- {escape(url)}")
    if c.sources:
        out.append("")
    out.append(f"<sub>claim id `{c.id}`</sub>")
    out.append("")
    return out


def render(report: Report) -> str:
    flagged = report.flagged
    title = "citecheck: " + (f"{len(flagged)} claim{'s' if len(flagged) != 1 else ''} flagged" if flagged
                             else "nothing flagged")
    out = [f"### {title}", "", summary_line(report), "", "| verdict | claims |", "|---|---:|"]
    out += [f"| {k} | {n} |" for k, n in summary(report.verdicts).items()]
    out.append("")
    if flagged:
        out += ["### Flagged claims", ""]
        for v in flagged:
            out += _claim(v, report)
    accepted = [v for v in report.verdicts if report.is_accepted(v)]
    if accepted:
        out += [f"<details><summary>{len(accepted)} accepted</summary>", ""]
        out += [f"- {v.verdict}: {escape(one_line(v.claim.text, 160))} (`{v.claim.id}`, {report.acceptance(v)})"
                for v in accepted]
        out += ["", "</details>", ""]
    return "\n".join(out)
