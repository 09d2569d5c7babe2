"""A page of plain characters, spaces and line breaks only (normalize's _plain_page, written at once) is
normalised and mapped as the plain walk (tests/plain_normalize.py) writes it, character by character."""

from __future__ import annotations

import importlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import plain_normalize as plain

N = importlib.import_module("citecheck.text.normalize")  # the module: citecheck.text re-exports the function

# Plain pieces only (and a few that send the page to the general road: "-" before a line break, "`", a tab).
PLAIN = ["a", "Z", "word", "1", "42", ".", ",", "-", "x-", "-y", "'", '"', "~", "_", "(", ")", "%", "$"]
WHITE = [" ", "  ", "   ", "\n", "\n\n", " \n", "\n ", " \n ", " " * 9, "\n" * 5 + " " * 3]
ROAD = ["-\n", "a-\nb", "`", "\t", "\u00e9"]


def _same(text: str) -> None:
    """The page written at once (whatever its length: normalize takes that road from PLAIN_PAGE_CHARS on) and
    normalize itself write what the plain walk writes."""
    want = plain.normalize(text)
    fast = N._plain_page(text)
    for got in [N.normalize(text)] + ([fast] if fast is not None else []):
        assert got.text == want.text, text
        assert (got.seg_text, got.seg_orig, got.seg_end) == (want.seg_text, want.seg_orig, want.seg_end), text
        assert got == want


def _strings(seed: int, n: int, most: int, pieces: list[str]) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(pieces) for _ in range(r.randrange(0, most))) for _ in range(n)]


def test_plain_pages_are_written_at_once_as_the_walk_writes_them():
    texts = _strings(1, 20_000, 40, PLAIN + WHITE)
    # (all take the new road but those where a "-" meets a line break: hyphenation, the general road's)
    assert all((N._plain_page(t) is None) == ("-\n" in t) for t in texts)
    for text in texts:
        _same(text)


def test_pages_with_a_character_for_the_general_road_are_left_to_it():
    texts = _strings(2, 5_000, 30, PLAIN + WHITE + ROAD)
    assert any(N._plain_page(t) is None for t in texts) and any(N._plain_page(t) is not None for t in texts)
    for text in texts:
        _same(text)


def test_whitespace_only_and_long_runs():
    for text in ["", " ", "\n", " \n ", " " * 100_000, "a", " a ", "\na\n", "a" + " " * 70_000 + "\n" + "b",
                 "\n" * 1000 + "x" + " " * 1000, "a b\nc  d \n e"]:
        _same(text)


def test_long_pages_take_the_road_whole():
    page = ("In 2016, the wheat in Busan built 669,951 library. More than 1.5 m  tonnes \n" * 2000)
    assert len(page) >= N.PLAIN_PAGE_CHARS and N._plain_page(page) is not None
    _same(page)
    _same(" \n" + page.replace(" \n", "\n\n  ", 7) + "  ")


def test_bench_like_pages():
    r = random.Random(6)
    words = ["The", "figures", "were", "published", "by", "1,250", "on", "May", "5,", "2019.", "(a)", "U.S.", "x-ray"]
    for _ in range(300):
        lines = [" ".join(r.choice(words) for _ in range(r.randrange(0, 12))) + r.choice([" ", "", "  "])
                 for _ in range(r.randrange(1, 20))]
        _same(r.choice(["", " ", "\n"]) + "\n".join(lines) + r.choice(["", " ", "\n", " \n"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PLAIN + WHITE), max_size=40).map("".join))
def test_plain_page_on_generated_strings(text):
    _same(text)
