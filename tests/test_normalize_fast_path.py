"""normalize()'s fast path (stretches of plain characters copied as slices, stops found with str.find) writes
and maps exactly what the plain walk did: tests/plain_normalize.py is main's implementation before the fast
path (a regular expression for runs of plain characters, every other character one by one), kept as the
reference. Compared on random strings mixing what each rule turns on, with the blocks the fast path checks
for odd characters, and the plain walk's pieces, made small so that their ends fall everywhere."""

from __future__ import annotations

import importlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import plain_normalize as plain

N = importlib.import_module("citecheck.text.normalize")  # the module: citecheck.text re-exports the function


def _mojibake(ch: str) -> str:
    """`ch` written in UTF-8 and read as cp1252 (latin-1 for the bytes cp1252 leaves undefined)."""
    raw = ch.encode("utf-8")
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


MOJIBAKE = [_mojibake(c) for c in "\u202f\u00a0\u2019\u201c\u2013\u00e9\u00b7\u20ac\u00ad\u00c9\u2022\ufeff\U0001f600"]
PIECES = (["a", "b", "Z", "word", "1", "7", "42", ".", ",", "-", "--", "`", "'", '"', "~", "_", "x-", "-y"]
          + [" ", "  ", "   ", "\n", "\n\n", " \n", "\n ", " \n ", "\t", "\r\n", "\r", "\x0c", "\x0b", "\x00", "\x7f"]
          + ["-\n", "a-\nb", "x-\nY", "1-\n2", "-\n\n", " -\n", "- \n", "-\n ", "-\r\n"]
          + ["\u00b7", "1\u00b77", "a\u00b77", "1\u00b7", "\u00b7 2"]
          + MOJIBAKE + ["\u00c2", "\u00e2\u0080", "\u00c3", "\u00f4\u0080\u0080\u0080\u0080"]
          + ["\u00e9", "\u2019", "\u201c", "\u2014", "\u00a0", "\u00ad", "\u200b", "\u2028", "\uff12", "\ufb01", "\u2163",
             "\u00bd", "\U0001d400", "\u0301", "\u3000"])


def _strings(seed: int, n: int, most: int) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(PIECES) for _ in range(r.randrange(0, most))) for _ in range(n)]


def _same(text: str) -> None:
    got, want = N.normalize(text), plain.normalize(text)
    assert got.text == want.text, text
    assert (got.seg_text, got.seg_orig, got.seg_end) == (want.seg_text, want.seg_orig, want.seg_end), text
    assert got == want


def test_fast_path_writes_and_maps_what_the_plain_walk_does():
    for text in _strings(1, 20_000, 40):
        _same(text)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 16])
def test_odd_characters_found_a_block_at_a_time_at_any_block_size(monkeypatch, block):
    monkeypatch.setattr(N, "ODD_BLOCK", block)
    for text in _strings(2 + block, 3_000, 30):
        _same(text)


@pytest.mark.parametrize("cut", [1, 2, 3, 7])
def test_the_plain_walks_pieces_cut_anywhere_agree_with_the_fast_path(monkeypatch, cut):
    """The plain walk matched runs RUN_CHARS at a time (memory); its pieces wrote what one run does, and so
    does the fast path, which has no pieces."""
    monkeypatch.setattr(plain, "RUN_CHARS", cut)
    for text in _strings(20 + cut, 3_000, 30):
        _same(text)


def test_long_stretches_and_runs():
    """Long plain stretches (past the plain walk's RUN_CHARS and the fast path's ODD_BLOCK), long runs of
    whitespace, and one odd character or rule at each place near their ends."""
    r = random.Random(5)
    line = "In 2016, the wheat in Busan built 669,951 library across the harbour. More than 1.5 m-\n"
    base = (line * (2 * plain.RUN_CHARS // len(line) + 3)).replace("-\n", "- ")
    assert len(base) > 2 * plain.RUN_CHARS > 2 * N.ODD_BLOCK
    edits = ["`", "\u00e9", "  ", " \n", "-\n", "x-\ny", "1\u00b77", MOJIBAKE[0], "\t", "\n\n", " " * 70_000,
             "\n" * 3 + " " * 5, "\u00a0"]
    for at in (0, 1, N.ODD_BLOCK - 1, N.ODD_BLOCK, N.ODD_BLOCK + 1, plain.RUN_CHARS - 1, plain.RUN_CHARS,
               plain.RUN_CHARS + 1, len(base) - 1, len(base)):
        for edit in r.sample(edits, 4):
            _same(base[:at] + edit + base[at:])
    _same(base)
    _same(" " * 100_000 + "a" + "\n" * 100_000)
    _same("a" * 200_000)


def test_pages_of_lines_ending_in_a_space():
    """The bench pages: lines of sentences, each ending in " \\n" (the general road joins the two)."""
    r = random.Random(6)
    words = ["The", "figures", "were", "published", "by", "1,250", "on", "May", "5,", "2019.", "(a)", "U.S.", "x-ray"]
    for _ in range(300):
        lines = [" ".join(r.choice(words) for _ in range(r.randrange(0, 12))) + r.choice([" ", "", "  ", "-"])
                 for _ in range(r.randrange(1, 20))]
        _same(r.choice(["", " ", "\n"]) + "\n".join(lines) + r.choice(["", " ", "\n", " \n"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_fast_path_on_generated_strings(text):
    _same(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=60))
def test_fast_path_on_any_characters(text):
    _same(text)
