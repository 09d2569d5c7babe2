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
# Every field of Figure is either an offset, a number column, the text, or a field of Shape; the
# test suite checks this stays so when Figure grows a field.
_SHAPE_FIELDS = ("kind", "unit", "is_range", "bound", "approx", "vague", "anchor", "span", "side")
STORED_FIELDS = frozenset(("text", "start", "end", *_NUMBERS, *_SHAPE_FIELDS))
assert STORED_FIELDS == {f.name for f in fields(Figure)}, "FigureTable must store every field of Figure"


class FigureTable(Sequence):
    """Figures of one text, in the order appended (a reader's order: by position)."""

    __slots__ = ("text", "starts", "ends", "numbers", "shapes", "_shape_ids", "_shape_list", "_odd")

    def __init__(self, text: str, figures: Iterable[Figure] = ()):
        self.text = text
        self.starts = array("q")
        self.ends = array("q")
        self.numbers = tuple(array("d") for _ in _NUMBERS)
        self.shapes = array("I")
        self._shape_ids: dict[Shape, int] = {}
        self._shape_list: list[Shape] = []
        # Figures the columns cannot give back as they are (none that the reader makes: a text other than
        # text[start:end], an int too large for a float), kept whole so that any figure can be stored.
        self._odd: dict[int, Figure] = {}
        self.extend(figures)

    def append(self, f: Figure) -> None:
        k = len(self.starts)
        self.starts.append(f.start)
        self.ends.append(f.end)
        hv, an = f.high_value, f.anchored
        nums = (f.value, f.low, f.high, f.tolerance, 0.0 if hv is None else hv, 0.0 if an is None else an)
        for column, x in zip(self.numbers, nums):
            column.append(x)
        shape = Shape(f.kind, f.unit, f.is_range, f.bound, f.approx, f.vague, f.anchor, f.span, f.side,
                      hv is None, an is None, tuple(x.__class__ is int for x in nums))
        sid = self._shape_ids.get(shape)
        if sid is None:
            sid = self._shape_ids[shape] = len(self._shape_list)
            self._shape_list.append(shape)
        self.shapes.append(sid)
        if f.text != self.text[f.start:f.end] or any(x.__class__ is int and abs(x) > 2**53 for x in nums):
            self._odd[k] = f

    def extend(self, figures: Iterable[Figure]) -> None:
        for f in figures:
            self.append(f)

    def append_from(self, other: FigureTable, k: int) -> None:
        """Append figure k of `other` (a table of the same text) without making it."""
        self.starts.append(other.starts[k])
        self.ends.append(other.ends[k])
        for mine, theirs in zip(self.numbers, other.numbers):
            mine.append(theirs[k])
        shape = other._shape_list[other.shapes[k]]
        sid = self._shape_ids.get(shape)
        if sid is None:
            sid = self._shape_ids[shape] = len(self._shape_list)
            self._shape_list.append(shape)
        self.shapes.append(sid)
        if k in other._odd:
            self._odd[len(self.starts) - 1] = other._odd[k]

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
        if k in self._odd:
            return self._odd[k]
        sh = self._shape_list[self.shapes[k]]
        v, lo, hi, tol, hv, an = (int(col[k]) if is_int else col[k] for col, is_int in zip(self.numbers, sh.int_fields))
        return Figure(text=self.text[s:e], start=s, end=e,
                      kind=sh.kind, value=v, low=lo, high=hi, unit=sh.unit, is_range=sh.is_range, bound=sh.bound,
                      approx=sh.approx, vague=sh.vague, high_value=None if sh.none_high_value else hv,
                      tolerance=tol, anchored=None if sh.none_anchored else an, anchor=sh.anchor, span=sh.span,
                      side=sh.side)

    def __iter__(self) -> Iterator[Figure]:
        for k in range(len(self.starts)):
            yield self[k]

    def orders_where(self, test: Callable[[Shape], bool]) -> Iterator[int]:
        """The orders of the figures whose shape passes `test` (asked once per distinct shape), none made."""
        passes = [test(shape) for shape in self._shape_list]
        return (k for k, sid in enumerate(self.shapes) if passes[sid])

    def shape(self, k: int) -> Shape:
        return self._shape_list[self.shapes[k]]
