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


HALFY = ["half", "Half", "HALF", "halves", "one and a half million", "a and a half dozen", "half a million",
         "half an hundred", "One-half of the", "one half of all", "behalf", "halfway", "half-time", "5half",
         "xhalf", "éhalf", "one", "a", "and", "million", "the", "of", "\u212a", "ſ", "İhalf"]


def test_half_gate_of_the_word_reader_holds_every_match():
    # The plain-case road asks whether "half" stands at a word start (from the trigger starts) instead of
    # anywhere in the text: every match of HALF_SCALE_RE and HALF_RE must hold such a "half".
    texts = _texts(15, HALFY, 4000) + _chars(16, "halfone \u00a0-x", 3000)
    for text in texts:
        lower = text.lower()
        if not S.plain_case(text, lower):
            continue
        if R.HALF_SCALE_RE.search(text) or W.HALF_RE.search(text):
            assert any(lower.startswith("half", p) for p in R._word_starts(lower)), repr(text)


MINUSY = ["minus", "Minus", "negative", "Negative", "tested negative", "-", "\u2212", "5", "12", "3.5", "%",
          "degrees", "five", "two million", "x", "minus\u00a0", "ne gative"]


def test_minus_words_read_without_a_whole_text_gate():
    # _negate_after_minus looks for "inus"/"egative" in the ten characters before each figure only (no
    # whole-text gate first): a figure negated by a word starts at that word, and only there.
    assert [f.value for f in R.read_figures("It fell to minus 5 degrees.")] == [-5.0]
    assert [f.value for f in R.read_figures("A negative 12% return.")] == [-12.0]
    seen = 0
    for text in _texts(17, MINUSY, 3000):
        for f in R.read_figures(text):
            if f.value is not None and f.value < 0 and text[f.start:f.start + 1] not in "-\u2212":
                assert f.text.lower().startswith(("minus", "negative")), repr(text)
                seen += 1
    assert seen > 5
