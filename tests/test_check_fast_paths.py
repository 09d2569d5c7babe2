"""The fast paths of a claim's check give bit for bit what the plain computations give.

A claim's bounds (ContextTable.bounds, _bounds_of) are those of the plain formulas.

The bounds are computed in place on gathered arrays (passages._GatherAt, a view then one gather per array
and distance, each asked once) or on a table of every sentence; here they are checked against the formulas
written the plain way (one index array and one gather per distance, a new array per operation), on random
and adversarial word weights: the order the search scores contexts in, and where it stops, depend on them.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from citecheck.match import passages, prepare_claim, prepare_source
from citecheck.match.index import held
from citecheck.match.passages import (_EPS, LOCAL_WEIGHT, PAIR_DISCOUNT, WIDE_DISCOUNT, WIDE_SENTENCES, ContextTable,
                                      local_stems)

_WORDS = ("harbour puffins seals wheat exports budget voters nurses village river census flood storm prices "
          "wages debt museum bridge island coast").split()


def _plain_bounds(table: ContextTable, sentences, local: tuple[str, ...]):
    """ContextTable.bounds as the plain numpy formulas compute it (what the index shipped with)."""
    source, claim = table.source, table.claim
    n, w = len(source.passages), WIDE_SENTENCES
    total = sum(source.weight(t) for t in claim.stems)
    if not claim.stems or total <= 0:
        return np.full(len(sentences), 0.2 + _EPS), None
    h = held(source.postings, claim.stems, source.weight, n, pad=w)
    k = sentences.astype(np.int64) + w
    own = h[k]
    context = 0.8 * np.minimum(1.0, own / total) + 0.2
    np.maximum(context, PAIR_DISCOUNT * (0.8 * np.minimum(1.0, (own + np.maximum(h[k - 1], h[k + 1])) / total) + 0.2),
               out=context)
    context = np.minimum(context + _EPS, 1.0)
    wide = h[k - w]
    for d in range(1 - w, w + 1):
        wide = wide + h[k + d]
    best = np.maximum(context, WIDE_DISCOUNT * (0.8 * np.minimum(1.0, wide / total) + 0.2) + _EPS)
    lw = sum(source.weight(t) for t in local)
    if len(local) >= 2 and lw > 0:
        lh = held(source.postings, local, source.weight, n, pad=w)
        near = lh[k] + np.maximum(lh[k - 1], lh[k + 1])
        np.maximum(best, LOCAL_WEIGHT * np.minimum(1.0, near / lw) + _EPS, out=best)
    return best, context


def _weights(rng: random.Random, kind: str) -> float:
    if kind == "random":
        return rng.uniform(0.01, 12.0)
    if kind == "tiny":
        return rng.choice([5e-324, 1e-300, 1e-17, 1e-9])
    if kind == "huge":
        return rng.choice([1e300, 1e17, 3.0e8])
    return rng.choice([1.0, 0.1, 0.3, 1 / 3, 2.0 / 3.0, 1e-17])  # ties and sums that round


@pytest.mark.parametrize("kind", ["random", "tiny", "huge", "mixed"])
@pytest.mark.parametrize("tabled", [True, False])
@pytest.mark.parametrize("by_hand", [False, True])
def test_bounds_are_those_of_the_plain_formulas(monkeypatch, kind, tabled, by_hand):
    """With numpy (tabled for all the sentences, or for those asked), and one by one in Python (_by_hand)."""
    rng = random.Random(f"{kind} {tabled}")
    lines = []
    for _ in range(120):
        words = rng.sample(_WORDS, rng.randint(1, 6))
        if rng.random() < 0.4:
            words.insert(rng.randrange(len(words) + 1), str(rng.randint(2, 9999)))
        lines.append(" ".join(words).capitalize() + ".")
    source = prepare_source("\n".join(lines))
    for t in list(source.idf):  # the weights are the source's: adversarial ones put in their place
        source.idf[t] = _weights(rng, kind)
    # numpy's path whatever the number of sentences, or Python's
    monkeypatch.setattr(passages, "BY_HAND", 10**9 if by_hand else 0)
    monkeypatch.setattr(passages, "FIGURE_BY_HAND", 10**9 if by_hand else 0)
    monkeypatch.setattr(passages, "TABLE_SENTENCES", 10**6 if tabled else 0)
    n = len(source.passages)
    for _ in range(25):
        words = rng.sample(_WORDS, rng.randint(1, 7))
        words.insert(rng.randrange(len(words) + 1), f"{rng.randint(2, 9999)}")
        claim = prepare_claim(" ".join(words) + ", " + " ".join(rng.sample(_WORDS, 3)) + ".")
        table = ContextTable(claim, source)
        for picks in (np.arange(n), np.array(sorted(rng.sample(range(n), 40)), dtype=np.uint32),
                      np.array([0, n - 1], dtype=np.int64), np.array([n - 1, 0, 0, n // 2])):
            for local in [()] + [local_stems(claim, f) for f in claim.figures] * 2:  # asked again: tabled
                want, context = _plain_bounds(table, picks, local)
                assert table.bounds(picks, local).tobytes() == want.tobytes()
                if claim.stems and table._total > 0:
                    assert table._bounds_of("context", picks).tobytes() == context.tobytes()
                    if by_hand:
                        got = np.array(table._by_hand(picks.tolist(), None), dtype=np.float64)
                        assert got.tobytes() == context.tobytes()


@pytest.mark.parametrize("kind", ["random", "tiny", "huge", "mixed"])
def test_most_held_found_in_the_best_passage_is_the_most_any_sentence_holds(kind):
    """check._most_held takes the whole sum when a sentence of the best passage holds every key the source
    holds; the plain way sums every sentence's keys (index.held) and takes the most."""
    from citecheck.match.check import _most_held
    from citecheck.match.passages import ContextTable

    rng = random.Random(f"most held {kind}")
    lines = [" ".join(rng.sample(_WORDS, rng.randint(1, 8))).capitalize() + "." for _ in range(80)]
    source = prepare_source("\n".join(lines))
    shortcuts = 0
    for _ in range(300):
        claim = prepare_claim(" ".join(rng.sample(_WORDS, rng.randint(1, 6))) + ".")
        best = ContextTable(claim, source).best()
        keys = set(rng.sample(_WORDS, rng.randint(0, 6))) | set(rng.sample(claim.stems, rng.randint(0, len(claim.stems))))
        keys |= {"unheard"}  # a key the source does not hold counts nowhere
        weights = {k: _weights(rng, kind) for k in keys}
        got = _most_held(source, keys, weights, best)
        assert got == _most_held(source, keys, weights)  # without a best passage: every sentence summed
        shortcuts += any(all(k in q.stems for k in keys if k in source.postings)
                         for q in source.passages[best.first:best.last + 1])
    assert shortcuts > 30  # the fast path was taken, often


@pytest.mark.parametrize("kind", ["random", "tiny", "huge", "mixed"])
def test_a_pruned_search_finds_the_context_the_full_one_finds(monkeypatch, kind):
    """ContextTable._pruned leaves out, before their bounds are computed, the contexts that cannot reach the
    one scored first: the search finds the context it finds without (and the exhaustive scan finds)."""
    rng = random.Random(f"pruned {kind}")
    lines = []
    for _ in range(150):
        words = rng.sample(_WORDS, rng.randint(1, 6))
        lines.append(" ".join(words).capitalize() + ("." if rng.random() < 0.7 else ""))
    source = prepare_source("\n".join(lines))
    for t in list(source.idf):
        source.idf[t] = _weights(rng, kind)
    monkeypatch.setattr(passages, "TABLE_SENTENCES", 0)  # the bounds computed where asked, as on a large source
    pruned_ids = 0
    for _ in range(40):
        claim = prepare_claim(" ".join(rng.sample(_WORDS, rng.randint(1, 7))) + ".")
        stems = [t for t in claim.stems if t in source.postings]
        monkeypatch.setattr(passages, "PRUNE_CANDIDATES", 0)
        table = ContextTable(claim, source)
        pruned, exhaustive = table._search(stems), table.best(exhaustive=True)
        if stems:
            ids = np.arange(len(source.passages))
            kept, bounds = table._pruned(ids)
            pruned_ids += len(ids) - len(kept)
            # The bounds it hands back are those computed for the sentences kept alone, bit for bit.
            assert bounds.tobytes() == table._bounds_of("context", kept).tobytes()
        monkeypatch.setattr(passages, "PRUNE_CANDIDATES", 10**9)
        full = ContextTable(claim, source)._search(stems)
        assert (pruned is None) == (full is None)
        if full is not None:
            assert (pruned.first, pruned.last, pruned.about) == (full.first, full.last, full.about)
            if pruned.about >= 0.2 + 1e-9:  # (below, the search leaves the answer to a scan of every context)
                assert (pruned.first, pruned.last, pruned.about) == (exhaustive.first, exhaustive.last, exhaustive.about)
    assert pruned_ids > 0
