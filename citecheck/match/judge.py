"""One verdict per claim from what each of its sources says. Pure: no I/O."""

from __future__ import annotations

from dataclasses import replace

from citecheck.match.check import SourceCheck, check_prepared
from citecheck.match.prepare import PreparedSource, prepare_claim
from citecheck.match.quotes import QuoteCheck, check_quote
from citecheck.match.settings import DEFAULTS, Settings
from citecheck.model import (CONTRADICTED, IGNORED, MISQUOTED, PARTIAL, SUPPORTED, UNREACHABLE, UNSOURCED,
                             UNSUPPORTED, Claim, Evidence, FigureVerdict, Source, Verdict)

# Which figure verdict wins when sources disagree: any source that backs a figure backs it.
_FIGURE_RANK = {SUPPORTED: 0, CONTRADICTED: 1, UNSUPPORTED: 2}


def judge(claim: Claim, sources: list[tuple[Source, PreparedSource | None]],
          settings: Settings = DEFAULTS) -> Verdict:
    if claim.status == IGNORED:
        return Verdict(claim, IGNORED, 0.0, reason=claim.note or "ignored by a citecheck comment")
    if not claim.sources:
        return Verdict(claim, UNSOURCED, 0.0, reason="the claim cites no source")
    readable = [(s, p) for s, p in sources if s.ok and p is not None]
    if not readable:
        reasons = "; ".join(f"{s.url}: {s.reason}" for s, _ in sources) or "no source could be read"
        return Verdict(claim, UNREACHABLE, 0.0, reason=reasons)
    if claim.quote:
        return _judge_quote(claim, sources, readable, settings)
    pc = prepare_claim(claim.text)
    checks = [with_pages(check_prepared(pc, p, settings), s) for s, p in readable]
    # One source that backs the whole claim is enough; otherwise the most telling source speaks:
    # a contradiction by a cited source is shown before a partial match elsewhere.
    best = max(checks, key=lambda c: (_SOURCE_RANK.get(c.verdict, 0), c.score))
    verdict, reason, score, figures = best.verdict, best.reason, best.score, best.figures
    if verdict != SUPPORTED and len(checks) > 1 and pc.figures:
        merged = tuple(min((c.figures[i] for c in checks), key=lambda fv: _FIGURE_RANK.get(fv.verdict, 3))
                       for i in range(len(best.figures)))
        if merged and all(f.verdict == SUPPORTED for f in merged):
            verdict, figures = PARTIAL, merged
            score = min(score, 0.49) if score >= 0.5 else score
            reason = "each figure stands in one of the cited sources, but no one source backs the whole claim"
    unread = [s for s, _ in sources if not s.ok]
    if unread:
        reason += "; unreachable: " + ", ".join(f"{s.url} ({s.reason})" for s in unread)
    return Verdict(claim, verdict, score, tuple(figures), best.evidence, reason, best.missing)


# Which single-source verdict speaks for a claim with several sources.
_SOURCE_RANK = {SUPPORTED: 4, CONTRADICTED: 3, PARTIAL: 2, UNSUPPORTED: 1}


# How bad a verdict is, for a claim with a quote and figures: the worse of the two verdicts stands.
_SEVERITY = {SUPPORTED: 0, PARTIAL: 1, MISQUOTED: 2, UNSUPPORTED: 3, CONTRADICTED: 4}
_QUOTE_RANK = {SUPPORTED: 2, MISQUOTED: 1, UNSUPPORTED: 0}


def _judge_quote(claim: Claim, sources, readable, settings: Settings) -> Verdict:
    """A claim that quotes someone: the quote is checked almost verbatim against each readable source
    (the best source wins); if the claim also has figures, they are checked as usual and the worse
    of the two verdicts stands."""
    checks = [_quote_with_page(check_quote(claim.quote, s.text or "", s.url), s) for s, _ in readable]
    best = max(checks, key=lambda q: (_QUOTE_RANK.get(q.verdict, 0), q.score))
    unread = [s for s, _ in sources if not s.ok]
    note = ("; unreachable: " + ", ".join(f"{s.url} ({s.reason})" for s in unread)) if unread else ""
    quote_verdict = Verdict(claim, best.verdict, best.score, (), best.evidence, best.reason + note, quote=best)
    if not prepare_claim(claim.text).figures:
        return quote_verdict
    fig = judge(replace(claim, quote=""), sources, settings)
    worse = max((quote_verdict, fig), key=lambda v: _SEVERITY.get(v.verdict, 3))
    reason = f"quote {best.verdict}: {best.reason}; figures {fig.verdict}: {fig.reason}"
    evidence = worse.evidence or quote_verdict.evidence or fig.evidence
    return Verdict(claim, worse.verdict, min(quote_verdict.score, fig.score), fig.figures, evidence, reason,
                   fig.missing, quote=best)


def _paged(ev: Evidence | None, source: Source) -> Evidence | None:
    """PDF evidence names its page, and its URL points at it (#page=N)."""
    page = source.page_at(ev.start) if ev is not None and source.pages else None
    if page is None:
        return ev
    return replace(ev, page=page, url=f"{ev.url.split('#')[0]}#page={page}")


def _quote_with_page(q: QuoteCheck, source: Source) -> QuoteCheck:
    return replace(q, evidence=_paged(q.evidence, source))


def with_pages(c: SourceCheck, source: Source) -> SourceCheck:
    """`c` with each piece of evidence from a PDF naming its page."""
    if not source.pages:
        return c
    figs = tuple(replace(f, evidence=_paged(f.evidence, source)) for f in c.figures)
    return replace(c, evidence=_paged(c.evidence, source), figures=figs)


__all__ = ["judge", "with_pages"]
