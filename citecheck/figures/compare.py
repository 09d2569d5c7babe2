"""Compare a claim's figure with a source's figure the way a fact-checker does.

The question is always "does the source's figure back the claim's figure?", so the relation is
not symmetric:

- a single value is backed when the source's value rounds to it at the precision the claim is
  written with ("2.6 million" by 2,640,000; "67%" by two-thirds; "10,000,000" by "10 million"), or
  falls within the claim's hedge ("about 1,900" by 1,869). A claim more precise than its source
  ("2,808" against "nearly 3,000", "2.64 million" against "2.6 million") is INSIDE: consistent, but
  not what the source says;
- a bound is backed by a figure that satisfies it and lies near it, within a factor of two
  ("more than 2.5 million" by 2.64 million); "more than 14" against 100 is true but understated,
  and "more than 100" against 100 is not quite what the source says: both INSIDE ("at least 100"
  and "up to 100" are backed by 100); a bound against a bound needs the same bound ("more than 57" is not backed by
  "more than 75");
- a range is backed by an equal range, and by a single source value inside it ("2-3 million" by
  2.64 million: the range is the precision the claim commits to, as a hedge is); a claim's range inside a wider source range is INSIDE ("50,000-100,000" against "40,000 to 120,000");
- units must agree: money never matches a count, "%" never matches percentage points, dollars
  never match euros, kilometres never match days (kilometres and metres convert). A bare "$" is
  any dollar (US$ or A$), and "¥" is yen or yuan; "US$" and "A$" differ.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import replace
from functools import lru_cache

from citecheck.figures.units import measure_factor
from citecheck.model import Figure

# Families of kinds that can be compared at all: a year and a full date can be; money and a count not.
FAMILY = {"count": "count", "money": "money", "percent": "percent", "points": "points",
          "date": "date", "ordinal": "ordinal"}
# A bound is backed by a value within this factor of it: "more than 100" by up to 200.
BOUND_REACH = 2.0


class Relation(enum.Enum):
    MATCH = "match"  # the source's figure backs the claim's
    INSIDE = "inside"  # the claim is narrower than what the source says (a value inside its range)
    DIFFERS = "differs"  # same kind and unit, another value: a contradiction if about the same thing
    INCOMPARABLE = "incomparable"  # another kind or unit: says nothing either way


def comparable(a: Figure, b: Figure) -> bool:
    """Can the two figures be compared at all (same kind of quantity, same unit or currency)?"""
    if _year_and_number(a, b):
        return _same_digits(a, b)
    if FAMILY.get(a.kind) != FAMILY.get(b.kind):
        return False
    if a.kind == "money" and a.unit and b.unit and a.unit != b.unit and not _same_money(a, b):
        return False
    if a.kind == "count" and a.unit and b.unit and measure_factor(b.unit, a.unit) is None:
        return False
    if a.kind == "count" and bool(a.unit) != bool(b.unit) and not _implicit(a.unit or b.unit):
        return False  # "45 fossils" and "76 kg" count different things
    return True


def _implicit(unit: str) -> bool:
    """Units a text often leaves out: 'aged 65' is 65 years old."""
    return unit == "year"


DOLLARS = frozenset({"USD", "AUD", "CAD", "NZD", "HKD", "SGD", "TWD", "BRL", "MXN"})
# A dollar named by country: "US$", "A$", "USD", "Canadian dollars". A bare "$" or "dollars" is any dollar:
# an Australian paper's "$5 million" is A$5 million.
_NAMED_DOLLAR_RE = re.compile(
    r"(?:US|U\.S\.|A|AU|AUD|C|CA|CAD|NZ|HK|S|R|MX|NT)\s?\$|\b(?:USD|AUD|CAD|NZD|HKD|SGD|TWD|BRL|MXN)\b"
    r"|\b(?:US|U\.S\.|American|Australian|Canadian|Hong\s+Kong|New\s+Zealand|Singapore|Taiwan)\s+dollars?", re.I)


def _any_dollar(f: Figure) -> bool:
    return f.unit in DOLLARS and not _NAMED_DOLLAR_RE.search(f.text)


def _same_money(a: Figure, b: Figure) -> bool:
    """Currencies that may be the same: a bare "$" and any dollar; "¥" and yen or yuan."""
    if a.unit in DOLLARS and b.unit in DOLLARS and (_any_dollar(a) or _any_dollar(b)):
        return True
    yen_yuan = {"JPY", "CNY"}
    return a.unit in yen_yuan and b.unit in yen_yuan and ("¥" in a.text or "¥" in b.text)


def _eps(x: float) -> float:
    return 1e-9 * max(1.0, abs(x)) if not math.isinf(x) else 0.0


def _within(x: float, lo: float, hi: float) -> bool:
    return lo - _eps(lo) <= x <= hi + _eps(hi)


def is_plain_year(f: Figure) -> bool:
    return f.kind == "date" and not f.is_range and int(f.value) % 10000 == 0


def _is_plain_integer(f: Figure) -> bool:
    return (f.kind == "count" and not f.unit and not f.is_range and not f.bound and not f.approx and not f.vague
            and f.value == int(f.value) and f.low == f.high)


def _year_and_number(a: Figure, b: Figure) -> bool:
    """'1,620' and the year 1620: the same four digits read once as a count, once as a year."""
    return (is_plain_year(a) and _is_plain_integer(b)) or (is_plain_year(b) and _is_plain_integer(a))


def _same_digits(a: Figure, b: Figure) -> bool:
    year, number = (a, b) if a.kind == "date" else (b, a)
    return int(year.value) // 10000 == number.value


def compare(claim: Figure, source: Figure) -> Relation:
    """How the source's figure bears on the claim's (see the module's docstring)."""
    if source.anchored is not None:
        return _compare_anchored(claim, source)
    if _year_and_number(claim, source):
        return Relation.MATCH if _same_digits(claim, source) else Relation.INCOMPARABLE
    if not comparable(claim, source):
        return Relation.INCOMPARABLE
    if claim.kind == "date":
        return _compare_dates(claim, source)
    source = _in_units_of(source, claim)
    if _opposite_signs(claim, source):
        # "-3%" against "3%": writers put a fall as "-3%" or as "fell 3%", and only the words around say
        # which; the same magnitude with the other sign neither backs nor contradicts the claim.
        flipped = replace(source, value=-source.value, low=-source.high, high=-source.low)
        if compare(claim, flipped) in (Relation.MATCH, Relation.INSIDE):
            return Relation.INCOMPARABLE
    if claim.vague:
        return _compare_vague(claim, source)
    if claim.bound:
        return _compare_bound(claim, source)
    if claim.is_range:
        return _compare_range(claim, source)
    return _compare_value(claim, source)


def _opposite_signs(a: Figure, b: Figure) -> bool:
    """Single values, one below zero and the other above (ranges and bounds compare as written)."""
    plain = not (a.is_range or b.is_range or a.bound or b.bound or a.vague or b.vague)
    return plain and a.value * b.value < 0


def _in_units_of(source: Figure, claim: Figure) -> Figure:
    """The source's figure in the claim's unit of measure: 1,700 m as 1.7 km."""
    if claim.kind != "count" or not claim.unit or not source.unit or claim.unit == source.unit:
        return source
    k = measure_factor(source.unit, claim.unit)
    if k is None or k == 1.0:
        return source
    return replace(source, value=source.value * k, low=source.low * k, high=source.high * k, unit=claim.unit,
                   tolerance=source.tolerance * k,
                   high_value=None if source.high_value is None else source.high_value * k)


def _hi_value(f: Figure) -> float:
    return f.high_value if f.is_range and f.high_value is not None else f.value


def _half(f: Figure) -> float:
    """Half the unit of the figure's last written digit; half a unit for exact whole numbers."""
    half = f.tolerance
    if half <= 0 and f.value == int(f.value):
        half = 0.5  # "117" is backed by 116.6, "67%" by 66.67%
    return half


def _rounds_to(claim: Figure, x: float) -> bool:
    """Is `x` the claim's value at the precision the claim is written with?"""
    half = _half(claim)
    return _within(x, claim.value - half, claim.value + half)


def _compare_value(claim: Figure, source: Figure) -> Relation:
    if source.vague:
        return Relation.INSIDE if _within(claim.value, source.low, source.high) else Relation.DIFFERS
    if source.is_range:
        if _within(claim.value, source.low, source.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    if source.bound:
        return Relation.INSIDE if _within(claim.value, source.low, source.high) else Relation.DIFFERS
    if _within(source.value, claim.low, claim.high) or _rounds_to(claim, source.value):
        return Relation.MATCH
    if _within(claim.value, source.low, source.high):
        return Relation.INSIDE  # "2,808" against "nearly 3,000": the source is not that precise
    return Relation.DIFFERS


def _near_bound(claim: Figure, x: float) -> bool:
    """Does `x` satisfy the claim's bound, and lie near it?"""
    v, t = claim.value, claim.tolerance
    if claim.bound == "min":
        return _within(x, claim.low - t, v * BOUND_REACH + t if v > 0 else math.inf)
    return _within(x, v / BOUND_REACH - t if v > 0 else claim.low, claim.high + t)


# Bounds that include their value: "at least 5" is backed by 5, "more than 5" is not.
_INCLUSIVE_RE = re.compile(
    r"at\s+least|no\s+(?:fewer|less|more)\s+than|not\s+(?:fewer|less|more)\s+than|upwards?\s+of|a\s+minimum|"
    r"a\s+max|or\s+(?:more|less|fewer|greater|higher|lower)|and\s+(?:over|above|up)|\+|plus|up\s+to|at\s+most|"
    r"as\s+(?:many|much|high|few|little)\s+as|not\s+exceeding|[≥≤]|>=|<=", re.I)


def _strict(f: Figure) -> bool:
    return bool(f.bound) and not _inclusive(f.text)


@lru_cache(maxsize=4096)
def _inclusive(text: str) -> bool:
    """Does a bound's wording include its value? Asked of a claim's bound for every source figure it is
    compared with (thousands near a bound on a large page): the search once per wording."""
    return _INCLUSIVE_RE.search(text) is not None


def _compare_bound(claim: Figure, source: Figure) -> Relation:
    if source.bound:
        if source.bound != claim.bound:
            return Relation.DIFFERS
        # "more than 2.5 million" and "over 2,500,000" say the same; "more than 57" and "more than 75" do not.
        if _rounds_to(claim, source.value) or _rounds_to(source, claim.value):
            return Relation.MATCH
        return Relation.DIFFERS
    if source.is_range or source.vague:
        lo, hi = (source.value, _hi_value(source)) if source.is_range else (source.low, source.high)
        edge = lo if claim.bound == "min" else hi
        if _near_bound(claim, edge) and _within(lo, claim.low, claim.high) and _within(hi, claim.low, claim.high):
            return Relation.MATCH
        if _within(lo, claim.low, claim.high) and _within(hi, claim.low, claim.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    if _strict(claim) and _rounds_to(claim, source.value):
        return Relation.INSIDE  # "more than 100" against 100: consistent, but not what the source says
    if _near_bound(claim, source.value):
        return Relation.MATCH
    if _within(source.value, claim.low, claim.high):
        return Relation.INSIDE  # true, but far from the bound: "more than 14 days" for 100 days
    return Relation.DIFFERS


def _compare_range(claim: Figure, source: Figure) -> Relation:
    c_lo, c_hi = claim.value, _hi_value(claim)
    if source.is_range:
        s_lo, s_hi = source.value, _hi_value(source)
        lo_ok = _end_matches(c_lo, s_lo, claim.value - claim.low)
        hi_ok = _end_matches(c_hi, s_hi, claim.high - c_hi)
        if lo_ok and hi_ok:
            return Relation.MATCH
        if _within(c_lo, source.low, source.high) and _within(c_hi, source.low, source.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    if source.bound or source.vague:
        if _within(c_lo, source.low, source.high) and _within(c_hi, source.low, source.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    # A single source value inside the claim's range backs it: the range is the precision the claim
    # commits to, as "about" is ("2-3 million" against 2.64 million is true as written).
    if _within(source.value, claim.low, claim.high):
        return Relation.MATCH
    return Relation.DIFFERS


def _end_matches(c: float, s: float, tol: float) -> bool:
    half = max(tol, 0.5 if c == int(c) else 0.0)
    return abs(c - s) <= half + _eps(c)


def _compare_vague(claim: Figure, source: Figure) -> Relation:
    """'hundreds of' is backed by any figure from two hundred up to a thousand."""
    if source.is_range or source.bound or source.vague:
        lo = source.value if (source.is_range or source.bound == "min") else source.low
        return Relation.MATCH if _within(lo, claim.low, claim.high) else Relation.DIFFERS
    return Relation.MATCH if _within(source.value, claim.low, claim.high) else Relation.DIFFERS


def _compare_anchored(claim: Figure, source: Figure) -> Relation:
    """A date the page's own date completes may back a claim's date, never contradict it.

    As written ("May 7", "Monday") it is compared as usual; where that falls short of the claim
    (INSIDE: the claim names a year the text leaves out) the date the page gives it decides.
    """
    written = replace(source, anchored=None, anchor="")
    rel = compare(claim, written) if source.value else Relation.INCOMPARABLE
    if claim.kind != "date" or rel not in (Relation.INSIDE, Relation.INCOMPARABLE):
        return rel
    code = source.anchored
    dated = replace(written, value=code, low=code, high=code)
    return Relation.MATCH if _compare_dates(claim, dated) is Relation.MATCH else rel


def _date_parts(v: float) -> tuple[int, int, int]:
    n = int(v)
    return n // 10000, (n // 100) % 100, n % 100


def _compare_dates(claim: Figure, source: Figure) -> Relation:
    if claim.is_range or source.is_range:
        if claim.is_range and not source.is_range:
            return Relation.MATCH if _within(source.value, claim.low, claim.high) else Relation.DIFFERS
        if source.is_range and not claim.is_range:
            if _within(claim.value, source.low, source.high):
                return Relation.INSIDE
            # "the 1970s" is no rival to "April 20, 2018": a span of years says nothing about a day.
            return Relation.DIFFERS if _date_parts(claim.value)[1] == 0 else Relation.INCOMPARABLE
        # Two spans: end by end, each as a date ("September 3-17" backs "September 3-17, 2024" only INSIDE).
        ends = (_compare_date_codes(claim.low, source.low), _compare_date_codes(claim.high, source.high))
        if Relation.DIFFERS in ends:
            return Relation.DIFFERS
        return Relation.MATCH if ends == (Relation.MATCH, Relation.MATCH) else Relation.INSIDE
    return _compare_date_codes(claim.value, source.value)


def _compare_date_codes(claim: float, source: float) -> Relation:
    """Two dates as yyyymmdd codes, a part 0 where the text does not give it."""
    cp, sp = _date_parts(claim), _date_parts(source)
    for c, s in zip(cp, sp):
        if c and s and c != s:
            return Relation.DIFFERS
    if all(s or not c for c, s in zip(cp, sp)):
        return Relation.MATCH
    return Relation.INSIDE


# ------------------------------------------------------------------------------------------ spans of time

# Years in one unit of a length of time, and the slack its wording allows: "three decades" is 25 to 35
# years as writers use it, "six years" is six.
_YEARS = {"year": (1.0, 0.0), "decade": (10.0, 5.0), "century": (100.0, 50.0), "month": (1 / 12, 0.0),
          "week": (7 / 365.25, 0.0), "day": (1 / 365.25, 0.0)}


def span_years(f: Figure, page_date: dt.date | None = None) -> tuple[float, float] | None:
    """The number of years a span of time stands for, as (fewest, most), or None if `f` is no span.

    - a length of time (`span` "duration", "later" or "ago": "in six years", "a decade later",
      "for three decades"): its value in years, "decades" and "centuries" give or take half a unit;
    - "since 2019" (`span` "since"): the years from 2019 to the page's date, which the writer may
      count either way: 2019 to a 2025 page is 5 to 6 years. Needs `page_date`.
    """
    if f.span == "since" and f.kind == "date":
        year = int(f.value) // 10000
        if not year or page_date is None or year > page_date.year:
            return None
        d = page_date.year - year
        return (max(0.0, d - 1.0), float(d))
    if f.span in ("duration", "later", "ago") and f.kind == "count" and f.unit in _YEARS:
        per, slack = _YEARS[f.unit]
        lo, hi = f.low * per, f.high * per
        if math.isinf(hi):
            return None
        return (max(0.0, lo - slack), hi + slack)
    return None


def compare_spans(claim: Figure, source: Figure, page_date: dt.date | None) -> Relation:
    """Does the source's span of time back the claim's? "the first increase in six years" is backed by
    "the first increase since 2019" on a page of 2025 (the caller passes the source page's date), and
    contradicted by it on a page of 2022. INCOMPARABLE when either figure is no span of years (see
    `span_years`), so the caller may fall back on `compare`."""
    c, s = span_years(claim, page_date), span_years(source, page_date)
    if c is None or s is None:
        return Relation.INCOMPARABLE
    if c[0] - _eps(c[0]) <= s[1] and s[0] <= c[1] + _eps(c[1]):
        return Relation.MATCH
    return Relation.DIFFERS


def years_between(earlier: Figure, later: Figure) -> int | None:
    """Whole years from one dated figure to another ("in 2010 ... a decade later, in 2020": 10), for
    relating a "later" span to the passage's own dates; None unless both give a year."""
    if earlier.kind != "date" or later.kind != "date":
        return None
    a, b = int(earlier.value) // 10000, int(later.value) // 10000
    return b - a if a and b else None
