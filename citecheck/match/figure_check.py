"""The verdict on one figure of a claim against one source: supported, contradicted or unsupported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import repeat
from dataclasses import replace

from rapidfuzz import fuzz

from citecheck.figures import Relation, compare, compare_spans, span_years, years_between
from citecheck.figures.anchor import relative_phrases
from citecheck.figures.show import fmt_date
from citecheck.match.passages import (LOCAL_WEIGHT, Context, ContextTable, beaten, by_bound, evidence_of, local_about,
                                      local_stems, wide_about)
from citecheck.match.index import FigureIndex
from citecheck.match.prepare import PreparedClaim, PreparedSource
from citecheck.match.settings import Settings
from citecheck.model import CONTRADICTED, SUPPORTED, UNSUPPORTED, Figure, FigureVerdict

# How much better (0..200) the words around a differing figure must fit the claim to take its slot.
SLOT_MARGIN = 40


def check_figure(fig: Figure, claim: PreparedClaim, source: PreparedSource, contexts: ContextTable,
                 best: Context, used: set[tuple[int, int]], settings: Settings) -> tuple[FigureVerdict, float]:
    """The figure's verdict, and how much the passage that backs it is about the claim (0 if none)."""
    if not claim.about_publication:
        used = used | source.dateline  # the page's own date neither backs nor contradicts an event's
    support: tuple[Context, Figure] | None = None
    support_about = 0.0
    insides: list[tuple[int, int, Figure]] = []  # figures that hold the claim's: (order, sentence, figure)
    dated: tuple[Context, Figure] | None = None  # a match only once the page's date completes it
    local = local_stems(claim, fig)
    against = _Against(fig, claim, source)
    # The passage most about the claim: does it give another value of the same kind?
    contra = _differing_figure(against, best, used)
    contested = contra is not None and best.about >= settings.contradiction_threshold
    # Every figure of the source, sentence by sentence, or (from the index) those that may back or hold
    # this one: the others compare as DIFFERS or INCOMPARABLE, which this loop passes over.
    index = source.figure_index
    if settings.exhaustive:
        refs = ((order, index.sentences[order], 0.0) for order in index.all())
    else:
        # The candidates most about the claim first: once a backing figure is found that nothing left
        # can beat (its passage is at least as much about the claim as any other's can be), the
        # figure is supported and the rest need not be compared at all. A large source gives a
        # year or a bound thousands of candidates.
        near = index.candidate_orders(fig, near=True)
        sentences = index.sentences_of(near)
        refs = _by_bound(near, sentences, contexts.bounds(sentences, local)) if len(near) else ()
    support_order = -1
    dated_order = -1
    for order, i, bound in refs:
        # Settled: no figure from here on can back this one better than the one found (its bound says so).
        settled = support is not None and not settings.exhaustive and beaten(bound, order, support_about, support_order)
        if settled and _backs(support_about, best, settings):
            break
        g = index.figure(order)
        if (g.start, g.end) in used or not same_side(fig, g):
            continue
        rel = against.rel(g)
        if rel is Relation.INSIDE and _year_written_before(fig, g, source, i):
            rel = Relation.MATCH  # "In 2020 ... On March 5": the year stands a line or a heading above
        if rel is Relation.INSIDE:
            insides.append((order, i, g))  # only wanted if nothing better turns up: scored then
            continue
        if rel is not Relation.MATCH:
            continue
        # A match that cannot beat the one found is not scored. (One found that does not back the figure
        # leaves the search going on, for the figures that hold it or that the page's date completes.)
        if g.anchored is None and settled:
            continue
        if g.anchored is not None and dated is not None and not settings.exhaustive \
                and beaten(bound, order, dated[0].about, dated_order):
            continue
        c = contexts[i]  # contexts[i] is built around sentence i
        if g.anchored is not None:
            if not _written_date_differs(fig, source.figure_index.figures_in(i)) and (
                    dated is None or c.about > dated[0].about or (c.about == dated[0].about and order < dated_order)):
                dated, dated_order = (c, g), order
        else:
            if _slot_taken(against, c, g, used):
                continue
            # About the claim as a whole, about what the claim says next to this figure, or
            # about the claim over a few lines around it.
            about = max(c.about, LOCAL_WEIGHT * local_about(local, source, c))
            if about < settings.about_threshold and not contested:
                about = max(about, wide_about(claim, source, i))
            # The most about the claim wins; of equals, the first in the text.
            if support is None or about > support_about or (about == support_about and order < support_order):
                support, support_about, support_order = (c, g), about, order
    if support and _backs(support_about, best, settings):
        c, g = support
        return FigureVerdict(fig, SUPPORTED, evidence_of(source, c), g), support_about
    # [issue 10] A span of time ("in six years") backed by another way of writing it ("since 2019"
    # on a page of 2025), counted from the page's date.
    spanned = _span_verdict(fig, claim, source, contexts, best, used, settings)
    if spanned is not None:
        return spanned
    # A date reckoned from the page's is weaker evidence than one written out: its passage must be
    # about the claim as a whole, as the claim's best passage must.
    if dated and dated[0].about >= settings.claim_about_threshold \
            and dated[0].about >= best.about - settings.contradiction_margin \
            and not (contested and against.rel(contra) is Relation.DIFFERS):
        c, g = dated
        return FigureVerdict(fig, SUPPORTED, evidence_of(source, c), g, note=_dated_note(g)), c.about
    if contested and fig.kind == "date" and not source.page_dates:
        # "won the cup this year, building on 2018": the passage dates the claim's event only
        # relative to a day the page does not give. Not a contradiction.
        relative = _relative_in_slot(fig, claim, source, best, contra)
        if relative:
            return FigureVerdict(fig, UNSUPPORTED, evidence_of(source, best), None,
                                 note=f"the source says \u201c{relative}\u201d and gives no date to count from"), 0.0
    if contested:
        if against.rel(contra) is Relation.INSIDE:
            return FigureVerdict(fig, UNSUPPORTED, evidence_of(source, best), contra,
                                 note=f"the source gives {contra.text}, not {fig.text} alone"), 0.0
        return FigureVerdict(fig, CONTRADICTED, evidence_of(source, best), contra,
                             note=f"source says {contra.text}"), 0.0
    if settings.exhaustive:
        insides.sort(key=lambda x: x[0])
        inside = _most_about(insides, contexts, exhaustive=True)
    else:
        # Values far beyond a bound, and a source's bounds, ranges and vague figures against a single
        # value, were left out above: they can only hold the claim's figure. Compared only as the
        # search for the one most about the claim reaches them (a page may give thousands).
        def holds(g: Figure) -> bool:
            # (A bound's far values were never asked to stand on the same side; the others were.)
            return (g.start, g.end) not in used and (fig.bound or same_side(fig, g)) and compare(fig, g) is Relation.INSIDE

        inside = _most_about(insides, contexts, index=index, more=index.held_only(fig, near), holds=holds)
    if inside and inside[0].about >= settings.about_threshold:
        c, g = inside
        return FigureVerdict(fig, UNSUPPORTED, evidence_of(source, c), g,
                             note=f"the source gives {g.text}, not {fig.text} alone"), 0.0
    if support:
        c, g = support
        return FigureVerdict(fig, UNSUPPORTED, evidence_of(source, c), g,
                             note="the figure stands in the source, but in a passage about something else"), 0.0
    return FigureVerdict(fig, UNSUPPORTED, None, None, note="the source does not give this figure"), 0.0


def _by_bound(orders, sentences, bounds) -> Iterator[tuple[int, int, float]]:
    """(order, sentence, bound) for the figures of `orders` (in text order; of `sentences`), by descending
    bound of their sentence, then in text order (a stable sort). Numpy arrays, not a heap of tuples: a
    repetitive page near the size cap makes every one of its 300,000 sentences a candidate, and the search
    mostly stops after a few."""
    if len(orders) == 1:  # a figure of a small page has mostly one candidate, or none: no sort
        yield orders.item(), sentences.item(), bounds.item()
        return
    for part in by_bound(bounds):
        yield from zip(orders[part].tolist(), sentences[part].tolist(), bounds[part].tolist())


def _backs(about: float, best: Context, settings: Settings) -> bool:
    """Is a figure in a passage this much about the claim its backing?"""
    return about >= settings.about_threshold and about >= best.about - settings.contradiction_margin


def same_side(fig: Figure, g: Figure) -> bool:
    """A figure on the "from" side of a comparison in the claim ("down from 25% in 2022") is backed only
    by one on the same side in the source: a 25% or a 2022 said of something else backs nothing."""
    return fig.side != "from" or g.side == "from"


# How many sentences back (a heading is a sentence) the year of a date written without one may stand.
YEAR_REACH = 3


def _year_written_before(fig: Figure, g: Figure, source: PreparedSource, i: int) -> bool:
    """Is the source's yearless date `g` (sentence i) the claim's day, in the year written last before it?"""
    if fig.kind != "date" or g.kind != "date" or g.anchored is not None or fig.is_range or g.is_range:
        return False
    whole, day = int(fig.value), int(g.value)
    if whole // 10000 == 0 or day // 10000 != 0 or day != whole % 10000:
        return False
    for j in range(i, max(-1, i - YEAR_REACH - 1), -1):
        for d in reversed(source.figure_index.figures_in(j)):
            if j == i and d.start >= g.start:
                continue
            if d.kind == "date" and d.anchored is None and not d.span and not d.is_range and int(d.value) // 10000:
                return int(d.value) // 10000 == whole // 10000
    return False


def _page_dates(source: PreparedSource) -> tuple[dt.date | None, ...]:
    key = "page_dates"
    if key not in source.memo:
        dates = []
        for iso in source.page_dates:
            try:
                dates.append(dt.date.fromisoformat(iso))
            except ValueError:
                continue
        source.memo[key] = tuple(dates) or (None,)
    return source.memo[key]


def _source_spans(source: PreparedSource) -> list[tuple[int, Figure]]:
    """The source's spans of time, (sentence, figure), found once per source."""
    key = "spans"
    if key not in source.memo:
        index = source.figure_index
        source.memo[key] = [(index.sentences[o], index.figure(o))
                            for o in index.figures.orders_where(lambda shape: bool(shape.span))]
    return source.memo[key]


def _span_verdict(fig: Figure, claim: PreparedClaim, source: PreparedSource, contexts: ContextTable,
                  best: Context, used: set[tuple[int, int]], settings: Settings) -> tuple[FigureVerdict, float] | None:
    """The claim's span of years against the source's spans, each counted from a date of the page.

    Supported by a span that covers the same years in a passage about the claim; contradicted by one
    that does not, standing in the passage most about the claim; None when no span bears on it."""
    dates = _page_dates(source)
    if not fig.span or all(span_years(fig, d) is None for d in dates):
        return None
    support: tuple[Context, Figure, float] | None = None
    differs: Figure | None = None
    for i, g in _source_spans(source):
        if (g.start, g.end) in used:
            continue
        rels = {compare_spans(fig, g, d) for d in dates}
        if Relation.MATCH in rels:
            c = contexts[i]
            if support is None or c.about > support[2]:
                support = (c, g, c.about)
        elif Relation.DIFFERS in rels and best.first <= i <= best.last and differs is None:
            differs = g
    if support and support[2] >= settings.about_threshold and support[2] >= best.about - settings.contradiction_margin:
        c, g, about = support
        return FigureVerdict(fig, SUPPORTED, evidence_of(source, c), g, note=f"the source says \u201csince {g.text}\u201d{_span_note(g, dates)}" if g.span == "since"
                             else f"the source says {g.text}"), about
    between = _years_between_in(fig, source, best) if fig.span == "later" and best.about >= settings.claim_about_threshold else None
    if between is not None:
        a, b = between
        return FigureVerdict(fig, SUPPORTED, evidence_of(source, best), b,
                             note=f"the source gives {a.text} and {b.text}"), best.about
    if differs is not None and best.about >= settings.contradiction_threshold:
        return FigureVerdict(fig, CONTRADICTED, evidence_of(source, best), differs,
                             note=f"source says {'since ' if differs.span == 'since' else ''}{differs.text}{_span_note(differs, dates)}"), 0.0
    return None


def _years_between_in(fig: Figure, source: PreparedSource, c: Context) -> tuple[Figure, Figure] | None:
    """A year of passage `c` as far after a year written in it or in the sentences before it as the
    claim's span ("a decade later": "opened in 2010 ... In 2020 the council rebuilt it")."""
    reach = span_years(fig, None)
    if reach is None:
        return None

    def years(first: int, last: int) -> list[Figure]:
        return [g for j in range(first, last + 1) for g in source.figure_index.figures_in(j)
                if g.kind == "date" and not g.span and not g.is_range and g.anchored is None and int(g.value) // 10000]

    later = years(c.first, c.last)
    for a in years(max(0, c.first - YEAR_REACH), c.last):
        for b in later:
            n = years_between(a, b) if b.start > a.start else None
            if n is not None and reach[0] <= n <= reach[1]:
                return a, b
    return None


def _span_note(g: Figure, dates: tuple[dt.date | None, ...]) -> str:
    if g.span != "since" or dates[0] is None:
        return ""
    return f" (counted to the page's date, {dates[0].isoformat()})"


def _most_about(found: list[tuple[int, int, Figure]], contexts: ContextTable, exhaustive: bool = False,
                index: FigureIndex | None = None, more=None, holds=None) -> tuple[Context, Figure] | None:
    """The figure whose context is most about the claim (the first of equals, in text order).

    `found`: (order, sentence, figure), in text order if `exhaustive`; else they are sorted here, then
    scored in the order of their bound
    (ContextTable.bounds) and those that cannot beat the best found are not scored. `more`: orders
    of the index's figures that count too if `holds` them, asked only when the search reaches them."""
    if exhaustive:
        rows = [(*x, 0.0) for x in found]
    elif not found and (more is None or not len(more)):
        return None
    else:
        import numpy as np

        figures = {o: g for o, _, g in found}
        orders = np.array([o for o, _, _ in found], dtype=np.int64)
        sentences = np.array([i for _, i, _ in found], dtype=np.int64)
        if more is not None and len(more):
            orders = np.concatenate([orders, more])
            sentences = np.concatenate([sentences, index.sentences_of(more)])
        if len(orders) > 1:
            in_text = np.argsort(orders)  # text order, then (a stable sort) by descending bound
            orders, sentences = orders[in_text], sentences[in_text]
        bounds = contexts.bounds(sentences)
        by = np.argsort(-bounds, kind="stable")
        rows = zip(orders[by].tolist(), sentences[by].tolist(), repeat(None), bounds[by].tolist())
    best: tuple[Context, Figure] | None = None
    best_order = -1
    for order, i, g, bound in rows:
        # Beaten here, beaten for every one after: a figure not counted can stop the search too.
        if best is not None and not exhaustive and beaten(bound, order, best[0].about, best_order):
            break
        if g is None:
            g = figures.get(order)
            if g is None:
                g = index.figure(order)
                if not holds(g):
                    continue
        c = contexts[i]
        if best is None or c.about > best[0].about or (c.about == best[0].about and order < best_order):
            best, best_order = (c, g), order
    return best


def _relative_in_slot(fig: Figure, claim: PreparedClaim, source: PreparedSource, c: Context,
                      contra: Figure) -> str:
    """A relative date ("this year") of passage `c` that fits the claim's figure better than `contra`."""
    text = source.norm.text
    rival = _slot_similarity(claim, fig, source, contra)
    local = [replace(f, start=f.start - c.start, end=f.end - c.start) for f in c.figures]
    for s, e in relative_phrases(text[c.start:c.end], local):
        phrase = Figure(text=text[c.start + s:c.start + e], start=c.start + s, end=c.start + e, kind="date",
                        value=0.0, low=0.0, high=0.0)
        if _slot_similarity(claim, fig, source, phrase) > rival:
            return phrase.text
    return ""


def _written_date_differs(fig: Figure, figures: tuple[Figure, ...]) -> bool:
    """Does the sentence write out a year the claim's date does not have ("in 2017 ... on Monday")?"""
    if fig.kind != "date" or fig.is_range or not int(fig.value) // 10000:
        return False
    year = int(fig.value) // 10000
    # A span's opening year ("the first since 2019") dates no event of the sentence.
    return any(d.anchored is None and d.kind == "date" and not d.is_range and not d.span
               and int(d.value) // 10000 not in (0, year) for d in figures)


def _dated_note(g: Figure) -> str:
    return f"the source says \u201c{g.text}\u201d: {fmt_date(g.anchored or 0)}, reckoned from the page's date {g.anchor}"


def _slot_taken(against: "_Against", c: Context, g: Figure, used: set[tuple[int, int]]) -> bool:
    """Does another value of the same kind stand where the claim's figure stands, in this passage?

    "We know the 2020 campaign just ended" must not be backed by a "2020 season" in the line before
    when the passage itself says "the 2019 campaign just ended".
    """
    mine = against.sim(g)
    for d in c.figures:
        if d == g or (d.start, d.end) in used:  # == : figures may be made anew when they are asked for
            continue
        if against.rel(d) in (Relation.DIFFERS, Relation.INSIDE) and against.sim(d) > mine + SLOT_MARGIN:
            return True
    return False


def _differing_figure(against: "_Against", c: Context, used: set[tuple[int, int]]) -> Figure | None:
    """The figure of passage `c` that stands where the claim's figure stands, if it differs."""
    candidates, matches = [], []
    for g in c.figures:
        if (g.start, g.end) in used:
            continue
        rel = against.rel(g)
        if rel in (Relation.DIFFERS, Relation.INSIDE):
            candidates.append(g)
        elif rel is Relation.MATCH:
            matches.append(g)
    if not candidates:
        return None
    sims = {id(g): against.sim(g) for g in candidates}
    best = max(candidates, key=lambda g: sims[id(g)])
    if matches and max(against.sim(m) for m in matches) >= sims[id(best)] - SLOT_MARGIN:
        return None  # the passage also gives the claim's value, in a place as fitting
    # A value consistent with the claim's ("in October" for "October 2018") in a place as fitting
    # makes the passage vague about the claim's figure, not against it.
    inside = [g for g in candidates if against.rel(g) is Relation.INSIDE and sims[id(g)] >= sims[id(best)] - SLOT_MARGIN]
    return max(inside, key=lambda g: sims[id(g)]) if inside else best


class _Against:
    """One figure of a claim against the figures of a source: compare(fig, g) and _slot_similarity, each worked
    out once per source figure. The passage most about the claim is read for a differing figure, then again
    for each backing figure that stands in it (_slot_taken), and its figures compared each time. Kept by the
    figure object, which an entry holds (so its id stays its own): the index makes a figure once for a while
    (FigureIndex.figure). For one figure check: at most the figures it reads."""

    __slots__ = ("fig", "claim", "source", "_rel", "_sim")

    def __init__(self, fig: Figure, claim: PreparedClaim, source: PreparedSource):
        self.fig, self.claim, self.source = fig, claim, source
        self._rel: dict[int, tuple[Figure, Relation]] = {}
        self._sim: dict[int, tuple[Figure, float]] = {}

    def rel(self, g: Figure) -> Relation:
        found = self._rel.get(id(g))
        if found is None or found[0] is not g:
            found = (g, compare(self.fig, g))
            if len(self._rel) < AGAINST_KEPT:
                self._rel[id(g)] = found
        return found[1]

    def sim(self, g: Figure) -> float:
        found = self._sim.get(id(g))
        if found is None or found[0] is not g:
            found = (g, _slot_similarity(self.claim, self.fig, self.source, g))
            if len(self._sim) < AGAINST_KEPT:
                self._sim[id(g)] = found
        return found[1]


# Memory: the figures one check keeps compared (each entry holds its figure). A check reads a few dozen; the
# exhaustive scan (Settings(exhaustive=True)) reads every figure of the source, which need not all stay.
AGAINST_KEPT = 4096


def _slot_similarity(claim: PreparedClaim, fig: Figure, source: PreparedSource, g: Figure) -> float:
    """How alike the words around the claim's figure and the source's figure are (0..200)."""
    ct, st = claim.norm.text, source.norm.text
    before_c, after_c = ct[max(0, fig.start - 25):fig.start], ct[fig.end:fig.end + 25]
    before_s, after_s = st[max(0, g.start - 25):g.start], st[g.end:g.end + 25]
    return fuzz.ratio(before_c, before_s) + fuzz.ratio(after_c, after_s)
