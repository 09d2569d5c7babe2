"""Number words: "six", "twenty-eight", "eighty thousand", "a dozen", "half a million", "two-thirds"."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
# "hundreds of" is at least two hundred and less than a thousand: a loose bound, never exact.
VAGUE = {
    "dozens": (24, 144), "scores": (40, 200), "hundreds": (200, 999), "thousands": (2000, 999_999),
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "millions": (2e6, 999e6), "tens of millions": (2e7, 99e6), "hundreds of millions": (2e8, 999e6),
    "billions": (2e9, 999e9),
}

_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES, "dozen"], key=len, reverse=True))
# A run of number words joined by spaces, hyphens or "and" ("one hundred and twenty-five").
NUMBER_WORDS_RE = re.compile(
    rf"\b(?:a\s+|an\s+)?(?:{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*\b", re.IGNORECASE
)
FRACTION_RE = re.compile(
    r"\b(?P<num>one|two|three|four|five|six|seven|eight|nine|a|an)[\s-]+"
    r"(?P<den>" + "|".join(DENOMINATORS) + r")\b(?!\s+of\s+(?:a|an)\s+(?:mile|hour|century))",
    re.IGNORECASE,
)
ONE_IN_RE = re.compile(
    r"\b(?P<num>one|two|three|\d{1,2})\s+(?:in|out\s+of)\s+(?P<den>\d{1,4}|"
    + "|".join([*UNITS, *TENS]) + r")\b(?!\s*(?:%|percent|per\s+cent))",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"\b(?:(?P<pre>tens|hundreds)\s+of\s+)?(?P<word>dozens|scores|hundreds|thousands|millions|billions)"
    r"\s+of\b",
    re.IGNORECASE,
)


def words_value(words: str) -> float | None:
    """The value of a run of number words, or None if it is not a well-formed number."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens:
        return None
    total, current, seen = 0.0, 0.0, False
    for i, t in enumerate(tokens):
        if t in ("a", "an"):
            if i != 0:
                return None
            current = 1
            continue
        if t in UNITS:
            current += UNITS[t]
        elif t in TENS:
            current += TENS[t]
        elif t == "dozen":
            current = (current or 1) * 12
        elif t == "hundred":
            current = (current or 1) * 100
        elif t in SCALES:
            total += (current or 1) * SCALES[t]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def fraction_value(num: str, den: str) -> float | None:
    n = 1 if num.lower() in ("a", "an") else UNITS.get(num.lower())
    d = DENOMINATORS.get(den.lower())
    if n is None or d is None or n >= d and d != 2:
        return None
    return n / d


def small_number(word: str) -> float | None:
    if word.isdigit():
        return float(word)
    return UNITS.get(word.lower()) or TENS.get(word.lower())
