"""split_sentences with its loop written out (lines found inline, a stop after a long plain word not asked
about abbreviations, sentences trimmed and made inline) splits exactly as the plain loop did
(tests/plain_sentences.py, main's before the change)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.text import normalize, split_sentences
from citecheck.text import sentences as S
from tests import plain_sentences as plain

WORDS = ["The", "the", "U.S.", "U.S", "Dr.", "dr.", "No.", "5", "Fig.", "3.", "J.", "K.", "Rowling", "Plan", "B.", "A", "I",
         "messrs.", "Messrs.", "approx.", "approximately.", "months.", "programme.", "N.A.T.O.", "e.g.", "etc.", "Inc.",
         "...", "..", "!", "?", "?!", '"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "(", ")", "[1]", "[^2]", "1.", "(2)",
         "a.", "\n", "\n\n", " ", "  ", "\t", "\u00a0", "x.y.z.", "abcdefgh.", "Abcdefg.", "xAbcdef.", "ph.d.", "1.5",
         "\u3000", "\u2028", "\u00e9t\u00e9ness.", "caf\u00e9s.", "ABCDEFG.", "u.s.s.r.", "i.e."]
GAPS = [" ", " ", "", "\n", "  ", " \n", "\n  "]


def _spans(spans):
    return [(s.start, s.end, s.text) for s in spans]


def _same(text: str, start: int = 0, end: int | None = None) -> None:
    assert _spans(split_sentences(text, start, end)) == _spans(plain.split_sentences(text, start, end)), (text, start, end)


def test_fast_loop_splits_as_the_plain_one():
    r = random.Random(7)
    for _ in range(20_000):
        text = "".join(r.choice(WORDS) + r.choice(GAPS) for _ in range(r.randrange(0, 30)))
        if r.random() < 0.3:
            start, end = sorted((r.randrange(len(text) + 1), r.randrange(len(text) + 1)))
            _same(text, start, end)
        else:
            _same(text)


def test_no_abbreviation_ends_in_as_many_letters_as_the_shortcut_skips():
    words = S.ABBREVIATIONS | S.NUMBER_ABBREVIATIONS | S.FINAL_ABBREVIATIONS
    assert S._PLAIN_TAIL == 7  # "messrs", "approx": 6
    assert not any(len(w) >= S._PLAIN_TAIL and w[-S._PLAIN_TAIL:].isalpha() for w in words)


def test_normalised_pages_split_as_before():
    r = random.Random(8)
    for _ in range(200):
        lines = [" ".join(r.choice(WORDS) for _ in range(r.randrange(0, 15))) + r.choice(["", " "])
                 for _ in range(r.randrange(1, 12))]
        _same(normalize(" \n".join(lines)).text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + GAPS), max_size=40).map("".join))
def test_fast_loop_on_generated_strings(text):
    _same(text)
