"""What every report format is given: the verdicts and what the run decided about them.

A format is a pure function `render(Report) -> str`; deciding what is flagged, what the baseline
accepts and in which order problems come is done here once, so every format agrees.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from citecheck.model import UNREACHABLE, VERDICTS, Source, Verdict
from citecheck.url_patterns import matches

# What an editor must not publish (a figure the source contradicts, a claim it does not back, a quote it
# words otherwise) and a source nobody could read: a link checker fails dead links, and a citation that
# cannot be checked guards nothing. Partial, unsourced and ignored claims are reported but pass.
DEFAULT_FAIL_ON = ("contradicted", "misquoted", "unsupported", "unreachable")

# Problems first: the order claims are listed in by the human-readable formats.
SEVERITY = ("contradicted", "misquoted", "unsupported", "unreachable", "partial", "unsourced", "supported", "ignored")

# One line per verdict: what it means and what to do about it (SARIF rule help, HTML legend, ...).
HELP = {
    "supported": "Every figure of the claim is in the cited source, in a passage about the same thing.",
    "partial": "Some figures or names of the claim are in the cited source, others are not. "
               "Check the missing parts against the source and cite one that backs them.",
    "contradicted": "The passage of the source about the same thing gives a different figure. "
                    "Correct the figure in the article or cite the source it came from.",
    "misquoted": "The claim quotes someone, and the source says it in other words. Quote the source's wording.",
    "unsupported": "Nothing in the cited source backs the claim. Cite a source that does, or reword the claim.",
    "unreachable": "The cited source could not be read (the reason says why). Fix the link, or cite an "
                   "archived copy.",
    "unsourced": "The claim has a figure or a quotation and cites no source. Add a link.",
    "ignored": "A citecheck: ignore comment marks the claim; it was not checked.",
}


@dataclass(frozen=True)
class Report:
    """The verdicts of a run, in the order the claims were read, and what to make of them."""

    verdicts: tuple[Verdict, ...]
    sources: Mapping[str, Source] = field(default_factory=dict)  # URL -> fetched source (all of them)
    fail_on: frozenset[str] = frozenset(DEFAULT_FAIL_ON)
    accepted: frozenset[str] = frozenset()  # ids of claims the baseline accepts: listed, never flagged
    quiet: bool = False  # list flagged claims only
    color: bool = False  # ANSI colour in the text format
    accept_urls: tuple[re.Pattern, ...] = ()  # sources whose being unreachable is accepted (--accept-url)

    def acceptance(self, v: Verdict) -> str:
        """Why a claim that would fail the run is accepted ("" when it is not): listed, never flagged."""
        if v.verdict not in self.fail_on:
            return ""
        if v.claim.id in self.accepted:
            return "accepted by the baseline"
        if (v.verdict == UNREACHABLE and self.accept_urls and v.claim.sources
                and all(matches(u, self.accept_urls) for u in v.claim.sources)):
            return "unreachable source accepted (accept-url)"
        return ""

    def is_accepted(self, v: Verdict) -> bool:
        return bool(self.acceptance(v))

    def is_flagged(self, v: Verdict) -> bool:
        return v.verdict in self.fail_on and not self.acceptance(v)

    @property
    def flagged(self) -> list[Verdict]:
        return [v for v in self.verdicts if self.is_flagged(v)]

    def problems_first(self) -> list[Verdict]:
        """Flagged claims first, worst verdict first, then the rest; in reading order within each."""
        def key(v: Verdict) -> tuple[int, int]:
            rank = SEVERITY.index(v.verdict) if v.verdict in SEVERITY else len(SEVERITY)
            return (0 if self.is_flagged(v) else 1, rank)
        return sorted(self.verdicts, key=key)

    def listed(self) -> list[Verdict]:
        """The claims a human-readable report lists: problems first; with `quiet`, the flagged ones only."""
        ordered = self.problems_first()
        return [v for v in ordered if self.is_flagged(v)] if self.quiet else ordered

    @property
    def nothing_read(self) -> bool:
        """Sources were cited and not one could be read: the run checked nothing (no network, a
        mistyped domain, only ftp: links). It fails like a link checker's would."""
        return bool(self.sources) and not any(s.ok for s in self.sources.values())

    def archived(self) -> dict[str, Source]:
        return {url: s for url, s in self.sources.items() if s.archived_from}


def as_report(verdicts, sources: Mapping[str, Source] | None = None) -> Report:
    """A Report from a Report or from bare verdicts (the library's older `render(verdicts)` calls)."""
    if isinstance(verdicts, Report):
        return verdicts
    return Report(tuple(verdicts), dict(sources or {}))


def summary(verdicts) -> dict[str, int]:
    """Claims per verdict, in the order of VERDICTS, leaving out verdicts no claim has."""
    counts = Counter(v.verdict for v in verdicts)
    return {k: counts[k] for k in VERDICTS if counts[k]}


def summary_line(report: Report) -> str:
    """'11 claims: 5 supported, 1 partial, ...', and how many the baseline accepts."""
    total = len(report.verdicts)
    parts = ", ".join(f"{n} {k}" for k, n in summary(report.verdicts).items()) or "nothing to check"
    line = f"{total} claim{'s' if total != 1 else ''}: {parts}"
    accepted = sum(report.is_accepted(v) for v in report.verdicts)
    if accepted:
        line += f" ({accepted} accepted)"
    return line


def location(v: Verdict) -> str:
    c = v.claim
    if c.line and c.column:
        return f"{c.file}:{c.line}:{c.column}"
    return f"{c.file}:{c.line}" if c.line else c.file


def relative_path(path: str) -> str:
    """A file as a path relative to the working directory with forward slashes (what CI tools
    resolve against the checkout); a URL or a path outside it as given."""
    if "://" in path:
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path.replace(os.sep, "/") if rel.startswith("..") else rel.replace(os.sep, "/")


def one_line(text: str, width: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def message(v: Verdict) -> str:
    """One line on what is wrong with a claim: its verdict, why, and the claim."""
    why = v.reason or HELP.get(v.verdict, "")
    return f"{v.verdict}: {one_line(why, 300)} (claim: {one_line(v.claim.text, 160)})"
