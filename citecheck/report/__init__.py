"""Report formats. Each format is a `render(verdicts) -> str`; FORMATS is the one registry the CLI uses."""

from __future__ import annotations

from collections.abc import Callable

from citecheck.model import Source, Verdict
from citecheck.report import json_report, text_report

FORMATS: dict[str, Callable[[list[Verdict]], str]] = {
    "text": text_report.render,
    "json": json_report.render,
}


def render(verdicts: list[Verdict], fmt: str, sources: dict[str, Source] | None = None) -> str:
    """`sources` (URL -> fetched Source) lets the report name archived copies; it is passed on only
    when a source came from an archive."""
    archived = {url: s for url, s in (sources or {}).items() if s.archived_from}
    if archived:
        return FORMATS[fmt](list(verdicts), archived)
    return FORMATS[fmt](list(verdicts))


__all__ = ["FORMATS", "render"]
