"""Report formats. Each format is one module with a `render(Report) -> str`; FORMATS is the one
registry the CLI offers (`--format`) and renders through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from citecheck.model import Source, Verdict
from citecheck.report import (claimreview_report, github_report, html_report, json_report, jsonl_report,
                              junit_report, markdown_report, sarif_report, text_report)
from citecheck.report.base import DEFAULT_FAIL_ON, Report

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text_report.render,
    "json": json_report.render,
    "jsonl": jsonl_report.render,
    "markdown": markdown_report.render,
    "html": html_report.render,
    "sarif": sarif_report.render,
    "junit": junit_report.render,
    "github": github_report.render,
    "claimreview": claimreview_report.render,
}


def render(verdicts: Iterable[Verdict] | Report, fmt: str, sources: Mapping[str, Source] | None = None,
           **options) -> str:
    """The report in format `fmt`. Given verdicts, `sources` (URL -> fetched Source) and `options`
    (the fields of Report: fail_on, accepted, quiet, color) make the Report."""
    report = verdicts if isinstance(verdicts, Report) else Report(tuple(verdicts), dict(sources or {}), **options)
    return FORMATS[fmt](report)


__all__ = ["DEFAULT_FAIL_ON", "FORMATS", "Report", "render"]
