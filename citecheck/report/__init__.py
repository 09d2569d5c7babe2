"""Report formats. Each format is one module with a `render(Report) -> str`; FORMATS is the one
registry the CLI offers (`--format`) and renders through."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module

from citecheck.model import Source, Verdict
from citecheck.report.base import DEFAULT_FAIL_ON, Report


class _Formats(Mapping):
    """Format name -> its module's `render`, the module imported when the format is first used:
    `citecheck --help` and a text report do not import the eight other formats."""

    _MODULES = {"text": "text_report", "json": "json_report", "jsonl": "jsonl_report",
                "markdown": "markdown_report", "html": "html_report", "sarif": "sarif_report",
                "junit": "junit_report", "github": "github_report", "claimreview": "claimreview_report"}

    def __getitem__(self, name: str) -> Callable[[Report], str]:
        module = self._MODULES[name]  # KeyError for an unknown format, as a dict would
        return import_module(f"citecheck.report.{module}").render

    def __iter__(self) -> Iterator[str]:
        return iter(self._MODULES)

    def __len__(self) -> int:
        return len(self._MODULES)


FORMATS: Mapping[str, Callable[[Report], str]] = _Formats()


def render(verdicts: Iterable[Verdict] | Report, fmt: str, sources: Mapping[str, Source] | None = None,
           **options) -> str:
    """The report in format `fmt`. Given verdicts, `sources` (URL -> fetched Source) and `options`
    (the fields of Report: fail_on, accepted, quiet, color) make the Report."""
    report = verdicts if isinstance(verdicts, Report) else Report(tuple(verdicts), dict(sources or {}), **options)
    return FORMATS[fmt](report)


__all__ = ["DEFAULT_FAIL_ON", "FORMATS", "Report", "render"]
