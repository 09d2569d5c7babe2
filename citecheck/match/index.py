"""The index of a prepared source: which sentences hold a word, which figures lie near a value.

A claim is answered from candidates instead of a scan of every sentence and every figure:

- words: stem -> the ids of the sentences holding it. A passage's aboutness is at most
  0.8 x (weight of the claim's words it holds / weight of all the claim's words) + 0.2 (the fuzzy
  share), so the sentences sharing words with the claim are scored in order of that bound until no
  unscored one can beat the best (passages.py). Nothing above the bound is skipped: the best passage
  is the one the exhaustive scan finds.
- figures: by family (and unit) and value, sorted, so the figures a claim's figure may MATCH or sit
  INSIDE are a bisect away. The window is generous (figures/compare.py decides); a figure outside it
  compares as DIFFERS or INCOMPARABLE, which the figure check ignores anyway.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from citecheck.figures.table import FigureTable
from citecheck.figures.units import measure_factor
from citecheck.model import Figure

# A figure is "narrow" when its span of values is within this factor of its low end: then its low end
# is at least (query low) / NARROW, and a bisect on low ends finds it.
NARROW = 1.5


def ids_of(postings: array):
    """A posting list (or any array('I')) as a numpy array, without a copy."""
    import numpy as np  # here, not at import: `citecheck --help` must not pay for numpy

    return np.frombuffer(postings, dtype=postings.typecode)


def _joined(parts: list[array]):
    """Posting lists end to end as one numpy array: one numpy call for a claim's words, not one per word
    (numpy costs about a microsecond a call whatever the size, and most sources are a few KB)."""
    import numpy as np

    if len(parts) == 1:
        return ids_of(parts[0])
    return np.frombuffer(b"".join(parts), dtype=parts[0].typecode)


def held(postings: dict[str, array], keys, weight: Callable[[str], float], n: int, pad: int = 0):
    """The summed weight of `keys` each of the `n` sentences holds (0.0 for a sentence holding none), as a
    numpy array; added key by key in the order of `keys`, as a sum over each sentence's keys would add
    them (np.bincount adds its weights in the order given, and a sentence's id is once in a posting list).
    `pad`: so many zeros before and after (made so by bincount itself, not copied into a larger array)."""
    import numpy as np

    parts, weights, sizes = _lists_of(postings, keys, weight)
    if not parts:
        return np.zeros(n + 2 * pad)
    ids = _joined(parts)
    return np.bincount(ids + pad if pad else ids, weights=np.repeat(weights, sizes), minlength=n + 2 * pad)


def _lists_of(postings, keys, weight: Callable[[str], float]) -> tuple[list, list[float], list[int]]:
    """The posting lists of those of `keys` that have one (in the order of `keys`), their weights and sizes."""
    parts, weights, sizes = [], [], []
    for t in keys:
        ids = postings.get(t)
        if ids is not None:
            parts.append(ids)
            weights.append(weight(t))
            sizes.append(len(ids))
    return parts, weights, sizes


class PaddedPostings:
    """A source's posting lists as numpy arrays of type intp, each id plus `pad`, each made when first asked for
    and kept (source.memo): the ids as every gather and bincount of a claim's search wants them. numpy casts
    an index of another type (the index keeps uint32) at each use; a claim's words' lists, a few thousand
    ids each on a large page, were cast and padded again for every claim. The same ids, so the same sums."""

    __slots__ = ("_postings", "_pad", "_made")

    def __init__(self, postings: dict[str, array], pad: int):
        self._postings, self._pad, self._made = postings, pad, {}

    def get(self, key: str):
        found = self._made.get(key)
        if found is None:
            ids = self._postings.get(key)
            if ids is None:
                return None
            import numpy as np

            found = self._made[key] = np.add(ids_of(ids), self._pad, dtype=np.intp)  # (one call: cast and pad)
            found.flags.writeable = False
        return found


def summed(postings: PaddedPostings, keys, weight: Callable[[str], float], size: int):
    """held(postings, keys, weight, n, pad), the lists given padded (size: n + 2 * pad): the same ids in the
    same order with the same weights, so bincount adds the same floats in the same order."""
    import numpy as np

    parts, weights, sizes = _lists_of(postings, keys, weight)
    if not parts:
        return np.zeros(size)
    ids = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return np.bincount(ids, weights=np.repeat(weights, sizes), minlength=size)


class _Sorted:
    """Narrow figures (by their order) sorted by the low end of their span; the others, always candidates:
    `wide` those that may back any figure, `wide_holders` the bounds, ranges and vague figures, which
    never back a single value (figures/compare.py, _compare_value), only hold it.

    Plain arrays, not objects per figure: a page near the size cap has a million figures."""

    __slots__ = ("lows", "highs", "orders", "values", "holders", "wide", "wide_holders", "wide_spans", "reach",
                 "holder_bounds", "_views", "_bound_views")

    def __init__(self, lows, highs, orders, values, holders, bounds=None, pads=None):
        """The group's figures in text order: numpy arrays of their spans' ends, orders, values and whether
        each is a holder; `bounds`: each one's bound (0 none, 1 "min", 2 "max"; None: no bounds known) and
        `pads` the rounding its span was widened by (|tolerance| + 0.5). (numpy: a page near the size cap has
        a million figures to sort out.)"""
        import numpy as np

        # Narrow: a span within NARROW of its low end (see NARROW), finite, and not below zero.
        narrow = (0.0 <= lows) & ~np.isinf(highs) & (highs <= NARROW * lows + 1.0)
        k = np.flatnonzero(narrow)
        k = k[np.argsort(lows[k], kind="stable")]  # stable: equal lows stay in text order
        self.lows = _array("d", lows[k])
        self.highs = _array("d", highs[k])
        self.orders = _array("I", orders[k])
        self.values = _array("d", values[k])
        self.holders = _array("b", holders[k])
        # The widest span of a narrow figure: none whose low end is below lo - reach reaches lo (see overlapping).
        # NARROW bounds it too, but loosely: a year's query would slice every date of the centuries before it.
        self.reach = max(0.0, float(np.max(highs[k] - lows[k]))) if len(k) else 0.0
        wide = ~narrow
        plain, held = np.flatnonzero(wide & ~holders), np.flatnonzero(wide & holders)
        self.wide = _array("I", orders[plain])
        self.wide_holders = _array("I", orders[held])
        # Their spans (lows, then highs; the plain ones, then the holders): a bisect cannot find them, a
        # filter can ("more than 611,318" cannot reach 168,992, and a page may give thousands of bounds).
        firsts = np.concatenate([plain, held])
        self.wide_spans = _array("d", np.concatenate([lows[firsts], highs[firsts]]))
        # The wide holders that are bounds: their bound, value and rounding (a bound backs a bound only where one's
        # value rounds to the other's: _wide_reaching). A page of reports gives thousands of "more than N".
        self.holder_bounds = None
        if bounds is not None and len(held) and bounds[held].any():
            self.holder_bounds = (_array("b", bounds[held]), _array("d", values[held]), _array("d", pads[held]))
        self._views = self._bound_views = None

    def __getstate__(self) -> dict:
        """Pickled without the numpy views (made again when first wanted)."""
        return {k: getattr(self, k) for k in self.__slots__ if k not in ("_views", "_bound_views")}

    def __setstate__(self, state: dict) -> None:
        self.holder_bounds = None
        for k, v in state.items():
            setattr(self, k, v)
        self._views = self._bound_views = None

    def views(self) -> tuple:
        """The arrays as numpy arrays (highs, orders, values, holders, wide, wide_holders, wide_spans), made
        once per source: the index is searched for every figure of every claim, and a small source's search
        is a handful of numpy calls of about a microsecond each."""
        import numpy as np

        if self._views is None:
            # The orders as int64 (copies): what candidate orders are handed out as, cast once here, not at each
            # search (4 bytes more a figure, for the sources searched).
            self._views = tuple(ids_of(a).astype(np.int64) if a.typecode == "I" else ids_of(a)
                                for a in (self.highs, self.orders, self.values, self.holders, self.wide,
                                          self.wide_holders, self.wide_spans))
        return self._views

    def overlapping(self, lo: float, hi: float, holders: bool = True, bound: tuple | None = None) -> list:
        """The orders of the figures whose span may reach [lo, hi], as numpy arrays (not in order; none
        empty). Unless `holders`, only those that may back a single value in [lo, hi]: no bound, range or
        vague figure, and a value in [lo, hi] (an "about 800,000" spans 824,756, which it holds, never backs).
        `bound`: (1 "min" or 2 "max", value, rounding) of a claim's bound, in the group's unit, whose backers are
        wanted: of the wide holders that are bounds, only those that may back it (see _wide_reaching)."""
        # The ends are found by bisect on the arrays themselves (as a scan would compare them, NaN
        # included); the slice between is filtered by numpy: a year has thousands of candidates.
        start = bisect_left(self.lows, (lo - 1.0) / NARROW if lo > 1.0 else -math.inf) if lo > -math.inf else 0
        if lo - lo == 0.0:  # finite
            # A narrow figure reaching lo has high >= lo and high - low <= reach, so low >= lo - reach. The slack,
            # a millionth of a millionth of the magnitudes, covers the rounding of reach and of this subtraction
            # many times over: those skipped have high < lo, which the filter below drops anyway.
            start = bisect_left(self.lows, lo - self.reach - (abs(lo) + self.reach) * 1e-12, start)
        stop = bisect_right(self.lows, hi)
        out = self._wide_reaching(lo, hi, holders, bound) if self.wide or (holders and self.wide_holders) else []
        if start < stop:
            highs, orders, values, backers = self.views()[:4]
            keep = highs[start:stop] >= lo
            if not holders:
                picked = values[start:stop]
                keep &= (backers[start:stop] == 0) & (picked >= lo) & (picked <= hi)
            found = orders[start:stop][keep]
            if len(found):
                out.append(found)
        return out

    def all(self) -> list:
        return [a for a in self.views()[4:6] + self.views()[1:2] if len(a)]

    def _wide_reaching(self, lo: float, hi: float, holders: bool, bound: tuple | None = None) -> list:
        """The wide figures (the holders too if `holders`) whose span may reach [lo, hi]: NaN ends reach.

        `bound` (see overlapping): a source's bound backs a claim's bound (compare, _compare_bound) only if it is
        of the same direction and one's value rounds to the other's (within half its last digit, at most
        |tolerance| + 0.5 each, plus the millionth that covers _within's slack), and never holds it: the others
        compare DIFFERS, as every "more than N" of a page does against another N. Ranges and vague figures as
        before."""
        wide, wide_holders, spans = self.views()[4:]
        n = len(wide) + len(wide_holders)
        m = n if holders else len(wide)  # the holders' spans only if they are wanted (a page may give thousands)
        reach = ~(spans[:m] > hi) & ~(spans[n:n + m] < lo)
        out = [wide[reach[:len(wide)]]]
        if holders:
            kept = reach[len(wide):]
            if bound is not None and self.holder_bounds is not None:
                import numpy as np

                direction, v, t = bound
                kinds, values, pads = self.bound_views()
                near = np.abs(values - v) <= t + pads + 1e-6 * np.maximum(max(1.0, abs(v)), np.abs(values))
                kept &= (kinds == 0) | ((kinds == direction) & near)
            out.append(wide_holders[kept])
        return [a for a in out if len(a)]

    def bound_views(self) -> tuple:
        """holder_bounds as numpy arrays, made once per source."""
        if self._bound_views is None:
            self._bound_views = tuple(ids_of(a) for a in self.holder_bounds)
        return self._bound_views


def _array(typecode: str, values) -> array:
    """A numpy array as an array.array of `typecode` (the index keeps plain arrays: bisect and pickle)."""
    import numpy as np

    out = array(typecode)
    out.frombytes(np.ascontiguousarray(values, dtype=np.dtype(typecode)).tobytes())
    return out


def _span_of(value: float, low: float, high: float, tolerance: float, high_value: float | None) -> tuple[float, float]:
    """Every value a figure may stand for in any comparison, with room for its rounding."""
    pad = abs(tolerance) + 0.5
    hv = high_value if high_value is not None else value
    return min(low, value - pad), max(high, hv + pad, value + pad)


class FigureIndex:
    """A source's figures by family, unit and value."""

    def __init__(self, figures: FigureTable | None = None, sentences: array | None = None):
        """`figures` in text order, and the sentence of each (the figure of order k is figures[k])."""
        self.figures = figures if figures is not None else FigureTable("")
        self.sentences = sentences if sentences is not None else array("I")
        # Orders in arrays, not lists of ints (36 bytes each): a page near the size cap has a million figures.
        self.always = array("I")  # anchored dates and dates without a year: checked for every claim
        self.plain_integers: dict[float, array] = {}  # "1,620" may be the year 1620
        self.groups: dict[tuple[str, str], _Sorted] = {}
        if len(self.figures):
            self._build()

    def _build(self) -> None:
        """The index from the table's columns, with numpy and no Figure made: what a figure's entry depends on
        besides its numbers (kind, unit, anchored or not, plain integer or not, a holder or not) is its
        shape, asked once per shape. The few figures the columns do not hold as they are (table.odd) are
        read whole."""
        import numpy as np

        table = self.figures
        v, lo, hi, tol, hv, _ = (np.frombuffer(column, dtype=np.float64) for column in table.numbers)
        sid = np.frombuffer(table.shapes, dtype=np.uint32)
        keys: dict[tuple[str, str], int] = {}
        shape_rows = []
        for sh in table.shape_list:
            key = keys.setdefault((sh.kind, sh.unit if sh.kind == "count" else ""), len(keys))
            shape_rows.append((not sh.none_anchored, sh.kind == "date", sh.none_high_value, _plain_kind(sh),
                               _holder(sh), key, _BOUNDS.get(sh.bound, 0)))
        anchored, dated, no_hv, plain, holder, key, bound = (np.array(c)[sid] for c in zip(*shape_rows))
        pad = np.abs(tol) + 0.5
        top = np.where(no_hv, v, hv)
        # min() and max() as Python's: the first of equals, a NaN kept only where it comes first.
        span_lo = np.where(v - pad < lo, v - pad, lo)
        span_hi = np.where(top + pad > hi, top + pad, hi)
        span_hi = np.where(v + pad > span_hi, v + pad, span_hi)
        values = v.copy()
        with np.errstate(invalid="ignore"):
            always = anchored | (dated & (np.trunc(v) >= 0) & (np.trunc(v) < 10000))
            plain = plain & np.isfinite(v) & (v == np.trunc(v)) & (lo == hi)
        for order, f in table.odd.items():
            a, k = f.anchored is not None, keys.setdefault((f.kind, f.unit if f.kind == "count" else ""), len(keys))
            value = f.value
            always[order] = a or (f.kind == "date" and int(value) // 10000 == 0)
            span_lo[order], span_hi[order] = _span_of(value, f.low, f.high, f.tolerance, f.high_value)
            values[order], holder[order], key[order], bound[order] = value, _holder(f), k, _BOUNDS.get(f.bound, 0)
            pad[order] = abs(f.tolerance) + 0.5
            plain[order] = _plain_kind(f) and value == int(value) and f.low == f.high
        self.always = _array("I", np.flatnonzero(always))
        rest = ~always
        for (family, unit), k in keys.items():
            orders = np.flatnonzero(rest & (key == k))
            if len(orders):
                self.groups[(family, unit)] = _Sorted(span_lo[orders], span_hi[orders], orders, values[orders],
                                                      holder[orders], bound[orders], pad[orders])
        orders = np.flatnonzero(rest & plain)
        by_value = orders[np.argsort(values[orders], kind="stable")]
        if len(by_value):
            # Each value's orders cut out of one array (array slices), not made one numpy array at a time (np.split
            # and a conversion per value: a page's hundreds of bare numbers cost more than the rest of the index).
            sorted_values = values[by_value]
            firsts = [0, *(np.flatnonzero(np.diff(sorted_values)) + 1).tolist()]
            every = _array("I", by_value)
            self.plain_integers = dict(zip(sorted_values[firsts].tolist(), map(every.__getitem__, map(
                slice, firsts, [*firsts[1:], len(every)]))))

    def __getstate__(self) -> dict:
        """Pickled without the numpy views and the answers kept (made again when first wanted)."""
        return {k: v for k, v in self.__dict__.items() if k not in _MADE_HERE}

    def figure(self, order: int) -> Figure:
        """self.figures[order], made once for a while: a claim asks for the figures of its best passage
        and its candidates several times (the figure check, the slot check, the dates around), and many
        claims ask for the same ones. At most FIGURES_KEPT are kept (emptied when full): a search may
        reach every figure of a repetitive page near the size cap."""
        made = self.__dict__.setdefault("_made", {})
        g = made.get(order)
        if g is None:
            if len(made) >= FIGURES_KEPT:
                made.clear()
            g = made[order] = self.figures[order]
        return g

    def figures_in(self, sentence: int) -> tuple[Figure, ...]:
        """The figures of a sentence, in order of position (PreparedSource.figures_in, through figure()), kept
        for a while as figure() keeps figures: a claim reads its best passage's figures several times. At most
        FIGURES_KEPT figures in all are kept this way, none of a sentence that holds more than SENTENCE_KEPT."""
        made = self.__dict__.setdefault("_made_in", {})
        found = made.get(sentence)
        if found is None:
            lo = bisect_left(self.sentences, sentence)
            hi = bisect_right(self.sentences, sentence, lo)
            found = tuple(self.figure(o) for o in range(lo, hi))
            if hi - lo <= SENTENCE_KEPT:
                count = self.__dict__.get("_made_in_count", 0) + hi - lo
                if count > FIGURES_KEPT:
                    made.clear()
                    count = hi - lo
                made[sentence] = found
                self._made_in_count = count
        return found

    def _view(self, name: str):
        """The array `name` (sentences, always) as a numpy array, made once per source."""
        views = self.__dict__.setdefault("_views", {})
        found = views.get(name)
        if found is None:
            found = views[name] = ids_of(getattr(self, name))
        return found

    def sentences_of(self, orders):
        """The sentence of each figure of `orders` (a numpy array), as a numpy array."""
        return self._view("sentences")[orders]

    def candidate_orders(self, claim_fig: Figure, near: bool = False):
        """_candidate_orders, asked once per source for each claim figure's values (`_values_of`): a claim
        repeats its figures (a long one thousands of times), and numpy costs about a microsecond a call
        whatever the size. The answer is read-only: shared."""
        key = (_values_of(claim_fig), near)
        memo = self.__dict__.setdefault("_memo", {})
        found = memo.get(key)
        if found is None:
            found = self._candidate_orders(claim_fig, near)
            found.flags.writeable = False
            # Only short answers are kept: a bound on a page near the size cap may hold a million figures
            # (8 MB), and thousands of them would stay with the source for every claim after.
            if len(found) <= MEMO_ORDERS:
                if len(memo) >= MEMO_KEPT:
                    memo.clear()
                memo[key] = found
        return found

    def _candidate_orders(self, claim_fig: Figure, near: bool = False):
        """A superset of the figures that may back the claim's figure or hold it, as a sorted numpy array of
        their orders (text order, as a scan meets them).

        `near`: only those that may back it (MATCH). A bound ("more than 5,000") holds every larger value
        (INSIDE), and a source's bound, range or vague figure holds a single value without ever backing
        it: that matters only when nothing backs it, and the figure check asks for those then."""
        import numpy as np

        found: list = [self._view("always")] if self.always else []
        c = claim_fig
        if c.kind == "date":
            year = int(c.value) // 10000
            if _plain_year(c):
                plain = self.plain_integers.get(float(year))
                if plain is not None:
                    found.append(ids_of(plain))
            group = self.groups.get(("date", ""))
            if group is not None:
                if year == 0:
                    found += group.all()
                else:
                    lo, hi = _window(c)
                    found += group.overlapping(min(lo, year * 10000.0), max(hi, year * 10000.0 + 9999.0))
        else:
            if _plain_integer(c) and c.value == int(c.value):
                group = self.groups.get(("date", ""))
                if group is not None:
                    y = c.value * 10000.0
                    found += group.overlapping(y, y)
            lo, hi = _near_window(c) if near and c.bound else _window(c)
            holders = not (near and _single_value(c))
            # The bound's backers among the page's bounds (_Sorted._wide_reaching), in its own unit only.
            backers = (_BOUNDS[c.bound], c.value, abs(c.tolerance) + 0.5) \
                if near and c.bound in _BOUNDS and not c.vague and math.isfinite(c.value) else None
            for (family, unit), group in self.groups.items():
                if family != c.kind:
                    continue
                k = 1.0
                if family == "count" and c.unit and unit and unit != c.unit:
                    k = measure_factor(unit, c.unit)
                    if k is None:
                        continue  # kilometres and days: never comparable
                found += group.all() if k <= 0 else \
                    group.overlapping(lo / k, hi / k, holders, backers if k == 1.0 else None)
        # The pieces are disjoint (a figure is in one group, or `always`; a plain integer counts, a year's
        # group holds dates): sorted, not deduplicated. Most claims' figures have none or one candidate
        # on a small page: no numpy call then but the one that makes the answer.
        # (The groups' orders are int64 already: views(); `always` and the plain integers are uint32.)
        if not found:
            return np.zeros(0, dtype=np.int64)
        if len(found) == 1:
            piece = found[0]
            return piece.astype(np.int64) if len(piece) == 1 else np.sort(piece.astype(np.int64, copy=False))
        return np.sort(np.concatenate(found).astype(np.int64, copy=False))

    def held_only(self, claim_fig: Figure, near):
        """The candidates of `claim_fig` that are not among `near` (its candidate_orders(near=True), which
        they include), as a sorted numpy array: those that can only hold it."""
        import numpy as np

        every = self.candidate_orders(claim_fig)
        if len(every) == len(near):
            return every[:0]
        if not len(near):
            return every
        at = np.searchsorted(near, every)
        return every[near[np.minimum(at, len(near) - 1)] != every]

    def all(self) -> range:
        """Every figure's order, in text order."""
        return range(len(self.figures))


# How many figures a source keeps made (FigureIndex.figure; and in the sentences figures_in keeps): a few hundred
# bytes each, 8 MB or so each way. A sentence holding more figures than SENTENCE_KEPT is not kept.
FIGURES_KEPT = 16384
SENTENCE_KEPT = 64
# What the index works out as claims ask, left behind when it is pickled (made again when first wanted).
_MADE_HERE = ("_views", "_memo", "_made", "_made_in", "_made_in_count")
# How many answers of candidate_orders a source keeps (emptied when full), and the longest kept: at most
# 4096 x 1024 orders, 32 MB.
MEMO_KEPT = 4096
MEMO_ORDERS = 1024


def _values_of(c: Figure) -> tuple:
    """Every field of a claim's figure that _candidate_orders reads (and the functions it calls): figures
    equal in these have the same candidates. A field read there must be added here."""
    return (c.kind, c.value, c.low, c.high, c.high_value, c.tolerance, c.bound, c.unit, c.is_range, c.approx,
            c.vague)


def _window(c: Figure) -> tuple[float, float]:
    """Values a source figure must come near to bear on the claim's: its span, widened by its own width,
    its rounding and (for a bound) the reach of a bound."""
    hv = c.high_value if c.high_value is not None else c.value
    lo, hi = min(c.low, c.value, hv), max(c.high, c.value, hv)
    t = abs(c.tolerance) + 0.5
    if c.bound:
        v = c.value
        lo, hi = min(lo, v / 2.0 - t if v > 0 else lo), max(hi, 2.0 * v + t)
    width = hi - lo if not (math.isinf(lo) or math.isinf(hi)) else 0.0
    pad = width + t + 1e-6 * max(1.0, abs(lo) if not math.isinf(lo) else 1.0, abs(hi) if not math.isinf(hi) else 1.0)
    return lo - pad, hi + pad


def _near_window(c: Figure) -> tuple[float, float]:
    """Values that may back a bound: near it (within the reach of a bound, or its rounding), padded.
    Beyond them a value only satisfies the bound (INSIDE), or breaks it.

    Only on the bound's own side: "more than 772,871" is backed up to twice its value, and below its value
    (less its rounding, t) nothing backs or holds it (figures/compare.py, _compare_bound): a single value
    there breaks it (x < low - tolerance, and below what rounds to it), a range or a vague figure ends
    there (hi_g < low), and a bound backs it only if its value rounds to the claim's (or the claim's to it:
    then the source's span, its value plus its rounding, reaches the claim's value). "less than 3,000"
    likewise above its high end. The figures of the other side compare DIFFERS: a third of a large page's
    values near a bound, thousands whose bounds were computed and sorted for nothing."""
    v, t = c.value, abs(c.tolerance) + 0.5
    if v <= 0:
        return _window(c)  # a bound at zero or below reaches without limit
    if c.bound == "max":
        lo, hi = min(v / 2.0 - t, v - t), max(v + t, c.high + t)
    else:
        lo, hi = min(v - t, c.low - t), max(2.0 * v + t, v + t)
    pad = t + 1e-6 * max(1.0, abs(lo), abs(hi))
    full_lo, full_hi = _window(c)
    return max(full_lo, lo - pad), min(full_hi, hi + pad)


_BOUNDS = {"min": 1, "max": 2}  # a bound's direction as _Sorted keeps it (0: none)


def _holder(f) -> bool:
    """A bound, a range or a vague figure (a Figure or a FigureTable Shape): backs no single value."""
    return bool(f.bound or f.is_range or f.vague)


def _single_value(c: Figure) -> bool:
    """A claim's figure that only a single value backs (compare: _compare_value, not a date's rules)."""
    return c.kind != "date" and not _holder(c)


def _plain_year(f: Figure) -> bool:
    return f.kind == "date" and not f.is_range and int(f.value) % 10000 == 0


def _plain_integer(f: Figure) -> bool:
    return _plain_kind(f) and f.value == int(f.value) and f.low == f.high


def _plain_kind(f) -> bool:
    """A count written as a bare number (a Figure or a FigureTable Shape): "1,620" may be a year."""
    return f.kind == "count" and not f.unit and not f.is_range and not f.bound and not f.approx and not f.vague
