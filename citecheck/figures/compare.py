"""Compare a claim's figure with a source's figure the way a fact-checker does.

The question is always "does the source's figure back the claim's figure?", so the relation is
not symmetric: a source's range backs a claim of that range, but a claim of one value inside the
source's range is reported as INSIDE, never as support for a figure the source did not give.
"""

from __future__ import annotations

import enum
import math

from citecheck.model import Figure

# Families of kinds that can be compared at all: a year and a full date can be; money and a count not.
FAMILY = {"count": "count", "money": "money", "percent": "percent", "points": "points",
          "date": "date", "ordinal": "ordinal"}


class Relation(enum.Enum):
    MATCH = "match"  # the source's figure backs the claim's
    INSIDE = "inside"  # the claim is narrower than what the source says (a value inside its range)
    DIFFERS = "differs"  # same kind and unit, another value: a contradiction if about the same thing
    INCOMPARABLE = "incomparable"  # another kind or unit: says nothing either way


def comparable(a: Figure, b: Figure) -> bool:
    if FAMILY.get(a.kind) != FAMILY.get(b.kind):
        return False
    if a.kind == "money" and a.unit and b.unit and a.unit != b.unit:
        return False
    return True


def _eps(x: float) -> float:
    return 1e-9 * max(1.0, abs(x)) if not math.isinf(x) else 0.0


def _within(x: float, lo: float, hi: float) -> bool:
    return lo - _eps(lo) <= x <= hi + _eps(hi)


def compare(claim: Figure, source: Figure) -> Relation:
    if not comparable(claim, source):
        return Relation.INCOMPARABLE
    if claim.kind == "date":
        return _compare_dates(claim, source)
    if claim.vague:
        if source.is_range or source.bound:
            return Relation.MATCH if _within(source.low, claim.low, claim.high) else Relation.DIFFERS
        return Relation.MATCH if _within(source.value, claim.low, claim.high) else Relation.DIFFERS
    if claim.bound:
        return _compare_bound(claim, source)
    if claim.is_range:
        return _compare_range(claim, source)
    # A single value.
    if source.is_range or source.bound or source.vague:
        return Relation.INSIDE if _within(claim.value, source.low, source.high) else Relation.DIFFERS
    if _within(claim.value, source.low, source.high) or _within(source.value, claim.low, claim.high):
        return Relation.MATCH
    return Relation.DIFFERS


def _compare_bound(claim: Figure, source: Figure) -> Relation:
    # "more than 2.5 million" is backed by 2.64 million, or by "more than 2.6 million".
    if source.bound and source.bound != claim.bound:
        return Relation.DIFFERS
    lo, hi = (source.low, source.high)
    if not source.is_range and not source.bound:
        lo = hi = source.value
    if _within(lo, claim.low, claim.high) and _within(hi, claim.low, claim.high):
        return Relation.MATCH
    if claim.bound == "min" and _within(claim.value, lo, hi):
        return Relation.INSIDE
    if claim.bound == "max" and _within(claim.value, lo, hi):
        return Relation.INSIDE
    return Relation.DIFFERS


def _compare_range(claim: Figure, source: Figure) -> Relation:
    c_hi = claim.high_value if claim.high_value is not None else claim.value
    if source.is_range and source.high_value is not None:
        low_ok = _within(claim.value, source.value - _tol(source, "low"), source.value + _tol(source, "low")) \
            or abs(claim.value - source.value) <= (claim.value - claim.low) + _eps(claim.value)
        high_ok = _within(c_hi, source.high_value - _tol(source, "high"), source.high_value + _tol(source, "high")) \
            or abs(c_hi - source.high_value) <= (claim.high - c_hi) + _eps(c_hi)
        if low_ok and high_ok:
            return Relation.MATCH
        if _within(claim.value, source.low, source.high) and _within(c_hi, source.low, source.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    if source.bound:
        if _within(claim.value, source.low, source.high) and _within(c_hi, source.low, source.high):
            return Relation.INSIDE
        return Relation.DIFFERS
    return Relation.DIFFERS


def _tol(f: Figure, end: str) -> float:
    if end == "low":
        return max(0.0, f.value - f.low)
    return max(0.0, f.high - (f.high_value or f.value))


def _date_parts(v: float) -> tuple[int, int, int]:
    n = int(v)
    return n // 10000, (n // 100) % 100, n % 100


def _compare_dates(claim: Figure, source: Figure) -> Relation:
    if claim.is_range or source.is_range:
        if claim.is_range and not source.is_range:
            return Relation.MATCH if _within(source.value, claim.low, claim.high) else Relation.DIFFERS
        if source.is_range and not claim.is_range:
            return Relation.INSIDE if _within(claim.value, source.low, source.high) else Relation.DIFFERS
        return Relation.MATCH if (claim.low, claim.high) == (source.low, source.high) else Relation.DIFFERS
    cp, sp = _date_parts(claim.value), _date_parts(source.value)
    for c, s in zip(cp, sp):
        if c and s and c != s:
            return Relation.DIFFERS
    if all(s or not c for c, s in zip(cp, sp)):
        return Relation.MATCH
    return Relation.INSIDE
