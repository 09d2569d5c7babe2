"""A long text's sentences found at once with numpy (sentences._bounds_at_once) are those the line by line loop
finds (_bounds_by_line), on random and adversarial strings (abbreviations, list numbers, quotations, ellipses,
footnotes, odd whitespace, characters past Latin-1, lone surrogates), for any start and end, and on pages."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.text import normalize, split_sentences
from citecheck.text import sentences as S
from tests import plain_sentences as plain

PIECES = ["The", "cat", "sat", "Dr.", "Mr.", "mr.", "U.S.", "No.", "Fig.", "Jr.", "co.", "Inc.", "etc.", "al.", "Sept.",
          "Messrs.", "Approx.", "said.", "office.", "ministry.", "abcdef.", "x" * 7, "ab.", "a.", "J.", "x.y.", "2019.",
          "5", "1.5", ".", "!", "?", "...", "?!", "? ", "! ", " ", "  ", "\n", " \n", "\n1.", "\na.", "1. ", " 2.", "(3)",
          " A", " 1", " The", "a", "B", "Officials", '"', "'", "(", ")", "[1]", "[^a]", "\u201c", "\u201d", "\u2018",
          "\u2019", "\u00ab", "\u00bb", "\t", "\x0b", "\x1c", "\x85", "\u00a0", "\u2028", "\u3000", "\u00e9", "\u20ac",
          "\x00", "\ud800"]


def _strings(seed: int, n: int, most: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(PIECES) for _ in range(r.randrange(0, most))) for _ in range(n)]


def _same(text: str, start: int = 0, end: int | None = None) -> None:
    end = len(text) if end is None else end
    assert S._bounds_at_once(text, start, end) == S._bounds_by_line(text, start, end), (text, start, end)


@pytest.mark.parametrize("seed", range(2))
def test_at_once_finds_what_the_loop_finds(seed):
    r = random.Random(seed)
    for text in _strings(seed, 1_500, 60):
        _same(text)
        start = r.randrange(len(text) + 1)  # a piece cut anywhere: mid-line, at a line break, inside a word
        _same(text, start, r.randrange(start, len(text) + 1))


def test_pieces_cut_at_every_place():
    text = "".join(_strings(9, 1, 400)[0]) + " Ends here. Then 2 more? Yes!\nNo. 5 is Dr. Who. a. list\n"
    for start in range(0, len(text) + 1, 3):
        _same(text, start)
        _same(text, 0, start)


def test_no_whitespace_past_the_last_the_codes_hold():
    assert not [c for c in range(S.LAST_SPACE + 1, 0x110000) if chr(c).isspace()]


def test_long_texts_take_it_and_split_as_the_plain_reference():
    r = random.Random(11)
    words = ["The", "figures", "were", "published", "by", "1,250", "on", "May", "5,", "2019.", "Dr.", "Smith", "said.",
             "U.S.", "(a)", "x-ray", '"We', "will.\"", "Officials", "approx.", "No.", "7?", "Yes!"]
    for _ in range(20):
        lines = [" ".join(r.choice(words) for _ in range(r.randrange(0, 40))) for _ in range(r.randrange(50, 200))]
        text = "\n".join(lines)
        assert len(text) >= S.AT_ONCE_CHARS
        for page in (text, normalize(text).text):
            assert S.sentence_bounds(page) == S._bounds_by_line(page, 0, len(page))
            assert split_sentences(page) == plain.split_sentences(page)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=50).map("".join), st.integers(0, 60), st.integers(0, 60))
def test_at_once_on_generated_strings(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    _same(text)
    _same(text, a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=80))
def test_at_once_on_any_characters(text):
    _same(text)
