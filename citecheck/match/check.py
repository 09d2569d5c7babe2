"""Check one claim against one source text: a pure function, no I/O.

For each figure of the claim: where does the source give the same value (by `figures.compare`),
and is that passage about the same thing as the claim (the claim's words found there, weighed by
how rare they are in the source)? If the passage most about the claim gives another value of the
same kind instead, the figure is contradicted, and the source's figure is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from citecheck.figures import Relation, compare
from citecheck.match.prepare import PreparedClaim, PreparedSource, prepare_claim, prepare_source, tokens
from citecheck.match.settings import DEFAULTS, Settings
from citecheck.model import (CONTRADICTED, PARTIAL, SUPPORTED, UNSUPPORTED, Evidence, Figure,
                             FigureVerdict)


@dataclass(frozen=True)
class SourceCheck:
    """What one source says about one claim."""

    verdict: str
    score: float
    figures: tuple[FigureVerdict, ...]
    evidence: Evidence | None
    reason: str = ""
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Scored:
    """A passage (one sentence, or two adjacent ones) and how much it is about the claim (0..1)."""

    first: int  # index of its first sentence
    last: int  # index of its last sentence
    about: float
    figures: tuple[Figure, ...]
    start: int  # span in the normalised source text
    end: int


# Two adjacent sentences count a little less than one that says it all.
PAIR_DISCOUNT = 0.95
# The words next to a figure ("three generations of a family") count, a little less than the whole claim.
LOCAL_WEIGHT = 0.95
LOCAL_CHARS = 60
# How much better (0..200) the words around a differing figure must fit the claim to take its slot.
SLOT_MARGIN = 40


def check_text(claim: str, source_text: str, url: str = "", settings: Settings = DEFAULTS) -> SourceCheck:
    """Check `claim` against `source_text`; evidence offsets index `source_text`."""
    return check_prepared(prepare_claim(claim), prepare_source(source_text, url), settings)


def check_prepared(claim: PreparedClaim, source: PreparedSource, settings: Settings = DEFAULTS) -> SourceCheck:
    contexts = _contexts(claim, source)
    figures = _checked(claim)
    if not contexts:
        return SourceCheck(UNSUPPORTED, 0.0, tuple(FigureVerdict(f, UNSUPPORTED, note="the source has no text")
                                                   for f in figures), None, "the source has no text")
    best = max(contexts, key=lambda s: s.about)
    if not figures:
        return _require_labels(claim, source, _check_words_only(claim, source, best, settings), best)
    used: set[tuple[int, int]] = set()
    verdicts = []
    for fig in figures:
        fv = _check_figure(fig, claim, source, contexts, best, used, settings)
        verdicts.append(fv)
        if fv.source_figure is not None and fv.verdict == SUPPORTED:
            used.add((fv.source_figure.start, fv.source_figure.end))
    return _require_labels(claim, source, _combine(claim, source, verdicts, best, contexts, settings), best)


def _require_labels(claim: PreparedClaim, source: PreparedSource, result: SourceCheck, best: _Scored) -> SourceCheck:
    """A supported claim must also name what the source names: "Rule 351" is not backed by "Rule 153"."""
    if result.verdict != SUPPORTED or not claim.labels:
        return result
    ev = result.evidence
    span = (ev.start, ev.end) if ev else source.norm.span(best.start, best.end)
    numbers = set(re.findall(r"\d+(?:\.\d+)?", source.norm.original[span[0]:span[1]]))
    missing = [n for n in claim.labels if n not in numbers]
    if not missing:
        return result
    verdict = PARTIAL if claim.figures else UNSUPPORTED
    return replace(result, verdict=verdict, score=round(result.score * 0.5, 3),
                   reason=f"the passage does not name {', '.join(missing)} as the claim does")


def _contexts(claim: PreparedClaim, source: PreparedSource) -> list[_Scored]:
    """For each sentence, the best passage around it: itself, or it with the one before or after."""
    ps = source.passages
    single = [_aboutness(claim, source, p.stems) for p in ps]
    out = []
    for i, p in enumerate(ps):
        best = (single[i], i, i)
        for j, k in ((i - 1, i), (i, i + 1)):
            if 0 <= j and k < len(ps):
                a = PAIR_DISCOUNT * _aboutness(claim, source, ps[j].stems | ps[k].stems)
                if a > best[0] + 0.05:
                    best = (a, j, k)
        a, j, k = best
        out.append(_Scored(j, k, a, tuple(f for q in ps[j:k + 1] for f in q.figures),
                           ps[j].span.start, ps[k].span.end))
    return out


def _checked(claim: PreparedClaim) -> tuple[Figure, ...]:
    return tuple(f for f in claim.figures if f.kind != "ordinal" or len(claim.figures) == 1)


def _aboutness(claim: PreparedClaim, source: PreparedSource, stems: frozenset[str]) -> float:
    if not claim.stems:
        return 0.0
    total = sum(source.weight(t) for t in claim.stems)
    hit = sum(source.weight(t) for t in claim.stems if t in stems)
    coverage = hit / total if total else 0.0
    # Near spellings and word forms the stemmer misses: rapidfuzz on the words of both.
    ratio = fuzz.token_set_ratio(" ".join(claim.stems), " ".join(sorted(stems))) / 100.0
    return 0.8 * coverage + 0.2 * ratio


def _evidence(source: PreparedSource, p: _Scored) -> Evidence:
    s, e = source.norm.span(p.start, p.end)
    return Evidence(url=source.url, quote=source.norm.original[s:e], start=s, end=e)


def _check_figure(fig: Figure, claim: PreparedClaim, source: PreparedSource, contexts: list[_Scored],
                  best: _Scored, used: set[tuple[int, int]], settings: Settings) -> FigureVerdict:
    support: tuple[_Scored, Figure] | None = None
    support_about = 0.0
    inside: tuple[_Scored, Figure] | None = None
    local = _local_stems(claim, fig)
    for i, s in enumerate(contexts):  # contexts[i] is built around sentence i
        for g in source.passages[i].figures:
            if (g.start, g.end) in used:
                continue
            rel = compare(fig, g)
            if rel is Relation.MATCH:
                if _slot_taken(fig, claim, source, s, g, used):
                    continue
                # About the claim as a whole, or about what the claim says next to this figure.
                about = max(s.about, LOCAL_WEIGHT * _local_about(local, source, s))
                if support is None or about > support_about:
                    support, support_about = (s, g), about
            elif rel is Relation.INSIDE and (inside is None or s.about > inside[0].about):
                inside = (s, g)
    if support and support_about >= settings.about_threshold \
            and support_about >= best.about - settings.contradiction_margin:
        s, g = support
        return FigureVerdict(fig, SUPPORTED, _evidence(source, s), g)
    # The passage most about the claim: does it give another value of the same kind?
    contra = _differing_figure(fig, claim, source, best, used)
    if contra is not None and best.about >= settings.contradiction_threshold:
        if compare(fig, contra) is Relation.INSIDE:
            return FigureVerdict(fig, UNSUPPORTED, _evidence(source, best), contra,
                                 note=f"the source gives {contra.text}, not {fig.text} alone")
        return FigureVerdict(fig, CONTRADICTED, _evidence(source, best), contra, note=f"source says {contra.text}")
    if inside and inside[0].about >= settings.about_threshold:
        s, g = inside
        return FigureVerdict(fig, UNSUPPORTED, _evidence(source, s), g,
                             note=f"the source gives {g.text}, not {fig.text} alone")
    if support:
        s, g = support
        return FigureVerdict(fig, UNSUPPORTED, _evidence(source, s), g,
                             note="the figure stands in the source, but in a passage about something else")
    return FigureVerdict(fig, UNSUPPORTED, None, None, note="the source does not give this figure")


def _slot_taken(fig: Figure, claim: PreparedClaim, source: PreparedSource, s: _Scored, g: Figure,
                used: set[tuple[int, int]]) -> bool:
    """Does another value of the same kind stand where the claim's figure stands, in this passage?

    "We know the 2020 campaign just ended" must not be backed by a "2020 season" in the line before
    when the passage itself says "the 2019 campaign just ended".
    """
    mine = _slot_similarity(claim, fig, source, g)
    for d in s.figures:
        if d is g or (d.start, d.end) in used:
            continue
        if compare(fig, d) in (Relation.DIFFERS, Relation.INSIDE) \
                and _slot_similarity(claim, fig, source, d) > mine + SLOT_MARGIN:
            return True
    return False


def _local_stems(claim: PreparedClaim, fig: Figure) -> tuple[str, ...]:
    """The claim's words in the clause around a figure: what that figure counts."""
    text = claim.norm.text
    lo = max(text.rfind(sep, 0, fig.start) for sep in (",", ";", ":", "(", ")", " - ", "\n")) + 1
    his = [i for i in (text.find(sep, fig.end) for sep in (",", ";", ":", "(", ")", " - ")) if i >= 0]
    hi = min(his) if his else len(text)
    lo, hi = max(lo, fig.start - LOCAL_CHARS), min(hi, fig.end + LOCAL_CHARS)
    words = tokens(_blank_figures(text, claim.figures, lo, hi))
    if len(set(words)) < 3:  # a short clause ("In its February 2014 report,"): take the words around it
        lo, hi = max(0, fig.start - LOCAL_CHARS), min(len(text), fig.end + LOCAL_CHARS)
        words = tokens(_blank_figures(text, claim.figures, lo, hi))
    return tuple(dict.fromkeys(w for w in words if w in claim.stems))


def _blank_figures(text: str, figures: tuple[Figure, ...], lo: int, hi: int) -> str:
    chars = list(text[lo:hi])
    for f in figures:
        for i in range(max(f.start, lo), min(f.end, hi)):
            chars[i - lo] = " "
    return "".join(chars)


def _local_about(local: tuple[str, ...], source: PreparedSource, s: _Scored) -> float:
    if len(local) < 2:
        return 0.0
    stems = frozenset().union(*(q.stems for q in source.passages[s.first:s.last + 1]))
    total = sum(source.weight(t) for t in local)
    return sum(source.weight(t) for t in local if t in stems) / total if total else 0.0


def _differing_figure(fig: Figure, claim: PreparedClaim, source: PreparedSource, p: _Scored,
                      used: set[tuple[int, int]]) -> Figure | None:
    """The figure of passage `p` that stands where the claim's figure stands, if it differs."""
    candidates, matches = [], []
    for g in p.figures:
        if (g.start, g.end) in used:
            continue
        rel = compare(fig, g)
        if rel in (Relation.DIFFERS, Relation.INSIDE):
            candidates.append(g)
        elif rel is Relation.MATCH:
            matches.append(g)
    if not candidates:
        return None
    best = max(candidates, key=lambda g: _slot_similarity(claim, fig, source, g))
    if matches and max(_slot_similarity(claim, fig, source, m) for m in matches) \
            >= _slot_similarity(claim, fig, source, best) - SLOT_MARGIN:
        return None  # the passage also gives the claim's value, in a place as fitting
    return best


def _slot_similarity(claim: PreparedClaim, fig: Figure, source: PreparedSource, g: Figure) -> float:
    """How alike the words around the claim's figure and the source's figure are."""
    ct, st = claim.norm.text, source.norm.text
    before_c, after_c = ct[max(0, fig.start - 25):fig.start], ct[fig.end:fig.end + 25]
    before_s, after_s = st[max(0, g.start - 25):g.start], st[g.end:g.end + 25]
    return fuzz.ratio(before_c, before_s) + fuzz.ratio(after_c, after_s)


def _missing(claim: PreparedClaim, source: PreparedSource, p: _Scored) -> tuple[str, ...]:
    stems = frozenset().union(*(q.stems for q in source.passages[p.first:p.last + 1]))
    return tuple(t for t in claim.stems if t not in stems)


def _check_words_only(claim: PreparedClaim, source: PreparedSource, best: _Scored, settings: Settings) -> SourceCheck:
    ev = _evidence(source, best)
    missing = _missing(claim, source, best)
    if best.about >= settings.words_threshold:
        return SourceCheck(SUPPORTED, round(best.about, 3), (), ev, "the claim's words stand in the source", missing)
    return SourceCheck(UNSUPPORTED, round(best.about, 3), (), ev, "no passage of the source says this", missing)


def _combine(claim: PreparedClaim, source: PreparedSource, verdicts: list[FigureVerdict], best: _Scored,
             contexts: list[_Scored], settings: Settings) -> SourceCheck:
    n = len(verdicts)
    ok = [v for v in verdicts if v.verdict == SUPPORTED]
    contra = [v for v in verdicts if v.verdict == CONTRADICTED]
    evidence = ok[0].evidence if ok else (contra[0].evidence if contra else _evidence(source, best))
    # A contradicted figure outweighs the others: an editor must see it, and --fail-on must catch it.
    if len(ok) == n:
        verdict, reason = SUPPORTED, "every figure stands in the source, in a passage about the claim"
    elif contra:
        verdict = CONTRADICTED
        reason = "; ".join(f"{v.figure.text}: {v.note}" for v in contra)
    elif ok:
        verdict = PARTIAL
        reason = "not backed: " + ", ".join(f"{v.figure.text} ({v.note})" for v in verdicts if v.verdict != SUPPORTED)
    else:
        verdict = UNSUPPORTED
        reason = verdicts[0].note if n == 1 else "no figure of the claim stands in the source"
    # Score: the share of figures backed, each weighed by how much its passage is about the claim.
    about = {source.norm.span(c.start, c.end): c.about for c in contexts}
    score = sum(0.5 + 0.5 * min(1.0, about.get((v.evidence.start, v.evidence.end), 0.0))
                for v in ok if v.evidence) / n
    return SourceCheck(verdict, round(score, 3), tuple(verdicts), evidence, reason, _missing(claim, source, best))
