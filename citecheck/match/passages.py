"""Passages of a source and how much each is *about* a claim.

Aboutness (0..1) is the share of the claim's words found in a passage, each word weighed by how
rare it is in the source (IDF over the source's sentences), blended with a rapidfuzz token-set
similarity for word forms the stemmer misses. A passage is one sentence or two adjacent ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from citecheck.match.prepare import PreparedClaim, PreparedSource, tokens
from citecheck.model import Evidence, Figure

# Two adjacent sentences count a little less than one that says it all.
PAIR_DISCOUNT = 0.95
# The words next to a figure ("three generations of a family") count, a little less than the whole claim.
LOCAL_WEIGHT = 0.95
LOCAL_CHARS = 60
# Web pages break one statement over several short lines: a wider window, discounted more.
WIDE_SENTENCES = 2
WIDE_DISCOUNT = 0.85


@dataclass(frozen=True)
class Context:
    """The best passage around one sentence: sentences first..last, and how much it is about the claim."""

    first: int
    last: int
    about: float
    figures: tuple[Figure, ...]
    start: int  # span in the normalised source text
    end: int


def aboutness(claim: PreparedClaim, source: PreparedSource, stems: frozenset[str]) -> float:
    if not claim.stems:
        return 0.0
    total = sum(source.weight(t) for t in claim.stems)
    hit = sum(source.weight(t) for t in claim.stems if t in stems)
    coverage = hit / total if total else 0.0
    ratio = fuzz.token_set_ratio(" ".join(claim.stems), " ".join(sorted(stems))) / 100.0
    return 0.8 * coverage + 0.2 * ratio


def contexts(claim: PreparedClaim, source: PreparedSource) -> list[Context]:
    """contexts[i] is the best passage around sentence i: itself, or it with a neighbour."""
    ps = source.passages
    single = [aboutness(claim, source, p.stems) for p in ps]
    out = []
    for i in range(len(ps)):
        best = (single[i], i, i)
        for j, k in ((i - 1, i), (i, i + 1)):
            if 0 <= j and k < len(ps):
                a = PAIR_DISCOUNT * aboutness(claim, source, ps[j].stems | ps[k].stems)
                if a > best[0] + 0.05:
                    best = (a, j, k)
        a, j, k = best
        out.append(Context(j, k, a, tuple(f for q in ps[j:k + 1] for f in q.figures),
                           ps[j].span.start, ps[k].span.end))
    return out


def stems_of(source: PreparedSource, first: int, last: int) -> frozenset[str]:
    return frozenset().union(*(q.stems for q in source.passages[first:last + 1]))


def wide_about(claim: PreparedClaim, source: PreparedSource, i: int) -> float:
    lo, hi = max(0, i - WIDE_SENTENCES), min(len(source.passages) - 1, i + WIDE_SENTENCES)
    return WIDE_DISCOUNT * aboutness(claim, source, stems_of(source, lo, hi))


def local_stems(claim: PreparedClaim, fig: Figure) -> tuple[str, ...]:
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


def local_about(local: tuple[str, ...], source: PreparedSource, c: Context) -> float:
    if len(local) < 2:
        return 0.0
    stems = stems_of(source, c.first, c.last)
    total = sum(source.weight(t) for t in local)
    return sum(source.weight(t) for t in local if t in stems) / total if total else 0.0


def evidence_of(source: PreparedSource, c: Context) -> Evidence:
    s, e = source.norm.span(c.start, c.end)
    return Evidence(url=source.url, quote=source.norm.original[s:e], start=s, end=e)


def missing_stems(claim: PreparedClaim, source: PreparedSource, c: Context) -> tuple[str, ...]:
    stems = stems_of(source, c.first, c.last)
    return tuple(t for t in claim.stems if t not in stems)
