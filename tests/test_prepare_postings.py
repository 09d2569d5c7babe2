"""Each piece makes its own posting lists (match.prepare._piece_postings, with numpy) and the join only offsets and
copies them: the lists are those the plain loop makes (tests/plain_prepare.postings, sentence by sentence and stem
by stem over the whole text), in the same order of keys. And preparing runs with the garbage collector paused,
which it finds as it was after, whatever happens."""

from __future__ import annotations

import gc
import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.match import prepare as P
from tests import plain_prepare as plain


def _lists(keys, counts, ids) -> dict[str, array]:
    out, lo = {}, 0
    for t, n in zip(keys, counts):
        out[t] = array("I", ids[lo:lo + n])
        lo += n
    return out


def _same_as_the_loop(stems: list[frozenset[str]]) -> None:
    keys, counts, ids = P._piece_postings(stems)
    want = plain.postings(stems)
    assert list(keys) == list(want)  # the same keys in the same order (first use, each set as it iterates)
    assert _lists(keys, counts, ids) == want
    assert sum(counts) == len(ids)
    # 16 bits while every id and count fits (fewer than 65,536 sentences), else the posting lists' own type.
    assert ids.typecode == counts.typecode == ("H" if len(stems) < 65_536 else "I")


def _random_stems(rng: random.Random, n: int, vocabulary: int) -> list[frozenset[str]]:
    words = [f"w{k}" for k in range(vocabulary)]
    sets = [frozenset(rng.sample(words, rng.randint(0, min(8, vocabulary)))) for _ in range(max(1, n // 3))]
    out = []
    for _ in range(n):
        if rng.random() < 0.5:
            out.append(rng.choice(sets))  # the same set object again (sentences that say the same words)
        else:
            out.append(frozenset(rng.sample(words, rng.randint(0, min(8, vocabulary)))))  # equal sets, other objects
    return out


def test_piece_postings_are_the_loops_on_random_sentences():
    rng = random.Random(3)
    for _ in range(300):
        _same_as_the_loop(_random_stems(rng, rng.randrange(0, 80), rng.randint(1, 30)))


@pytest.mark.parametrize("stems", [[], [frozenset()], [frozenset()] * 5, [frozenset({"a"})],
                                   [frozenset(), frozenset({"a", "b"}), frozenset(), frozenset({"b"})],
                                   [frozenset({"a"})] * 1000])
def test_piece_postings_of_odd_pieces(stems):
    _same_as_the_loop(stems)


def test_piece_postings_past_65536_keys():
    # Up to 65,536 keys are numbered in 16 bits (numpy sorts those by radix); past that, in machine integers.
    for n in (65_536, 65_537, 70_000):
        words = [f"k{k}" for k in range(n)]
        stems = [frozenset(words[k:k + 3]) for k in range(0, n, 2)] + [frozenset(words[:2])]
        _same_as_the_loop(stems)


@pytest.mark.parametrize("n", [65_535, 65_536, 65_537])
def test_piece_postings_at_65536_sentences(n):
    # Ids and counts in 16 bits below 65,536 sentences; at 65,536 one stem's count (65,536) would not fit.
    stems = [frozenset({"all", f"s{k % 3}"}) for k in range(n)]
    _same_as_the_loop(stems)
    joined = P._Joined("")
    joined.add(P.SourcePiece(P.FigureTable(""), array("q", [0, 0] * 2), array("q"), [frozenset({"all"})] * 2,
                             *P._piece_postings([frozenset({"all"})] * 2)))
    joined.add(P.SourcePiece(P.FigureTable(""), array("q", [0, 0] * n), array("q"), list(stems), *P._piece_postings(stems)))
    assert joined.postings["all"] == array("I", range(n + 2))
    assert joined.postings["s1"] == array("I", range(3, n + 2, 3))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.frozensets(st.sampled_from(["a", "b", "c", "dd", "e'e", "ff-g", ""]), max_size=5), max_size=40))
def test_piece_postings_of_generated_sentences(stems):
    _same_as_the_loop(stems)


def test_pieces_joined_are_the_loop_over_the_whole():
    rng = random.Random(8)
    for _ in range(100):
        pieces = [_random_stems(rng, rng.randrange(0, 40), rng.randint(1, 25)) for _ in range(rng.randint(1, 5))]
        joined = P._Joined("")
        for stems in pieces:
            # (A copy: the join takes the first piece's list of sets as its own, and adds the others' to it.)
            piece = P.SourcePiece(P.FigureTable(""), array("q", [0, 0] * len(stems)), array("q"), list(stems),
                                  *P._piece_postings(stems))
            joined.add(piece)
        want = plain.postings([s for stems in pieces for s in stems])
        assert sorted(joined.postings) == sorted(want)
        assert all(joined.postings[t] == want[t] for t in want)
        assert all(ids.typecode == "I" for ids in joined.postings.values())


def test_preparing_pauses_the_collector_in_a_run_and_leaves_it_as_it_was(monkeypatch):
    from citecheck import collector

    seen = []
    paused = collector.paused(lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(collector, "_tuned", True)  # a process the CLI set (tune): its own or a worker
    assert gc.isenabled()
    paused()
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        paused()
        assert seen == [False, False] and not gc.isenabled()  # paused by the caller: left paused
    finally:
        gc.enable()

    @collector.paused
    def fails():
        raise ValueError("bad")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()
    assert P.prepare_source("The dog ran 5 km. A cat sat.").passages and gc.isenabled()


def test_a_program_using_the_library_keeps_its_collector_running(monkeypatch):
    """Outside a run of the CLI nothing is paused: another thread of the program may set the collector meanwhile."""
    from citecheck import collector

    seen = []
    monkeypatch.setattr(collector, "_tuned", False)
    collector.paused(lambda: seen.append(gc.isenabled()))()
    assert seen == [True] and gc.isenabled()
    monkeypatch.setattr(P, "passages_of", _spy_collector(P.passages_of, seen))
    P.prepare_source("The dog ran 5 km. A cat sat.")
    assert seen[1:] and all(seen[1:])


def _spy_collector(fn, seen):
    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return fn(*args, **kwargs)
    return spy


def test_a_piece_made_without_its_posting_lists_gets_them():
    """A SourcePiece made with its first four fields only (as before the lists travelled with it) is joined with
    its sentences in the posting lists, not into a source without an index."""
    text = "Seals rose in the colony. The colony grew by 5%.\nSeals fell."
    whole = P.prepare_source(text)
    piece = P.prepare_piece(text, ((0, len(text)),))
    bare = P.SourcePiece(piece.figures, piece.spans, piece.sentence_of, piece.stems)
    assert (bare.keys, bare.key_counts, bare.posting_ids) == (piece.keys, piece.key_counts, piece.posting_ids)
    joined = P.assemble_source(whole.norm, [bare])
    assert joined.postings and {k: list(v) for k, v in joined.postings.items()} == {
        k: list(v) for k, v in whole.postings.items()}
