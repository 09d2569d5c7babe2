"""A text's figures stored in columns, each Figure made when it is asked for.

Memory: a Figure object with its numbers and its text costs about 400 bytes, and a page near the
size cap holds a million figures (issue 15: 893 MB for a 24 MB page with a figure in every
sentence). Here a figure costs about 70 bytes: its offsets and numbers sit in typed arrays, and what
few distinct values its other fields take (kind, unit, bound, hedges, the page date it was reckoned
from, ...) is one small "shape" shared by all figures alike. Its text is the slice of the text it was
read from, cut again when the figure is made. A claim looks at a few hundred of a source's figures,
so making those on demand costs microseconds.

A FigureTable is a read-only Sequence[Figure] once built: `table[k]` gives a Figure equal to the one
appended (same field values, same types: a date's value stays an int).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import compress, repeat
from operator import is_, ne
from typing import NamedTuple, overload

from citecheck.model import Figure


class Shape(NamedTuple):
    """A figure's fields other than its offsets and numbers, shared by all figures that have them alike."""

    kind: str
    unit: str
    is_range: bool
    bound: str
    approx: bool
    vague: bool
    anchor: str
    span: str
    side: str
    # Which numbers are None (high_value, anchored) and which are ints rather than floats (a date's value
    # is the int yyyymmdd): the columns hold floats, and a figure must come back as it went in.
    none_high_value: bool
    none_anchored: bool
    int_fields: tuple[bool, ...]  # value, low, high, tolerance, high_value, anchored


_NUMBERS = ("value", "low", "high", "tolerance", "high_value", "anchored")
# Every field of Figure is stored (an offset, the text, a number column or a field of Shape), and figures
# are made with positional arguments: checked here, so that a field added to Figure fails at import.
_ORDER = ("text", "start", "end", "kind", "value", "low", "high", "unit", "is_range", "bound", "approx", "vague",
          "high_value", "tolerance", "anchored", "anchor", "span", "side")
assert _ORDER == tuple(f.name for f in fields(Figure)), "FigureTable must store and make every field of Figure"


_NONE_AS_ZERO = {None: 0.0}  # (a number column holds 0.0 for None: the shape says which it was)


def _too_large(*numbers) -> bool:
    """Is one of `numbers` an int a float column would not give back exactly? (A loop, not any() over a
    generator: a date, one figure in six, asks.)"""
    for x in numbers:
        if x.__class__ is int and abs(x) > 2**53:
            return True
    return False


class FigureTable(Sequence):
    """Figures of one text, in the order appended (a reader's order: by position)."""

    __slots__ = ("text", "starts", "ends", "numbers", "shapes", "_shape_ids", "shape_list", "odd")

    def __init__(self, text: str, figures: Iterable[Figure] = (), like: FigureTable | None = None):
        """`like`: a table of the same text whose shapes this one shares, so that append_from copies a
        figure's shape id as it is."""
        self.text = text
        self.starts = array("q")
        self.ends = array("q")
        self.numbers = tuple(array("d") for _ in _NUMBERS)
        self.shapes = array("I")
        # Shapes by a plain tuple of their fields (a NamedTuple is slower to make; one is made per new shape).
        self._shape_ids: dict[tuple, int] = like._shape_ids if like is not None else {}
        self.shape_list: list[Shape] = like.shape_list if like is not None else []
        # Figures the columns cannot give back as they are (none that the reader makes: a text other than
        # text[start:end], an int too large for a float), kept whole so that any figure can be stored.
        self.odd: dict[int, Figure] = {}
        self.extend(figures)

    def _shape_id(self, key: tuple) -> int:
        sid = self._shape_ids.get(key)
        if sid is None:
            sid = self._shape_ids[key] = len(self.shape_list)
            self.shape_list.append(Shape(*key))
        return sid

    def append(self, f: Figure) -> None:
        self.extend((f,))

    def extend(self, figures: Iterable[Figure]) -> None:
        """Append each figure, in one loop (speed: the columns' appends and the shape lookup are looked up
        once, not once per figure, as a page's hundred thousand figures come in here)."""
        text = self.text
        add_start, add_end, add_shape = self.starts.append, self.ends.append, self.shapes.append
        values, lows, highs, tols, hvs, ans = self.numbers
        add_value, add_low, add_high, add_tol, add_hv, add_an = (values.append, lows.append, highs.append, tols.append,
                                                                   hvs.append, ans.append)
        shape_of, new_shape, odd, starts = self._shape_ids.get, self._shape_id, self.odd, self.starts
        for f in figures:
            start, end, v, lo, hi, tol, hv, an = f.start, f.end, f.value, f.low, f.high, f.tolerance, f.high_value, \
                f.anchored
            add_start(start)
            add_end(end)
            add_value(v)
            add_low(lo)
            add_high(hi)
            add_tol(tol)
            add_hv(0.0 if hv is None else hv)
            add_an(0.0 if an is None else an)
            ints = (v.__class__ is int, lo.__class__ is int, hi.__class__ is int, tol.__class__ is int,
                    hv.__class__ is int, an.__class__ is int)
            key = (f.kind, f.unit, f.is_range, f.bound, f.approx, f.vague, f.anchor, f.span, f.side, hv is None,
                   an is None, ints)
            sid = shape_of(key)
            add_shape(new_shape(key) if sid is None else sid)
            if f.text != text[start:end] or (True in ints and _too_large(v, lo, hi, tol, hv, an)):
                odd[len(starts) - 1] = f

    def extend_rows(self, rows: list[tuple]) -> None:
        """Append figures given as rows, tuples of the fields of Figure in its order (the reader's rows,
        figures/read.py): what extend(Figure(*row) for row in rows) appends. Speed: the rows are cut into
        columns by zip, and the numbers, the shape keys and the test for odd figures made from the columns by
        map and zip, all in C; a step of Python only for a shape not seen before (a page of a hundred thousand
        figures has a few dozen) and for an odd figure (none that the reader makes)."""
        if not rows:
            return
        (texts, starts, ends, kinds, values, lows, highs, units, is_ranges, bounds, approxs, vagues, hvs, tols, ans,
         anchors, spans, sides) = zip(*rows)
        base = len(self.starts)
        self.starts.extend(starts)
        self.ends.extend(ends)
        col_value, col_low, col_high, col_tol, col_hv, col_an = self.numbers
        col_value.extend(values)
        col_low.extend(lows)
        col_high.extend(highs)
        col_tol.extend(tols)
        col_hv.extend(map(_NONE_AS_ZERO.get, hvs, hvs))  # (None as 0.0, any other number as it is)
        col_an.extend(map(_NONE_AS_ZERO.get, ans, ans))
        # The key of extend, column by column: (x.__class__ is int) is `type(x) is int`, (hv is None) `hv is None`.
        number_columns = (values, lows, highs, tols, hvs, ans)
        ints = [list(map(is_, map(type, col), repeat(int))) for col in number_columns]
        keys = list(zip(kinds, units, is_ranges, bounds, approxs, vagues, anchors, spans, sides,
                        map(is_, hvs, repeat(None)), map(is_, ans, repeat(None)), zip(*ints)))
        ids = list(map(self._shape_ids.get, keys))
        if None in ids:  # new shapes, made in the order they first come, as extend makes them
            for key in dict.fromkeys(compress(keys, map(is_, ids, repeat(None)))):
                self._shape_id(key)
            ids = map(self._shape_ids.__getitem__, keys)
        self.shapes.extend(ids)
        # Odd figures (extend's test): a text other than text[start:end], or an int a float column cannot hold.
        text = self.text
        odd = set(compress(range(len(rows)), map(ne, texts, map(text.__getitem__, map(slice, starts, ends)))))
        for col, is_int in zip(number_columns, ints):
            if True in is_int and max(map(abs, compress(col, is_int))) > 2**53:
                odd.update(k for k, x in enumerate(col) if x.__class__ is int and abs(x) > 2**53)
        for k in sorted(odd):
            self.odd[base + k] = Figure(*rows[k])

    def append_from(self, other: FigureTable, k: int) -> None:
        """Append figure k of `other` (a table of the same text) without making it."""
        self.starts.append(other.starts[k])
        self.ends.append(other.ends[k])
        a, b, c, d, e, f = self.numbers
        oa, ob, oc, od, oe, of = other.numbers
        a.append(oa[k])
        b.append(ob[k])
        c.append(oc[k])
        d.append(od[k])
        e.append(oe[k])
        f.append(of[k])
        sid = other.shapes[k]
        self.shapes.append(sid if other.shape_list is self.shape_list else self._shape_id(tuple(other.shape_list[sid])))
        if k in other.odd:
            self.odd[len(self.starts) - 1] = other.odd[k]

    def extend_from(self, other: FigureTable) -> None:
        """Append every figure of `other` (a table of the same text, a later piece of it), without making them."""
        base = len(self)
        self.starts.extend(other.starts)
        self.ends.extend(other.ends)
        for mine, theirs in zip(self.numbers, other.numbers):
            mine.extend(theirs)
        ids = [self._shape_id(tuple(shape)) for shape in other.shape_list]
        self.shapes.extend(ids[sid] for sid in other.shapes)
        self.odd.update((base + k, f) for k, f in other.odd.items())

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def values(self) -> array:
        return self.numbers[0]

    @overload
    def __getitem__(self, k: int) -> Figure: ...
    @overload
    def __getitem__(self, k: slice) -> list[Figure]: ...

    def __getitem__(self, k):
        if k.__class__ is slice:
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self.starts)
            if k < 0:
                raise IndexError("figure index out of range")
        s, e = self.starts[k], self.ends[k]  # IndexError past the end, as a list raises it
        if k in self.odd:
            return self.odd[k]
        sh = self.shape_list[self.shapes[k]]
        values, lows, highs, tols, hvs, ans = self.numbers
        v, lo, hi, tol = values[k], lows[k], highs[k], tols[k]
        hv = None if sh.none_high_value else hvs[k]
        an = None if sh.none_anchored else ans[k]
        ints = sh.int_fields
        if True in ints:  # a date: its value is the int yyyymmdd
            v, lo, hi, tol = (int(x) if i else x for x, i in zip((v, lo, hi, tol), ints))
            hv = int(hv) if ints[4] and hv is not None else hv
            an = int(an) if ints[5] and an is not None else an
        return Figure(self.text[s:e], s, e, sh.kind, v, lo, hi, sh.unit, sh.is_range, sh.bound, sh.approx, sh.vague,
                      hv, tol, an, sh.anchor, sh.span, sh.side)

    def __iter__(self) -> Iterator[Figure]:
        for k in range(len(self.starts)):
            yield self[k]

    def orders_where(self, test: Callable[[Shape], bool]) -> Iterator[int]:
        """The orders of the figures whose shape passes `test` (asked once per distinct shape), none made."""
        passes = [test(shape) for shape in self.shape_list]
        return (k for k, sid in enumerate(self.shapes) if passes[sid])
