"""GitHub Actions workflow commands: an annotation per claim that needs a look, on its file and
line in the pull request (`::error file=...,line=...,col=...,title=...::message`), escaped as the
Actions toolkit escapes them. `append_step_summary` adds the Markdown report to the job's summary."""

from __future__ import annotations

import os
from collections.abc import Mapping

from citecheck.model import Verdict
from citecheck.report import markdown_report
from citecheck.report.base import Report, message, relative_path, summary_line

# Verdicts worth a warning even when they do not fail the run.
_WARN = ("contradicted", "misquoted", "unsupported", "unreachable", "partial", "unsourced")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(v: Verdict, report: Report) -> str | None:
    if report.is_flagged(v):
        level = "error"
    elif report.is_accepted(v):
        level = "notice"
    elif v.verdict in _WARN:
        level = "warning"
    else:
        return None
    c = v.claim
    props = [f"file={escape_property(relative_path(c.file))}"]
    if c.line:
        props.append(f"line={c.line}")
        if c.column:
            props.append(f"col={c.column}")
    title = f"citecheck: {v.verdict}" + (f" ({report.acceptance(v)})" if level == "notice" else "")
    props.append(f"title={escape_property(title)}")
    text = message(v)
    if v.evidence is not None:
        text += f"\nSource says: {' '.join(v.evidence.quote.split())[:600]}"
    text += "".join(f"\nSource: {u}" for u in c.sources)
    return f"::{level} {','.join(props)}::{escape_data(text)}"


def render(report: Report) -> str:
    lines = [cmd for v in report.verdicts if (cmd := _command(v, report))]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def append_step_summary(report: Report, environ: Mapping[str, str] = os.environ) -> bool:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY when the job sets it; True if written."""
    path = environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(markdown_report.render(report) + "\n")
    return True
