"""Passages of a source and how much each is *about* a claim.

Aboutness (0..1) is the share of the claim's words found in a passage, each word weighed by how
rare it is in the source (IDF over the source's sentences), blended with a rapidfuzz token-set
similarity for word forms the stemmer misses. A passage is one sentence or two adjacent ones.
"""

from __future__ import annotations

from bisect import bisect_left

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from citecheck.match.index import PaddedPostings, summed
from citecheck.match.prepare import PreparedClaim, PreparedSource, _blanked, tokens
from citecheck.model import Evidence, Figure

# Two adjacent sentences count a little less than one that says it all.
PAIR_DISCOUNT = 0.95
# The words next to a figure ("three generations of a family") count, a little less than the whole claim.
LOCAL_WEIGHT = 0.95
LOCAL_CHARS = 60
# Longer than any figure's text ("between September 3 and 17, 2024", "two and a half million").
MAX_FIGURE_CHARS = 400
# Web pages break one statement over several short lines: a wider window, discounted more.
WIDE_SENTENCES = 2
WIDE_DISCOUNT = 0.85


@dataclass(frozen=True)
class Context:
    """The best passage around one sentence: sentences first..last, and how much it is about the claim."""

    first: int
    last: int
    about: float
    source: PreparedSource = field(repr=False, compare=False)
    start: int  # span in the normalised source text
    end: int

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Made when they are asked for, never kept with the context: a search may score every context of a
        repetitive page, and their figures held (made from the source's FigureTable) took 300 MB on one near
        the size cap. (The index keeps a bounded number of figures made: FigureIndex.figure.)"""
        index = self.source.figure_index
        if self.first == self.last:  # most contexts are one sentence: its figures as the index gives them
            return index.figures_in(self.first)
        return tuple(f for q in range(self.first, self.last + 1) for f in index.figures_in(q))


def aboutness(claim: PreparedClaim, source: PreparedSource, stems: frozenset[str]) -> float:
    if not claim.stems:
        return 0.0
    total = sum(source.weight(t) for t in claim.stems)
    hit = sum(source.weight(t) for t in claim.stems if t in stems)
    coverage = hit / total if total else 0.0
    ratio = fuzz.token_set_ratio(" ".join(claim.stems), " ".join(sorted(stems))) / 100.0
    return 0.8 * coverage + 0.2 * ratio


# Sources of at most this many sentences are scanned whole when no sentence shares a word with the claim
# well enough; above it, a passage must share a word with the claim to be its best one.
SCAN_LIMIT = 5000
# A word in more sentences than this does not make its sentences candidates at first: the contexts around
# the sentences holding the claim's rarer words are searched first, and those around the sentences holding
# only common words (at most as much about the claim as the common words weigh) only if that leaves the
# answer open. A repetitive page gives a common word thousands of sentences to sort and score. (Every word's
# postings still count in the bounds, summed by numpy.)
COMMON_POSTINGS = 2000
_EPS = 1e-9
_PADDED = ("padded postings",)  # the key of a source's PaddedPostings in its memo
# How many sentences' joined words a source keeps for aboutness (about 100 bytes each).
JOINED_KEPT = 1 << 16
# A source of at most this many sentences gets a claim's bounds (ContextTable.bounds) for all its sentences
# at once, a few numpy calls per claim, then looked up for each figure: numpy costs about a microsecond a
# call whatever the size, and most sources are a few KB. A larger source's bounds are computed for the
# candidates only (a table would cost O(sentences) per claim).
TABLE_SENTENCES = 2048
# Above this many candidates, a search scores the context of the sentence holding most of the claim first, and
# leaves out the contexts that cannot reach it before computing the others' bounds (ContextTable._pruned).
PRUNE_CANDIDATES = 512
# At most this many sentences get their bounds computed one by one in Python (ContextTable._by_hand), not with
# numpy: a figure of a small page has a few candidates, and numpy's bounds cost some seventy calls.
BY_HAND = 32
# ... and at most this many sentences get a figure's bounds (the context's, the wide window's, the words next to it)
# one by one: three times the work per sentence, against the same seventy numpy calls (on a 1x source: 16
# sentences by hand cost about what numpy costs, 32 nearly twice).
FIGURE_BY_HAND = 16


class ContextTable:
    """The contexts of a claim in a source, each computed when first asked for (as scoring every sentence would)."""

    def __init__(self, claim: PreparedClaim, source: PreparedSource):
        self.claim, self.source = claim, source
        self._single: dict[int, float] = {}
        self._contexts: dict[int, Context] = {}
        self._pairs: dict[int, float] = {}  # j -> how much the pair j, j + 1 is about the claim, discounted
        self._total = sum(source.weight(t) for t in claim.stems)
        self._dense_hits: dict[tuple[str, ...], object] = {}
        self._tables: dict[object, object] = {}  # bounds of every sentence (a small source): _bounds_of
        self._asked: set[tuple[str, ...]] = set()  # the sets of words next to a figure asked for
        # aboutness() without its per-call set-up: the claim's weights and words, once per claim.
        self._weighted = [(t, source.weight(t)) for t in claim.stems]
        self._joined = " ".join(claim.stems)
        # A sentence's words, joined for the fuzzy share once per source: many claims score one sentence.
        # Emptied when full: a page near the size cap has 300,000 sentences, most of them never scored.
        self._joined_of: dict[frozenset[str], str] = source.memo.setdefault("joined stems", {})
        if len(self._joined_of) > JOINED_KEPT:
            self._joined_of.clear()

    def bounds(self, sentences, local: tuple[str, ...] = ()):
        """For each of `sentences` (a numpy array of ids), the most a figure of it can be about the claim,
        however the figure check measures it: its context (the sentence alone, or with a neighbour at
        PAIR_DISCOUNT), the claim's words next to the figure (`local`) in that context, or the few
        sentences around it (wide_about); as a numpy array. Computed from the index's word weights,
        without building a context: candidates are scored in the order of this bound, and those below
        the best found are never scored. A sum of a sentence's hits is at least what any set of its
        words holds, up to rounding, which _EPS covers."""
        import numpy as np

        if not self.claim.stems or self._total <= 0:
            return np.full(len(sentences), 0.2 + _EPS)
        if len(sentences) <= FIGURE_BY_HAND:
            return np.array(self._by_hand(sentences.tolist(), local), dtype=np.float64)
        if sentences.dtype != np.intp:
            # (A figure's candidates come as the index keeps them, uint32.) numpy casts an index of another type
            # at each gather, eleven for a figure's bounds, each two to three times as slow: cast once here. The
            # same ids, so the same values gathered.
            sentences = sentences.astype(np.intp)
        # One gather per padded hits array and offset for both bounds: the words next to a figure are mostly the
        # claim's own, in its order (the same array of hits), gathered at the same sentences.
        at = _GatherAt(sentences)
        best = self._bounds_of("figure", sentences, at)
        if len(local) >= 2 and self._weight(local) > 0:
            np.maximum(best, self._bounds_of(local, sentences, at), out=best)
        return best

    def _by_hand(self, sentences: list[int], local: tuple[str, ...] | None) -> list[float]:
        """The bounds of a few sentences one by one, in Python floats: bounds(sentences, local), or their
        context bounds alone if `local` is None. The same operations in the same order as the numpy ones
        (_context_bounds, _figure_bounds, _local_bounds) do element by element, so the same floats; numpy
        costs about a microsecond a call whatever the size, and a figure's bound takes some seventy calls."""
        h, total, w = self._dense(self.claim.stems).item, self._total, WIDE_SENTENCES
        if total <= 0:
            return [0.2 + _EPS] * len(sentences)
        lh, lw = None, 0.0
        if local is not None and len(local) >= 2:
            lw = self._weight(local)
            if lw > 0:
                lh = self._dense(local).item
        # Python's max(a, b) is `b if b > a else a` and min(a, b) `b if b < a else a` (the first of equals):
        # written so, the same choices without a call each.
        out = []
        for s in sentences:
            k = s + w
            left, own, right = h(k - 1), h(k), h(k + 1)
            x = own / total
            b = 0.8 * (x if x < 1.0 else 1.0) + 0.2
            x = (own + (right if right > left else left)) / total
            pair = PAIR_DISCOUNT * (0.8 * (x if x < 1.0 else 1.0) + 0.2)
            if pair > b:
                b = pair
            b += _EPS
            if b > 1.0:
                b = 1.0
            if local is not None:
                x = sum(map(h, range(k - w, k + w + 1))) / total  # left to right, as _figure_bounds adds
                wide = WIDE_DISCOUNT * (0.8 * (x if x < 1.0 else 1.0) + 0.2) + _EPS
                if wide > b:
                    b = wide
                if lh is not None:
                    left, right = lh(k - 1), lh(k + 1)
                    x = (lh(k) + (right if right > left else left)) / lw
                    near = LOCAL_WEIGHT * (x if x < 1.0 else 1.0) + _EPS
                    if near > b:
                        b = near
            out.append(b)
        return out

    def _bounds_of(self, key, sentences, at: _GatherAt | None = None):
        """The bounds `key` of `sentences` (a numpy array of ids): "context" (_context_bounds), "figure" (the
        whole claim, _figure_bounds) or the words next to a figure (a tuple, _local_bounds). A small source
        computes the claim's for all its sentences once per claim and looks them up (numpy costs about a
        microsecond a call whatever the size, and most sources are a few KB); a larger one for these
        sentences only. Either way a sentence's bound is the same float: numpy computes element by element.
        `at`: the _GatherAt of `sentences` to use (its gathers shared with another bound of them)."""
        import numpy as np

        w, n = WIDE_SENTENCES, len(self.source.passages)
        tabled = n <= TABLE_SENTENCES
        if tabled and isinstance(key, tuple):
            # The words next to a figure are another set for most figures: tabled only when asked again (a
            # claim that repeats a figure and its words).
            tabled = key in self._asked
            self._asked.add(key)
        if not tabled:
            return self._bound_at(key, at if at is not None else _GatherAt(sentences), table=False)
        table = self._tables.get(key)
        if table is None:
            # Every sentence: slices of the padded hits, no index array made.
            table = self._tables[key] = self._bound_at(key, lambda a, d: a[w + d:w + d + n], table=True)
        return table if sentences is None else table[sentences]

    def _bound_at(self, key, at, table: bool):
        """The bounds `key` of the sentences `at` picks: at(a, d), the values of the padded hits `a` at d
        sentences from each (d = 0 itself). `table`: for all the sentences, in order."""
        if key == "context":
            return self._context_bounds(at)
        if key == "figure":
            return self._figure_bounds(at, self._bounds_of("context", None) if table else self._context_bounds(at))
        return self._local_bounds(at, key)

    def _dense(self, keys: tuple[str, ...]):
        """The hits of `keys` for every sentence (a numpy array), padded by WIDE_SENTENCES zeros each side."""
        found = self._dense_hits.get(keys)
        if found is None:
            n = len(self.source.passages)
            found = self._dense_hits[keys] = summed(self._padded(), keys, self.source.weight, n + 2 * WIDE_SENTENCES)
        return found

    def _padded(self) -> PaddedPostings:
        """The source's posting lists padded by WIDE_SENTENCES, made once per source (kept in its memo)."""
        memo = self.source.memo
        found = memo.get(_PADDED)
        if found is None:
            found = memo[_PADDED] = PaddedPostings(self.source.postings, WIDE_SENTENCES)
        return found

    def __len__(self) -> int:
        return len(self.source.passages)

    def _about(self, i: int) -> float:
        a = self._single.get(i)
        if a is None:
            stems = self.source.passages[i].stems
            joined = self._joined_of.get(stems)
            if joined is None:
                joined = self._joined_of[stems] = " ".join(sorted(stems))
            a = self._single[i] = self._aboutness(stems, joined)
        return a

    def _aboutness(self, stems: frozenset[str], joined: str) -> float:
        """aboutness(self.claim, self.source, stems), `joined` the sorted `stems` joined: the same sums in
        the same order, so the same float."""
        if not self._weighted:
            return 0.0
        total = self._total
        hit = sum([w for t, w in self._weighted if t in stems])
        coverage = hit / total if total else 0.0
        return 0.8 * coverage + 0.2 * (fuzz.token_set_ratio(self._joined, joined) / 100.0)

    def __getitem__(self, i: int) -> Context:
        c = self._contexts.get(i)
        if c is not None:
            return c
        ps = self.source.passages
        best = (self._about(i), i, i)
        # A pair is scored only if its bound (its two sentences' words) lets it beat the best by the
        # margin, and once for the two contexts it may serve (around j and around k).
        h = self._dense(self.claim.stems) if self._weighted else None
        for j, k in ((i - 1, i), (i, i + 1)):
            if h is not None and 0 <= j and k < len(ps):
                if self._pair_bound(h, j, k) <= best[0] + 0.05:
                    continue
                a = self._pairs.get(j)
                if a is None:
                    pair = ps[j].stems | ps[k].stems
                    a = self._pairs[j] = PAIR_DISCOUNT * self._aboutness(pair, " ".join(sorted(pair)))
                if a > best[0] + 0.05:
                    best = (a, j, k)
        a, j, k = best
        c = self._contexts[i] = Context(j, k, a, self.source,
                                        ps[j].start, ps[k].end)
        return c

    def _pair_bound(self, h, j: int, k: int) -> float:
        """The most the pair j, k can be about the claim, discounted (`h` the claim's padded hits)."""
        w = WIDE_SENTENCES
        return PAIR_DISCOUNT * (0.8 * min(1.0, (h.item(j + w) + h.item(k + w)) / self._total) + 0.2) + _EPS

    def best(self, exhaustive: bool = False) -> Context | None:
        """The context most about the claim (the first of equals), as max() over all contexts finds it."""
        n = len(self)
        if not n:
            return None
        if exhaustive:
            return max((self[i] for i in range(n)), key=lambda c: c.about)
        source, claim, total = self.source, self.claim, self._total
        present = [t for t in claim.stems if t in source.postings]
        common = [t for t in present if len(source.postings[t]) > COMMON_POSTINGS]
        rare = [t for t in present if len(source.postings[t]) <= COMMON_POSTINGS]
        found = self._search(rare)
        if common and (found is None or found.about + _EPS < _bound(sum(source.weight(t) for t in common), total)):
            found = self._search(present)
        if found is None or found.about + _EPS < 0.2:
            # A passage sharing no word with the claim is at most 0.2 about it: it may still win here.
            if n <= SCAN_LIMIT:
                return max((self[i] for i in range(n)), key=lambda c: c.about)
            if found is None:
                return self[0]
        return found

    def _search(self, stems: list[str]) -> Context | None:
        """The best context among those around the sentences holding `stems`, scored in order of their
        bound until none left can beat the best."""
        import numpy as np

        n, w = len(self), WIDE_SENTENCES
        # The sentences holding a word, padded (the padded lists as they are: no cast), then the contexts around
        # them: each of them and its neighbours (the pads hold none).
        held_any = np.zeros(n + 2 * w, dtype=bool)
        padded = self._padded()
        parts = [ids for ids in map(padded.get, stems) if ids is not None]
        if parts:
            held_any[parts[0] if len(parts) == 1 else np.concatenate(parts)] = True
        around = held_any[w:w + n] | held_any[w - 1:w - 1 + n]
        around |= held_any[w + 1:w + 1 + n]
        ids = around.nonzero()[0]
        if not len(ids):
            return None
        ids, bound = self._pruned(ids)
        # Bounded by the weight of all the claim's words each sentence holds (a few long posting lists
        # more, summed in C), not only those of `stems`: on a repetitive page a common word counted as if
        # every sentence held it leaves thousands of contexts tied at the top.
        if bound is None:
            bound = self._bounds_of("context", ids) if len(ids) > BY_HAND else \
                np.array(self._by_hand(ids.tolist(), None), dtype=np.float64)
        # Highest bound first, of equals the first in the text (a stable sort of ids in order); most
        # contexts are never scored.
        best: Context | None = None
        best_i = -1
        for part in by_bound(bound):
            for i, b in zip(ids[part].tolist(), bound[part].tolist()):
                if best is not None and beaten(b, i, best.about, best_i):
                    return best
                c = self[i]
                if best is None or c.about > best.about or (c.about == best.about and i < best_i):
                    best, best_i = c, i
        return best

    def _pruned(self, ids):
        """`ids` without the sentences whose context is less about the claim than one of a few scored first,
        found before their bounds are computed: a large source gives a claim thousands of candidates, and a
        dozen are scored. Only where the bounds are not looked up in a table (a large source).

        A context's bound (_context_bounds) is at most top = 0.8 * min(1.0, pair / total) + 0.2 + _EPS, pair
        its sentence's hits and its better neighbour's (its own alone weigh no more, the pair discount only
        lowers, and each operation rounds monotonically), computed by the same operations: a context whose
        top is below the about of one scored context (the seed) is below the best, and never the answer. The
        answer, the most about the claim of all (the first of equals), is the same.

        Returned with the context bounds of the sentences kept (their _bounds_of("context")), or None where it
        does not prune (few candidates, a short source): then the caller computes them."""
        import numpy as np

        if len(ids) <= PRUNE_CANDIDATES or len(self) <= TABLE_SENTENCES or self._total <= 0:
            return ids, None
        h = self._dense(self.claim.stems)
        at = _GatherAt(ids)
        own = at(h, 0)
        pair = self._pair_share(at, own)
        top = pair + _EPS
        # The seed: the first sentence holding the most of the claim, which the search mostly scores first.
        floor = self[ids.item(int(np.argmax(own)))].about
        kept = (top >= floor).nonzero()[0]
        # The context bounds of those kept, from the values gathered here: _context_bounds computes the same
        # operations, element by element, on the same values, so the same floats.
        return ids[kept], self._context_of(own[kept], pair[kept])

    def _context_bounds(self, at):
        """The most the contexts of the sentences `at` picks (see _bound_at) can be about the claim: the
        sentence alone, or with its better neighbour at PAIR_DISCOUNT (a pair's words are at most both
        sentences'); never above 1.0, which no aboutness exceeds (hit <= total, added in the same order;
        0.8 + 0.2 rounds to 1.0)."""
        import numpy as np

        h, total = self._dense(self.claim.stems), self._total
        own = at(h, 0)
        if total <= 0:
            return np.full(len(own), 0.2 + _EPS)
        return self._context_of(own, self._pair_share(at, own))

    def _pair_share(self, at, own):
        """0.8 * min(1.0, (own + max(left, right)) / total) + 0.2 for the sentences `at` picks (`own`: their
        hits), as a new array: how much a pair with the better neighbour can be about the claim, undiscounted."""
        import numpy as np

        h = self._dense(self.claim.stems)
        pair = np.maximum(at(h, -1), at(h, 1))
        pair += own
        pair /= self._total
        np.minimum(pair, 1.0, out=pair)
        pair *= 0.8
        pair += 0.2
        return pair

    def _context_of(self, own, pair):
        """The context bounds from the sentences' hits `own` and their _pair_share `pair` (changed in place).

        0.8 * min(1.0, own / total) + 0.2, and PAIR_DISCOUNT * pair, in place on new arrays (never on `own`, a
        view of h): the same operations element by element, each product and sum with its operands swapped at
        most (exact in floating point), so the same floats."""
        import numpy as np

        best = own / self._total
        np.minimum(best, 1.0, out=best)
        best *= 0.8
        best += 0.2
        pair *= PAIR_DISCOUNT
        np.maximum(best, pair, out=best)
        best += _EPS
        return np.minimum(best, 1.0, out=best)

    def _figure_bounds(self, at, context):
        """The most a figure of the sentences `at` picks can be about the whole claim: its `context` (their
        _context_bounds), or the WIDE_SENTENCES sentences either side (wide_about; their hits summed in
        order, as a sum over the window would add them)."""
        import numpy as np

        h, w = self._dense(self.claim.stems), WIDE_SENTENCES
        wide = at(h, -w) + at(h, 1 - w)  # a new array: the rest is done in place (as _context_bounds)
        for d in range(2 - w, w + 1):
            wide += at(h, d)
        wide /= self._total
        np.minimum(wide, 1.0, out=wide)
        wide *= 0.8
        wide += 0.2
        wide *= WIDE_DISCOUNT
        wide += _EPS
        return np.maximum(wide, context, out=wide)

    def _local_bounds(self, at, local: tuple[str, ...]):
        """The most the claim's words next to a figure (`local`) can be found in the contexts of the sentences
        `at` picks (local_about), at LOCAL_WEIGHT."""
        import numpy as np

        lh = self._dense(local)
        near = np.maximum(at(lh, -1), at(lh, 1))  # a new array: the rest in place (as _context_bounds)
        near += at(lh, 0)
        near /= self._weight(local)
        np.minimum(near, 1.0, out=near)
        near *= LOCAL_WEIGHT
        near += _EPS
        return near

    def _weight(self, keys: tuple[str, ...]) -> float:
        """The summed weight of `keys` in the source (in their order: the same float each time)."""
        return sum(self.source.weight(t) for t in keys)


class _GatherAt:
    """The `at` of ContextTable._bound_at for some sentences (a numpy array of ids): at(a, d), the padded hits
    `a` at d sentences from each, gathered once per array and `d`: a[WIDE_SENTENCES + d:][sentences], a view
    then one gather, no index array made. A figure's bounds ask for eleven, three of them twice (its
    context's and the wide window's), over thousands of candidates on a large source; the same values
    (a[k + d], k = WIDE_SENTENCES + sentence), so the same bounds."""

    __slots__ = ("_sentences", "_made")

    def __init__(self, sentences):
        self._sentences = sentences
        self._made: dict[tuple[int, int], tuple] = {}

    def __call__(self, a, d: int):
        found = self._made.get((id(a), d))
        if found is None:
            # take, not a[...][sentences]: the same elements (out of range raises either way), some 15% fewer
            # instructions an element than fancy indexing, over a large source's thousands of candidates.
            found = self._made[(id(a), d)] = (a, a[WIDE_SENTENCES + d:].take(self._sentences))  # `a` held: its id stays its own
        return found[1]


def beaten(bound: float, i: int, best: float, best_i: int) -> bool:
    """Can nothing scored from here on (bound `bound` or below; of equal bounds, later than i) beat the
    best found? Of equals, the first in the text wins: one later and no more about the claim loses."""
    return bound < best or (bound == best and i > best_i)


def by_bound(bounds, first: int = 64):
    """The positions of `bounds` (a numpy array) by descending bound, of equals the first first (a stable
    sort), as numpy arrays a few at a time: the `first` highest (and their equals) sorted alone, then
    the rest, which a search that stops early never sorts."""
    import numpy as np

    n = len(bounds)
    if n > 4 * first:
        cut = np.partition(bounds, n - first)[n - first]
        top = (bounds >= cut).nonzero()[0]
        yield top[np.argsort(-bounds[top], kind="stable")]
        rest = (bounds < cut).nonzero()[0]
        yield rest[np.argsort(-bounds[rest], kind="stable")]
    else:
        yield np.argsort(-bounds, kind="stable")


def _bound(hit: float, total: float) -> float:
    """The most a passage holding claim words of weight at most `hit` can be about the claim."""
    if total <= 0:
        return 0.2
    return 0.8 * min(1.0, hit / total) + 0.2 + _EPS


def stems_of(source: PreparedSource, first: int, last: int) -> frozenset[str]:
    return frozenset().union(*(q.stems for q in source.passages[first:last + 1]))


def wide_about(claim: PreparedClaim, source: PreparedSource, i: int) -> float:
    lo, hi = max(0, i - WIDE_SENTENCES), min(len(source.passages) - 1, i + WIDE_SENTENCES)
    return WIDE_DISCOUNT * aboutness(claim, source, stems_of(source, lo, hi))


def local_stems(claim: PreparedClaim, fig: Figure) -> tuple[str, ...]:
    """The claim's words in the clause around a figure: what that figure counts."""
    text = claim.norm.text
    # The clause is cut to LOCAL_CHARS either side, so the separators are looked for only that far
    # (plus a separator's length): a claim of a million characters costs no more per figure.
    near, far = max(0, fig.start - LOCAL_CHARS - 3), fig.end + LOCAL_CHARS + 3
    lo = max(text.rfind(sep, near, fig.start) for sep in (",", ";", ":", "(", ")", " - ", "\n")) + 1
    his = [i for i in (text.find(sep, fig.end, far) for sep in (",", ";", ":", "(", ")", " - ")) if i >= 0]
    hi = min(his) if his else len(text)
    lo, hi = max(lo, fig.start - LOCAL_CHARS), min(hi, fig.end + LOCAL_CHARS)
    words = _clause_keys(_blank_figures(text, claim.figures, lo, hi))
    if len(set(words)) < 3:  # a short clause ("In its February 2014 report,"): take the words around it
        lo, hi = max(0, fig.start - LOCAL_CHARS), min(len(text), fig.end + LOCAL_CHARS)
        words = _clause_keys(_blank_figures(text, claim.figures, lo, hi))
    return tuple(dict.fromkeys(w for w in words if w in claim.stems))


@lru_cache(maxsize=4096)
def _clause_keys(clause: str) -> tuple[str, ...]:
    """tokens(clause), kept: a long claim repeats its clauses (one of 4 MB gave 20,000 figures in a few)."""
    return tuple(tokens(clause))


def _blank_figures(text: str, figures: tuple[Figure, ...], lo: int, hi: int) -> str:
    """text[lo:hi] with the figures in it blanked. `figures` are sorted by start (read_figures)."""
    # Only figures that start before `hi` can reach into the window; a figure is shorter than
    # MAX_FIGURE_CHARS, so the first one that can is a bisect away.
    first = bisect_left(figures, lo - MAX_FIGURE_CHARS, key=lambda f: f.start)
    spans = []
    for k in range(first, len(figures)):
        f = figures[k]
        if f.start >= hi:
            break
        spans.append((f.start, f.end))
    return _blanked(text, lo, hi, spans) if spans else text[lo:hi]


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
