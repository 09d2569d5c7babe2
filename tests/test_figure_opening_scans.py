"""The opening scans of the figure reader (starts.OpeningScan, and what read.py builds on it) find every
place their plain patterns find, on random and adversarial strings: the text's own \\x01 and \\x02 bytes
(the scan's marker), letters that change length or case oddly (ı İ ſ and the Kelvin sign), no-break
spaces, text beyond Latin-1, and the words at the edges of the text or inside other words."""

from __future__ import annotations

import random
import re

from citecheck.figures import read as R
from citecheck.figures import starts as S
from citecheck.figures import words as W

ODD = ["\x01", "\x02", "\x01MAY", "\x01\x01Jan", "ı", "İ", "ſ", "\u212a", "\u00a0", "\u2009", "—", "中", "é", "É",
       "ß", "_", "5", "-", ".", ",", "'", "(", "\n", " ", "  "]
MONTHY = R._MONTH_NAMES + R._MONTH_ABBREVIATIONS + [
    "MAY", "JAN", "JANUARY", "Sept.", "SEPT", "may", "march", "xMarch", "Mayor", "Jane", "Junk", "Octopus",
    "AJan", "NOV", "MAR", "MARCH", "Decimal", "Dan", "AUG", "APR", "Ma", "Ju", "J", "A", "N", "O", "S"]


def _texts(seed: int, words: list[str], n: int, most: int = 8) -> list[str]:
    r = random.Random(seed)
    pool = words + ODD
    out = []
    for _ in range(n):
        parts = [r.choice(pool) + (r.choice(ODD) if r.random() < 0.6 else "") for _ in range(r.randrange(0, most))]
        out.append("".join(parts))
    return out


def _chars(seed: int, alphabet: str, n: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(alphabet) for _ in range(r.randrange(0, 40))) for _ in range(n)]


def _plain_month_starts(text: str) -> list[int]:
    return [m.start() for m in R.MONTH_SCAN_RE.finditer(text)]


def test_month_starts_are_what_the_month_pattern_finds():
    texts = _texts(11, MONTHY, 4000) + _chars(12, "JanFebMAYNOVDSOAJUL\x01\x02 .-\u00a0ı", 4000)
    texts += ["", "May", "\x01May", "May\x01", "JANUARY 5", "x May", "é May", "中May", "\u212aMay", "ſept Sept"]
    for text in texts:
        assert R._month_starts(text) == _plain_month_starts(text), repr(text)


def test_opening_scan_holds_every_opening_with_no_ascii_letter_before():
    words = ["Jan", "JAN", "MAY", "one", "oNe", "Aug", "AA", "Ab"]
    scan = S.OpeningScan(words, W.trie_pattern)
    plain = re.compile("(?:" + "|".join(words) + ")")
    for text in _texts(13, words + ["x", "A", "J", "M", "N"], 3000) + _chars(14, "JANMAYoneAb\x01\x02 x", 3000):
        found = set(scan.starts(text))
        for m in re.finditer("(?=(" + plain.pattern + "))", text):
            i = m.start()
            if i == 0 or not (text[i - 1].isascii() and text[i - 1].isalpha()):
                assert i in found, (text, i)
