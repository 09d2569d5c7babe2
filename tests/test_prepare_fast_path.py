"""Preparing a piece with its per-sentence loops made of maps (the sentences found without a Span each, the
figures blanked and the stems read by map, the posting lists and passages filled by map, the words' keys kept
across sources) gives what the plain loops gave (tests/plain_prepare.py, main's before the change): the same
columns, the same sets (shared alike), the same posting lists. (The order in which a set, or the posting lists,
are iterated may differ, as it does from one hash seed to the next: nothing reads them in order.)"""

from __future__ import annotations

import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import citecheck.figures.read as reader
from citecheck.match import prepare as P
from citecheck.match import prepare_source
from citecheck.text import normalize, split_sentences
from citecheck.text.sentences import sentence_bounds
from tests import plain_prepare as plain

WORDS = ["The", "the", "U.S.", "U.N.", "A.B.C.", "U.S.A.A.A.", "X.Y.", "x.Y.Z.", "Q.R.S", "Dr.", "No.", "5", "3.5",
         "1,200", "$3.5bn", "40%", "5km", "2019", "May", "March 3,", "1990s", "-5", "12-13", "Fig.", "J.", "Plan", "B.",
         "rose", "fell", "counted", "workers'", "don't", "well-known", "--", "'", "-a-", "co-op", "naïve", "café",
         "Zürich", "\u201cquoted\u201d", '"said', 'so"', "(2)", "[1]", "...", "!", "?", "e.g.", "etc.", "Inc.", "ﬁnancial",
         "1·7", "٣٤", "\u00a0", "—", "x", "last Tuesday", "yesterday", "Published Aug. 10, 2014"]
GAPS = [" ", " ", " ", ". ", ".\n", "\n", "\n\n", "  ", ", ", "; "]


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(WORDS) + rng.choice(GAPS))
        if rng.random() < 0.05 and out:  # a stretch said again: repeated sentences share their sets
            out.extend(out[-rng.randint(1, min(10, len(out))):])
    return "".join(out)


def _columns(piece: P.SourcePiece) -> tuple:
    read = piece.figures
    sharing = {}
    return (list(read.starts), list(read.ends), [list(c) for c in read.numbers], list(read.shapes), read.shape_list,
            dict(read.odd), list(piece.spans), list(piece.sentence_of), piece.stems,
            [sharing.setdefault(id(x), i) for i, x in enumerate(piece.stems)])  # which sentences share one set


def _same_pieces(text: str) -> None:
    for group in P.piece_groups(text):
        assert _columns(P.prepare_piece(text, group)) == _columns(plain.prepare_piece(text, group)), (text, group)


def test_pieces_prepared_as_the_plain_loops_did():
    rng = random.Random(5)
    for _ in range(400):
        _same_pieces(normalize(_text(rng, rng.randrange(0, 60))).text)


def test_pieces_of_a_long_text_prepared_as_the_plain_loops_did(monkeypatch):
    rng = random.Random(6)
    text = normalize(_text(rng, 6000)).text
    for size in (2000, 700, reader.PIECE_CHARS):
        monkeypatch.setattr(reader, "PIECE_CHARS", size)
        _same_pieces(text)


@pytest.mark.parametrize("kept", [0, 5])
def test_the_word_cache_full_or_emptied_changes_nothing(monkeypatch, kept):
    rng = random.Random(7)
    monkeypatch.setattr(P, "RUNS_KEPT", kept)  # none kept, or full within a piece and emptied before the next
    for _ in range(50):
        _same_pieces(normalize(_text(rng, 40)).text)
        assert len(P._RUN_KEYS) <= kept


def test_the_word_cache_stays_bounded_within_a_piece(monkeypatch):
    # A page of more distinct words than the cache keeps: the cache stops at RUNS_KEPT, it is not let grow until the
    # next piece (a hostile page's million made-up words, kept in a long-lived process).
    P._RUN_KEYS.clear()
    monkeypatch.setattr(P, "RUNS_KEPT", 100)
    text = " ".join(f"w{chr(97 + k % 26)}{chr(97 + k // 26 % 26)}{chr(97 + k // 676 % 26)}" for k in range(5000)) + "."
    _same_pieces(text)
    assert len(P._RUN_KEYS) == 100


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + GAPS + ["\n", "A.", "B.", "C", "'", "-", "\u00e9", "\ud7ff", "_"]),
                max_size=60).map("".join))
def test_pieces_of_generated_strings(text):
    _same_pieces(text)
    _same_pieces(normalize(text).text)


def test_sentence_bounds_are_split_sentences():
    rng = random.Random(8)
    for _ in range(300):
        text = _text(rng, rng.randrange(0, 40))
        start, end = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        spans = split_sentences(text, start, end)
        assert sentence_bounds(text, start, end) == ([s.start for s in spans], [s.end for s in spans])
        assert [s.text for s in spans] == [text[s.start:s.end] for s in spans]


def test_figures_blanked_by_map_as_by_the_loop():
    # In order and apart (the road by map), inside one another, out of order, empty, past the end, between
    # sentences (-1): always what the loop over the clipped spans gives.
    rng = random.Random(9)
    for _ in range(5000):
        text = "".join(rng.choice("ab .\n") for _ in range(rng.randrange(1, 60)))
        start, end = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        n = rng.randrange(0, 8)
        ends = sorted(rng.randrange(start, end + 1) for _ in range(rng.randrange(1, 6)))
        starts = array("q", sorted(rng.randrange(start, end + 1) for _ in range(n)) if rng.random() < 0.7
                       else [rng.randrange(start, end + 1) for _ in range(n)])
        stops = array("q", (s + rng.randrange(0, 6) for s in starts))
        of = array("q", (rng.randrange(-1 if rng.random() < 0.2 else 0, len(ends)) for _ in range(n)))
        want = plain.blanked(text, start, end, ((starts[k], min(stops[k], ends[i])) for k, i in enumerate(of) if i >= 0))
        assert P._blanked_in_sentences(text, start, end, starts, stops, of, ends) == want
        spans = sorted(zip(starts, stops)) if rng.random() < 0.5 else list(zip(starts, stops))
        assert P._blanked(text, start, end, spans) == plain.blanked(text, start, end, spans)


def test_sentences_of_places_as_one_by_one():
    rng = random.Random(10)
    for _ in range(2000):
        bounds = sorted(rng.sample(range(200), 2 * rng.randrange(0, 10)))
        begins, ends = bounds[::2], bounds[1::2]
        places = array("q", (rng.randrange(0, 210) for _ in range(rng.randrange(0, 20))))
        assert P._sentences_at(begins, ends, places) == array("q", (plain.sentence_at(begins, ends, at) for at in places))


@pytest.mark.parametrize("size", [None, 3000])
def test_posting_lists_and_passages_filled_by_map_as_by_the_loops(size, monkeypatch):
    rng = random.Random(11)
    text = _text(rng, 5000)
    if size:
        monkeypatch.setattr(reader, "PIECE_CHARS", size)
    source = prepare_source(text)
    assert source.page_dates  # some sentences' stems read again (restem): the lists follow
    stems = [p.stems for p in source.passages]
    want = plain.postings(stems)
    assert sorted(source.postings) == sorted(want)
    assert all(source.postings[t] == want[t] for t in want) and type(source.postings) is dict
    again = plain.passages_of([p.start for p in source.passages], [p.end for p in source.passages], stems)
    assert source.passages == again
    assert P.passages_of([0, 5], [4, 9], [frozenset("a"), frozenset()], first=7) == \
        plain.passages_of([0, 5], [4, 9], [frozenset("a"), frozenset()], first=7)


def test_plain_integers_cut_from_one_array_as_split_one_by_one():
    # FigureIndex.plain_integers: each bare number's orders, as np.split made them (main's way), on generated
    # tables of bare counts with values repeated, zero and minus zero among them.
    import numpy as np

    from citecheck.figures.table import FigureTable
    from citecheck.match.index import FigureIndex, _array
    from citecheck.model import Figure

    rng = random.Random(12)
    for _ in range(200):
        figures = []
        for k in range(rng.randrange(0, 40)):
            v = rng.choice([0.0, -0.0, 1.0, 5.0, 1620.0, 2.5, float(rng.randrange(10))])
            figures.append(Figure(str(v), 3 * k, 3 * k + 1, "count", v, v, v))
        table = FigureTable(" " * 200, figures)
        index = FigureIndex(table, array("I", range(len(figures))))
        values = np.array([f.value for f in figures], dtype=np.float64)
        orders = np.array([k for k, f in enumerate(figures) if f.value == int(f.value)], dtype=np.int64)
        by_value = orders[np.argsort(values[orders], kind="stable")]
        want = {float(values[g[0]]): _array("I", g)
                for g in (np.split(by_value, np.flatnonzero(np.diff(values[by_value])) + 1) if len(by_value) else ())}
        assert list(index.plain_integers.items()) == list(want.items())
        assert all(type(k) is float for k in index.plain_integers)


def test_citations_searched_only_where_they_may_stand_are_those_found_everywhere():
    # _without_citations skips a pattern when the text lacks what each of its matches holds: the same text comes
    # out as when both are searched always.
    from citecheck.match.prepare import _CITING_RE, CITATION_RE

    def always(text: str) -> str:
        chars = list(text)
        for rx in (CITATION_RE, _CITING_RE):
            for m in rx.finditer(text):
                chars[m.start():m.end()] = " " * (m.end() - m.start())
        return "".join(chars)

    parts = ["[7]", "(12)", "[,18,]", "(Smith et al., 2013)", "Marjot et al.", "Smith and Jones et al.'s", "et\tal",
             "<ref>", "<|cit|>", "(Smith, 2019)", "[\u201321]", "(, 15)", "et", "al", "Al", "ET AL", " ", "Seals rose 5%.",
             "(", "[", "<", ">", "|", "2009", "Rowling", "&", "and", "et al"]
    rng = random.Random(13)
    for _ in range(5000):
        text = "".join(rng.choice(parts) + rng.choice(["", " ", " "]) for _ in range(rng.randrange(0, 12)))
        assert P._without_citations(text) == always(text), text


def test_long_runs_are_read_but_not_kept(monkeypatch):
    # The runs' keys outlive a source (kept for the next ones): a hostile page's long runs are looked up, never kept.
    P._RUN_KEYS.clear()
    text = " ".join(["a" * 5000 + str(k) + "b" * 100 for k in range(20)] + ["Seals rose."])
    _same_pieces(text)
    assert max(map(len, P._RUN_KEYS)) <= P.RUN_KEPT_CHARS and "seals" in "".join(P._RUN_KEYS).lower()
