"""Report formats. Each format is a `render(verdicts) -> str`; FORMATS is the one registry the CLI uses."""

from __future__ import annotations

from collections.abc import Callable

from citecheck.model import Verdict
from citecheck.report import json_report, text_report

FORMATS: dict[str, Callable[[list[Verdict]], str]] = {
    "text": text_report.render,
    "json": json_report.render,
}


def render(verdicts: list[Verdict], fmt: str) -> str:
    return FORMATS[fmt](list(verdicts))


__all__ = ["FORMATS", "render"]
