"""The data that flows through the pipeline: article -> claims -> sources -> matches -> report.

Every stage takes and returns these small frozen dataclasses, so a stage can be tested, cached or
run on another core without knowing about the others. The ones a page holds by the hundred thousand
(Figure, Evidence, FigureVerdict) have slots: no per-instance __dict__ (a Figure took about 650
bytes with one, 200 without).
"""

from __future__ import annotations

from dataclasses import dataclass, field


# Claim verdicts, best first. Figure verdicts use the first four and "unsupported".
SUPPORTED = "supported"
PARTIAL = "partial"
CONTRADICTED = "contradicted"
UNSUPPORTED = "unsupported"
UNREACHABLE = "unreachable"
UNSOURCED = "unsourced"
IGNORED = "ignored"
MISQUOTED = "misquoted"
VERDICTS = (SUPPORTED, PARTIAL, CONTRADICTED, MISQUOTED, UNSUPPORTED, UNREACHABLE, UNSOURCED, IGNORED)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure as written in a text, and the interval of values it stands for.

    `low`..`high` is what the writing commits to: "2.6 million" is 2.55e6..2.65e6, "more than 5"
    is 5..inf, "80,000-120,000" is 80000..120000. `value` is the nominal value (a range's
    midpoint is not meaningful, so ranges keep `value` as their low end and set `is_range`).
    """

    text: str
    start: int
    end: int
    kind: str  # count | percent | points | money | year | date | ordinal
    value: float
    low: float
    high: float
    unit: str = ""  # currency code for money ("USD"), "%" for percent, "" otherwise
    is_range: bool = False
    bound: str = ""  # "" | "min" (more than, at least) | "max" (less than, up to)
    approx: bool = False  # hedged: about, around, roughly, some ...
    vague: bool = False  # "hundreds of", "dozens of": a loose lower bound only
    high_value: float | None = None  # the upper end of a range as written
    # Half the unit of the last digit written, before any hedge or bound: 50,000 for "2.6 million" and for
    # "more than 2.6 million"; 0 for exact digits ("117", "2,640,000").
    tolerance: float = 0.0
    # A date the page's own date completes ("May 7", "Monday" on a page of 10 May 2018): the date it
    # stands for (yyyymmdd, as `value`), and the page date (ISO) it was reckoned from.
    anchored: float | None = None
    anchor: str = ""
    # A span of time as written (see citecheck.figures.compare.span_years): "since" for a date that opens a
    # period running to the page's date ("since 2019"); "duration" for a length of time ("in six years",
    # "for three decades"); "later" for one counted from another date of the passage ("a decade later");
    # "ago" for one counted back from the page's date ("six years ago"). "" for anything else.
    span: str = ""
    # The side of a comparison the figure stands on: "from" for the earlier or reference value ("down from
    # 25% in 2022": both 25% and 2022), "to" for the value reached ("rose to 30%"); "" when none.
    side: str = ""

    def describe(self) -> str:
        return describe_figure(self)


def _fmt(x: float) -> str:
    if x == float("inf"):
        return "inf"
    if x == int(x) and abs(x) < 1e18:
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1e6 else f"{x:g}"


def describe_figure(f: Figure) -> str:
    """Human-readable value: '2,640,000 count', '80,000-120,000 count', '>= 5 %'."""
    unit = f.unit if f.kind in ("money", "percent") else f.kind
    if f.is_range and f.high_value is not None:
        val = f"{_fmt(f.value)}-{_fmt(f.high_value)}"
    elif f.bound == "min":
        val = f">= {_fmt(f.value)}"
    elif f.bound == "max":
        val = f"<= {_fmt(f.value)}"
    else:
        val = _fmt(f.value)
    if f.kind == "points":
        unit = "percentage points"
    return f"{val} {unit}".strip()


@dataclass(frozen=True)
class Claim:
    """One statement to check, where it came from, and the sources it cites."""

    id: str
    text: str
    sources: tuple[str, ...] = ()
    file: str = ""
    line: int | None = None
    status: str = ""  # "" to check; "ignored" with `note` as the reason
    note: str = ""
    quote: str = ""  # the words the claim quotes, checked almost verbatim ("..." marks a cut)
    column: int | None = None  # the column (from 1) of the claim's sentence in `file`, where the reader knows it
    # For a claim from a claims file, whose `file`/`line` are its place in the claims file: the article
    # and line it was taken from ("../article.md:5"), when the claims file says.
    article_location: str = ""


@dataclass(frozen=True)
class Source:
    """A cited source after fetching: its extracted text, or why it could not be read."""

    url: str
    text: str | None = None
    reason: str = ""  # set when text is None: "not found (404)", "timeout", ...
    content_type: str = ""
    final_url: str = ""
    # (offset, page number) for PDFs: the page a character offset falls on.
    pages: tuple[tuple[int, int], ...] = ()
    archived_from: str = ""  # original URL when the text comes from an archive snapshot
    archive_date: str = ""
    published: str = ""  # ISO date from the page's metadata, if it gives one

    @property
    def ok(self) -> bool:
        return self.text is not None

    def page_at(self, offset: int) -> int | None:
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage of a source: `quote == source.text[start:end]`."""

    url: str
    quote: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict:
        d = {"url": self.url, "quote": self.quote, "start": self.start, "end": self.end}
        if self.page is not None:
            d["page"] = self.page
        return d


@dataclass(frozen=True, slots=True)
class FigureVerdict:
    """What the sources say about one figure of a claim."""

    figure: Figure
    verdict: str
    evidence: Evidence | None = None
    source_figure: Figure | None = None
    note: str = ""


@dataclass(frozen=True)
class QuoteCheck:
    """How a source words a quote: the verdict, the source's span and a word-level diff."""

    quote: str
    verdict: str  # supported | misquoted | unsupported
    score: float  # word similarity of the quote and the source span, 0..1
    evidence: Evidence | None = None
    source_wording: str = ""  # the source's words for the quote, fragments joined by " ... "
    diff: str = ""  # "[-quote's words-] {+source's words+}"; "" when verbatim
    reason: str = ""

    def to_dict(self) -> dict:
        return {"text": self.quote, "verdict": self.verdict, "score": round(self.score, 3),
                "source_wording": self.source_wording, "diff": self.diff,
                "evidence": self.evidence.to_dict() if self.evidence else None}


@dataclass(frozen=True)
class Verdict:
    """The one verdict a claim ends with, and why."""

    claim: Claim
    verdict: str
    score: float = 0.0
    figures: tuple[FigureVerdict, ...] = ()
    evidence: Evidence | None = None
    reason: str = ""
    missing: tuple[str, ...] = field(default=())  # claim terms the evidence does not back
    quote: QuoteCheck | None = None  # for a claim with a quote: how the best source words it
