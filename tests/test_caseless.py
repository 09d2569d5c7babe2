"""Caseless (match/caseless.py) gives the answers of its pattern compiled ignoring case, on any text."""

import random

import pytest

from citecheck.match.caseless import Caseless
from citecheck.match.check import _NOT_DENIAL
from citecheck.match.decision import CAUSAL, HEDGE, PARTS, STRONG
from citecheck.match.polarity import NEGATION

PATTERNS = [NEGATION, HEDGE, STRONG, CAUSAL, PARTS, _NOT_DENIAL]

# Words of the patterns, in every case, next to what tells a word's edge, and characters that match an ASCII
# letter when case is ignored though they are not ASCII (Kelvin sign, long s, dotted and dotless i).
PIECES = ["no", "NOT", "Never", "can't", "n't", "didn't", "without", "with or without", "Whether Or Not", "not only",
          "if not", "may", "MIGHT", "suggests", "possibly", "Potentially", "all", "first", "Significantly", "proven",
          "caused", "leads to", "LED TO", "resulting in", "due to", "driven by", "prevents", " and ", " but ",
          " WHICH ", " although ", ",", ";", ":", "(", ")", "[", "]", " ", "  ", "\n", "\t", "-", "'", "_", "x", "1",
          "9%", ".", "\u212a", "\u017f", "\u0130", "\u0131", "\u00e9", "caution", "nobody", "canNOT", "Ma\u017f"]


def _texts(rng: random.Random, n: int):
    for _ in range(n):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
    for _ in range(n):  # random characters, ASCII mostly
        yield "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(32, 126), rng.randint(128, 0x2200)]))
                      for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("k", range(len(PATTERNS)))
def test_same_answers_as_the_pattern(k):
    c = PATTERNS[k]
    for text in _texts(random.Random(k), 3000):
        assert c.found(text) == (c.regex.search(text) is not None), text
        assert c.blanked(text) == c.regex.sub(" ", text), text
        assert c.split(text) == c.regex.split(text), text


def test_adversarial_texts():
    texts = ["", " ", "NO", "no.", "Not-only", "n't", "x n't y", "\u212aNOT", "MAY\u017f", "may" * 1000,
             "with or without with or without", "it may, and it might (not)"]
    for c in PATTERNS:
        for text in texts:
            assert c.found(text) == (c.regex.search(text) is not None)
            assert c.blanked(text) == c.regex.sub(" ", text)
            assert c.split(text) == c.regex.split(text)


def test_a_pattern_that_would_read_otherwise_is_refused():
    with pytest.raises(ValueError):
        Caseless(r"\bNo\b")
    with pytest.raises(ValueError):
        Caseless(r"\Wno")
    with pytest.raises(ValueError):
        Caseless(r"(no|not)")
