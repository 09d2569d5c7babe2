"""A long source's pieces find the page's dated lines on their own (on the pool): joined, they give what
dating_figures finds in the whole text, wherever the text is cut at a line break, also when a dated line runs
across the cut ("By Jane\\nDoe, May 10, 2018") and when the page gives more dates than it keeps."""

from __future__ import annotations

import random

import pytest

import citecheck.figures.read as reader
from citecheck.figures import read_figures
from citecheck.figures.anchor import MAX_PAGE_DATES, dating_figures, dating_in
from citecheck.match import prepare_source
from citecheck.match.prepare import joined_dating, piece_groups
from tests.test_prepare_pieces import _prepared

# Lines that date a page (or look as if they might), prose that says "published" and "by", and lines whose
# dated-line match runs on into the next line (a byline's name, a keyword at the end of a line).
_LINES = [
    "Published March 3, 2020", "Posted on April 12, 2019", "Date: Saturday, September 14, 2019",
    "By Jane Doe", "May 10, 2018", "By Neil Genzlinger", "By Jane", "Doe, June 1, 2017 in Oslo",
    "First published", "July 4, 2016", "published", "By", "Ann Lee and Bo Kim", "on August 9, 2015",
    "The figures were published by the authorities on May 3, 2014 after a review.",
    "Officials said the results would be discussed by the committee.", "by Tom Fox | December 2, 2013",
    "Released: January 5, 2012", "released: 7 March 2011", "", "Figures posted by Ray Ng on 2 May 2010 rose 5%.",
    "  By   Sam   Wu  ", "We met by the river " * 12 + "published June 6, 2009",
]


def _text(rng: random.Random, lines: int) -> str:
    return "\n".join(rng.choice(_LINES) for _ in range(lines))


def _spans(pairs) -> list:
    return [(day.isoformat(), f.start, f.end) for day, f in pairs]


def _cuts(text: str, rng: random.Random) -> list[list[int]]:
    """Ways to cut `text` at line breaks (a piece starts after one): at each, at none, and at random ones."""
    breaks = [i + 1 for i, c in enumerate(text) if c == "\n"]
    return [[0, *breaks], [0], [0, *sorted(rng.sample(breaks, len(breaks) // 3))]]


@pytest.mark.parametrize("seed", range(60))
def test_pieces_date_the_page_as_the_whole_text_does(seed):
    rng = random.Random(seed)
    text = _text(rng, rng.randint(1, 30))
    figures = read_figures(text)
    want = _spans(dating_figures(text, figures))
    for starts in _cuts(text, rng):
        bounds = list(zip(starts, [*starts[1:], len(text)]))
        found = joined_dating(dating_in(text, figures, a, b) for a, b in bounds)
        if found is None:  # a dated line ran into the next piece first: the join dates the whole text
            assert any(dating_in(text, figures, a, b)[1] for a, b in bounds)
            continue
        assert _spans((day, figures[k]) for day, k in found) == want, (text, starts)


def test_a_dated_line_across_a_cut_sends_the_join_to_the_whole_text():
    text = "Intro line\nBy Jane\nDoe, June 1, 2017 in Oslo\nPublished March 3, 2020"
    figures = read_figures(text)
    cut = text.index("Doe")
    first = dating_in(text, figures, 0, cut)
    assert first == ([], True)  # "By Jane\nDoe, June 1, 2017" starts before the cut and ends after it
    assert joined_dating([first, dating_in(text, figures, cut, len(text))]) is None
    assert len(_spans(dating_figures(text, figures))) == 2


def test_a_piece_keeps_as_many_days_as_the_page_does():
    text = "\n".join(f"Published March {d}, 2020" for d in range(1, 6))
    figures = read_figures(text)
    found, spilled = dating_in(text, figures, 0, len(text))
    assert len(found) == MAX_PAGE_DATES and not spilled
    assert joined_dating([(found, False), ([], True)]) == found  # enough days: a later spill does not matter


@pytest.mark.parametrize("seed", range(4))
def test_a_source_prepared_in_small_pieces_dates_itself_as_whole(seed, monkeypatch):
    rng = random.Random(100 + seed)
    text = _text(rng, 300)
    whole = [_prepared(prepare_source(text)), _prepared(prepare_source(text, "u", "2021-02-03"))]
    monkeypatch.setattr(reader, "PIECE_CHARS", 400)
    assert len(piece_groups(text)) > 10
    assert [_prepared(prepare_source(text)), _prepared(prepare_source(text, "u", "2021-02-03"))] == whole



def test_a_piece_whose_letters_the_fast_road_cannot_take_leaves_the_dating_to_the_whole_text():
    # "ſ" is "s" to the case-blind pattern, which would run from the piece to the end of the text: the piece says
    # spilled at once, and the join dates the whole text (as it did before pieces dated themselves).
    for odd in ("ſ", "s"):
        text = f"Published March 3, 2020 here.\nThe {odd}tatute passed.\nPosted on April 12, 2019"
        figures = read_figures(text)
        cuts = [0, text.index("The"), text.index("Posted"), len(text)]
        found = [dating_in(text, figures, a, b) for a, b in zip(cuts, cuts[1:])]
        if odd == "s":
            assert [spilled for _, spilled in found] == [False] * 3
            assert _spans((day, figures[k]) for day, k in joined_dating(found)) == \
                _spans(dating_figures(text, figures))
        else:
            assert found[1] == ([], True) and joined_dating(found[1:]) is None
        # The whole text, and the last piece, are dated by the pattern run whole from their start, odd letters or not.
        assert [day.isoformat() for day, _ in dating_figures(text, figures)] == ["2020-03-03", "2019-04-12"]
        assert [day.isoformat() for day, _ in found[2][0]] == ["2019-04-12"]
