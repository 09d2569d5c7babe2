"""Number words: "six", "twenty-eight", "eighty thousand", "a dozen", "half a million", "two-thirds".

`NUMBER_WORDS_RE` finds runs of number words; `split_number_words` reads a run as one or more
well-formed numbers ("sixteen and twenty-four" is two numbers, "one hundred and twenty-five" one).
"""

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
# "seventy-five thousands": a plural scale word after a number is the scale; alone ("thousands of") it is vague.
PLURAL_SCALES = {"hundreds": "hundred", "thousands": "thousand", "millions": "million", "billions": "billion",
                 "trillions": "trillion"}
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
    "billions": (2e9, 999e9), "tens of billions": (2e10, 99e9), "hundreds of billions": (2e11, 999e9),
    "several hundred": (200, 999), "a few hundred": (200, 999), "several thousand": (2000, 9999),
    "a few thousand": (2000, 9999), "several million": (2e6, 9.99e6), "a few million": (2e6, 9.99e6),
    "several billion": (2e9, 9.99e9), "a few billion": (2e9, 9.99e9), "several dozen": (24, 144),
    "a few dozen": (24, 144),
}

def trie_pattern(words: list[str]) -> str:
    """One regex alternative for many words, branching letter by letter: much faster than "a|b|c"."""
    tree: dict = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(k) + emit(v) for k, v in sorted(node.items()) if k]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(tree)


def top_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern` at its top level: "a|b(?:c|d)" gives ["a", "b(?:c|d)"]."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # an escaped character is never a bracket or a bar
        elif c == "[":
            i = pattern.index("]", i + 2)  # a class: "[\\s-]" (a "]" right after "[" would be a member)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return out + [pattern[start:]]


_WORD = trie_pattern([*UNITS, *TENS, *SCALES, *PLURAL_SCALES, "dozen"])
# A run of number words joined by spaces, hyphens, "and" ("one hundred and twenty-five") or "point"
# ("twelve point nine nine").
# Each pattern that scans a whole text opens with a lookahead on its first letter, so that the engine
# tries it only where such a letter stands (much faster than trying every position).
NUMBER_WORDS_RE = re.compile(
    rf"(?=[aotfsenhmbdzAOTFSENHMBDZ])\b(?:(?:a|an)\s+)?(?:{_WORD})(?:(?:\s+and\s+|\s+point\s+|\s+|-)(?:{_WORD}))*\b", re.IGNORECASE
)
_TOKEN_RE = re.compile(rf"\b(?:a|an|and|point|{_WORD})\b", re.IGNORECASE)

FRACTION_RE = re.compile(
    r"(?=[otfsenaOTFSENA])\b(?P<num>one|two|three|four|five|six|seven|eight|nine|a|an)[\s-]+"
    r"(?P<den>" + "|".join(DENOMINATORS) + r")\b"
    r"(?!\s+(?:of\s+)?(?:a|an|the)\s+(?:mile|hour|minute|second|century|day|week|month|year|inch|point|"
    r"percentage\s+point|cup|pound|kilo)s?\b)"
    r"(?!\s+(?:mile|hour|minute|day|week|month|year|inch|point|percent|per\s+cent)s?\b)"
    r"(?P<of>\s+of\b)?",
    re.IGNORECASE,
)
# "half of", "half the": 50%. Not "the second half of", "half an hour", "half a million".
HALF_RE = re.compile(r"(?=[ohOH])\b(?:one[\s-])?half\s+(?=(?:of\s+)?(?:the|all|its|their|his|her|our|those|these)\b)",
                     re.IGNORECASE)
# ... but not "the second half of", "the other half of".
NOT_HALF_BEFORE_RE = re.compile(r"\b(?:first|second|latter|former|the|other|a|an|and)[\s-]+$", re.IGNORECASE)
_SMALL = trie_pattern([*UNITS, *TENS])
# "one in five", "nine out of ten", "1 in 4": found by their middle words (fast), then read around.
ONE_IN_MIDDLE_RE = re.compile(r" (?:in|out of) (?:every )?", re.IGNORECASE)
# The letters a number word of ONE_IN_NUM_RE ends with, in both cases ("one", "SIX"); no other letter matches
# them under re.IGNORECASE.
SMALL_NUMBER_LAST_LETTERS = frozenset(w[-1] for w in [*UNITS, *TENS]) | frozenset(w[-1].upper() for w in [*UNITS, *TENS])
ONE_IN_NUM_RE = re.compile(rf"(?<![-\d.,/])\b(?P<num>{_SMALL}|\d{{1,2}})$", re.IGNORECASE)
ONE_IN_DEN_RE = re.compile(
    rf"(?P<den>\d{{1,3}}(?:,\d{{3}})?|{_SMALL}|a\s+hundred|one\s+hundred|a\s+thousand)\b"
    r"(?!\s*(?:%|percent|per\s+cent|-|to\b|and\b|\.\d|,\d|thousand|million|billion|hundred))",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"(?=[thdsmbaTHDSMBA])(?:\b(?:(?P<pre>tens|hundreds)\s+of\s+)?(?P<word>" + trie_pattern(["dozens", "scores", "hundreds", "thousands",
                                                                   "millions", "billions"]) + r")"
    r"\s+(?:of|upon)\b"
    r"|\b(?P<few>several|a\s+few)\s+(?P<fword>hundred|thousand|million|billion|dozen)"
    r"(?:\s+(?P<fscale>thousand|million|billion))?\b(?!\s+(?:and|\w+-)))",
    re.IGNORECASE,
)


# Letters a case-blind pattern reads as ASCII ones though lower() leaves them apart: "ſ" (long s), "ı"
# (dotless i), and the dot "İ" keeps as a mark once lowered. A word such a pattern matched is looked up
# folded, so that "ſeveral hundred" or "5 bıllıon" reads as its ASCII spelling instead of failing the
# lookup (a KeyError). ASCII words fold as lower() makes them.
_FOLD = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0307": ""})


def fold(word: str) -> str:
    """`word` in lower case, with the letters case-blind patterns take for ASCII ones made ASCII."""
    return word.lower().translate(_FOLD)


def vague_range(m: re.Match) -> tuple[float, float]:
    if m.group("few"):
        key = re.sub(r"\s+", " ", fold(m.group("few"))) + " " + fold(m.group("fword"))
        lo, hi = VAGUE[key]
        k = SCALES[fold(m.group("fscale"))] if m.group("fscale") else 1
        return lo * k, hi * k
    key = (fold(m.group("pre")) + " of " if m.group("pre") else "") + fold(m.group("word"))
    return VAGUE.get(key, VAGUE[fold(m.group("word"))])


def split_number_words(text: str, start: int, end: int) -> list[tuple[int, int, float, int]]:
    """The well-formed numbers in the run text[start:end], as (start, end, value, decimals written)."""
    toks = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN_RE.finditer(text, start, end)]
    out: list[tuple[int, int, float, int]] = []
    i = 0
    while i < len(toks):
        n, value, decimals = _parse(toks, i)
        if n == 0:
            i += 1
            continue
        out.append((toks[i][0], toks[i + n - 1][1], value, decimals))
        i += n
    return out


def _kind(t: str) -> str:
    if t in UNITS:
        return "teen" if UNITS[t] >= 10 else "unit"
    if t in TENS:
        return "tens"
    if t == "hundred":
        return "hundred"
    if t == "dozen":
        return "dozen"
    if t in SCALES or t in PLURAL_SCALES:
        return "scale"
    return t  # "a", "an", "and", "point"


def _parse(toks: list[tuple[int, int, str]], i: int) -> tuple[int, float, int]:
    """Read one number from toks[i:]: (tokens taken, value, decimals); (0, 0, 0) if none starts there."""
    total, current = 0.0, 0.0
    last = ""  # kind of the last token taken
    last_scale = float("inf")
    taken, good_taken, good_value, good_decimals = 0, 0, 0.0, 0
    decimals = -1  # digits read after "point" (-1: no point yet)
    j = i
    while j < len(toks):
        t = toks[j][2]
        k = _kind(t)
        nxt = _kind(toks[j + 1][2]) if j + 1 < len(toks) else ""
        if decimals >= 0 and k == "unit" and last in ("point", "digit"):
            # "twelve point nine nine": each unit word after "point" is one more decimal digit.
            decimals += 1
            current += UNITS[t] / 10 ** decimals
            last = "digit"
        elif k == "point":
            if decimals >= 0 or last not in ("unit", "teen", "tens") or nxt != "unit":
                break
            decimals, last = 0, "point"
        elif decimals >= 0 and k != "scale":
            break
        elif k in ("a", "an"):
            if j != i or nxt not in ("hundred", "scale", "dozen"):
                break
            current, last = 1, "a"
        elif k == "and":
            if last not in ("hundred", "scale") or nxt not in ("unit", "teen", "tens"):
                break
            last = "and"
        elif k == "unit":
            if last == "tens" and current % 100 % 10 == 0 and current % 100:
                current += UNITS[t]
            elif last in ("", "hundred", "scale", "and"):
                current += UNITS[t]
            else:
                break
            last = "unit"
        elif k == "teen":
            if last not in ("", "hundred", "scale", "and"):
                break
            current += UNITS[t]
            last = "teen"
        elif k == "tens":
            if last not in ("", "hundred", "scale", "and"):
                break
            current += TENS[t]
            last = "tens"
        elif k == "hundred":
            # "hundred and twelve" may start a number; a bare "hundred" is no figure of its own.
            bare = last == "" and nxt == "and"
            if (last not in ("unit", "teen", "a") and not bare) or current >= 100:
                break
            current = 100 if bare else current * 100
            last = "hundred"
        elif k == "dozen":
            if last not in ("unit", "a") or current >= 100:
                break
            current *= 12
            last = "dozen"
        elif k == "scale":
            scale = SCALES[PLURAL_SCALES.get(t, t)]
            if last not in ("unit", "teen", "tens", "hundred", "a", "dozen", "digit") or scale >= last_scale:
                break
            total += current * scale
            current, last, last_scale = 0, "scale", scale
            if t in PLURAL_SCALES:
                j += 1  # "seventy-five thousands": nothing follows a plural scale in the same number
                good_taken, good_value, good_decimals = j - i, total, max(decimals, 0)
                break
        else:
            break
        j += 1
        taken = j - i
        if last not in ("and", "a", "point"):
            good_taken, good_value, good_decimals = taken, total + current, max(decimals, 0)
    return good_taken, good_value, good_decimals


def fraction_value(num: str, den: str, of: bool = True) -> float | None:
    """The share a fraction in words stands for, or None. "A third" and "a half" are shares only before
    "of" ("a third of the vote"); otherwise they are ordinals or measures ("a third term", "a mile and
    a half")."""
    if not of and (num.lower() in ("a", "an") or den.lower() in ("half", "halves")):
        return None
    n = 1 if num.lower() in ("a", "an") else UNITS.get(num.lower())
    d = DENOMINATORS.get(den.lower())
    if n is None or d is None or n >= d:
        return None
    if n > 1 and not den.lower().endswith("s") and d != 2:
        return None  # "two third" is not a fraction we read
    return n / d


def small_number(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.lower()).replace(",", "")
    if w.isdigit():
        return float(w)
    if w in ("a hundred", "one hundred"):
        return 100.0
    if w == "a thousand":
        return 1000.0
    return UNITS.get(w) or TENS.get(w)
