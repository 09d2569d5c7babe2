"""The index answers each claim as the exhaustive scan does (Settings.exhaustive), only faster."""

from __future__ import annotations

import random

import pytest

from citecheck.batch import BatchItem, check_items
from citecheck.match import Settings, check_prepared, prepare_claim, prepare_source
from citecheck.match.index import FigureIndex
from citecheck.pipeline import check_paths
from citecheck.sources import FetchOptions
from tests.conftest import ROOT

INDEXED, EXHAUSTIVE = Settings(), Settings(exhaustive=True)


def _same(a, b) -> None:
    assert (a.verdict, a.score, a.reason, a.evidence, a.missing) == (b.verdict, b.score, b.reason, b.evidence, b.missing)
    assert [(f.verdict, f.note, f.evidence, f.source_figure) for f in a.figures] == \
        [(f.verdict, f.note, f.evidence, f.source_figure) for f in b.figures]


def test_bundled_example_indexed_as_exhaustive():
    claims = str(ROOT / "claims" / "nk-human-rights.yaml")
    indexed = check_paths([claims], FetchOptions(), INDEXED).verdicts
    exhaustive = check_paths([claims], FetchOptions(), EXHAUSTIVE).verdicts
    assert len(indexed) == 11
    for a, b in zip(indexed, exhaustive):
        _same(a, b)


# Figures of every kind the reader knows, in forms that MATCH, sit INSIDE, DIFFER or do not compare.
_FIGURES = ["{n:,}", "about {n:,}", "more than {n:,}", "at least {n:,}", "up to {n:,}", "{n:,} to {m:,}",
            "{n} km", "{n},000 metres", "${n} million", "US${n}", "€{n}", "{p}%", "{p} percentage points",
            "{p} percent", "{y}", "in {y}", "May {d}, {y}", "{d} June", "the {y}s", "hundreds of", "dozens of",
            "{n}th", "{n:,} people aged {p}", "Rule {n}", "{y}-{y2}", "nearly {n:,}", "{n}.{d} million"]
_WORDS = ("survey council harbour puffins seals wheat exports budget voters nurses village river census "
          "flood storm prices wages debt museum bridge island coast Oslo Lagos Quito Hanoi Perth").split()


def _phrase(rng: random.Random) -> str:
    n = rng.choice([3, 12, 45, 117, 1620, 2019, 4512, 80000, 120000, 2640000, rng.randint(2, 999999)])
    y = rng.randint(1990, 2024)
    return rng.choice(_FIGURES).format(n=n, m=n * 2 + 1, p=rng.randint(1, 99), y=y, y2=y + 3, d=rng.randint(1, 28))


def _sentence(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(3, 7))
    words.insert(rng.randrange(len(words) + 1), _phrase(rng))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words) + 1), _phrase(rng))
    return " ".join(words).capitalize() + rng.choice([".", ".", "!", " said the council."])


@pytest.mark.parametrize("seed", range(6))
def test_generated_corpus_indexed_as_exhaustive(seed):
    rng = random.Random(seed)
    lines = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(60)]
    source = prepare_source("\n".join(lines), "https://example.org/report")
    claims = [_sentence(rng) for _ in range(25)] + [rng.choice(lines) for _ in range(10)] + ["", "Nothing here."]
    for text in claims:
        claim = prepare_claim(text)
        _same(check_prepared(claim, source, INDEXED), check_prepared(claim, source, EXHAUSTIVE))


def test_figure_candidates_hold_every_figure_that_may_back_or_hold_the_claims():
    from citecheck.figures import Relation, compare

    rng = random.Random(11)
    source = prepare_source("\n".join(_sentence(rng) for _ in range(200)))
    index: FigureIndex = source.figure_index
    everything = list(index.all())
    assert len(everything) == sum(len(source.figures_in(p.index)) for p in source.passages)
    for _ in range(150):
        for fig in prepare_claim(_sentence(rng)).figures:
            wanted = [o for o in everything if compare(fig, index.figures[o]) in (Relation.MATCH, Relation.INSIDE)]
            got = index.candidate_orders(fig).tolist()
            assert set(wanted) <= set(got), fig
            backing = {o for o in everything if compare(fig, index.figures[o]) is Relation.MATCH}
            near = index.candidate_orders(fig, near=True).tolist()
            assert backing <= set(near), fig
            assert got == sorted(got) and near == sorted(near)  # in text order, as the scan meets them
            assert index.held_only(fig, index.candidate_orders(fig, near=True)).tolist() == \
                [o for o in got if o not in set(near)]


def test_batch_in_processes_gives_the_records_of_one_process(tmp_path):
    rng = random.Random(3)
    texts = ["\n".join(_sentence(rng) for _ in range(30)) for _ in range(4)]
    paths = []
    for k, t in enumerate(texts):
        p = tmp_path / f"s{k}.txt"
        p.write_text(t, encoding="utf-8")
        paths.append(str(p))
    items = [BatchItem(n, str(n), _sentence(rng), None, rng.choice(paths), None) for n in range(1, 41)]
    items += [BatchItem(41, "41", "Puffins 4,512.", texts[0], None, None)]
    one = list(check_items(items, workers=1))
    two = list(check_items(items, workers=2))
    assert one == two
    assert [r["id"] for r in two] == [i.id for i in items]


def test_a_source_cited_by_many_claims_is_checked_by_every_worker(tmp_path, monkeypatch):
    from citecheck import batch

    assert batch.split_group(list(range(250)), 2) == [list(range(125)), list(range(125, 250))]
    assert batch.split_group(list(range(150)), 2) == [list(range(150))]  # too few claims to prepare twice
    assert batch.split_group(list(range(250)), 1) == [list(range(250))]
    monkeypatch.setattr(batch, "SPLIT_CLAIMS", 4)
    rng = random.Random(5)
    path = tmp_path / "one.txt"
    path.write_text("\n".join(_sentence(rng) for _ in range(40)), encoding="utf-8")
    items = [BatchItem(n, str(n), _sentence(rng), None, str(path), None) for n in range(1, 25)]
    assert list(check_items(items, workers=2)) == list(check_items(items, workers=1))


# A repetitive page, as a generated report is: few words, each in hundreds of sentences (some in more
# than COMMON_POSTINGS), many contexts tied at the top, thousands of bounds ("More than 611,318"),
# hedged values and years. The pruned search must still pick what the exhaustive scan picks.
_REPEATED = ("survey council harbour budget voters nurses wheat prices wages debt museum bridge river census "
             "flood storm exports school").split()
_PLACES = "Oslo Lagos Quito Leeds Perth Busan".split()


def _report_line(rng: random.Random) -> tuple[str, str]:
    a, b, c = rng.sample(_REPEATED, 3)
    place, n, year, pct = rng.choice(_PLACES), rng.randint(2, 900_000), rng.randint(1990, 2024), rng.randint(1, 99)
    form = rng.randrange(4)
    if form == 0:
        line = f"In {year}, the {a} in {place} counted {n:,} {b} across the {c}."
        claim = f"The {a} in {place} counted {n if rng.random() < 0.6 else n + 1000:,} {b} in {year}."
    elif form == 1:
        line = f"The {a} {c} of {place} rose by {pct}% to ${n:,} million."
        claim = f"{place}'s {a} {c} rose {pct if rng.random() < 0.6 else pct + 3} percent."
    elif form == 2:
        line = f"On May {rng.randint(1, 28)}, {year}, officials in {place} counted about {n:,} {a}."
        claim = f"Officials in {place} counted around {n:,} {a} in {year}."
    else:
        line = f"More than {n:,} {a} and {pct} {b} were counted in {place}."
        claim = f"Over {n if rng.random() < 0.6 else n // 2:,} {a} were counted in {place}."
    return line, claim


def test_repetitive_report_indexed_as_exhaustive(monkeypatch):
    from citecheck.match import passages

    monkeypatch.setattr(passages, "COMMON_POSTINGS", 400)  # a page this size has common words then
    rng = random.Random(17)
    rows = [_report_line(rng) for _ in range(1500)]
    filler = "The figures were published after a review. "
    source = prepare_source("\n".join(line + (" " + filler if k % 2 else "") for k, (line, _) in enumerate(rows)))
    assert sum(len(ids) > 400 for ids in source.postings.values()) >= 3  # common words: looked up last
    claims = [claim for _, claim in rng.sample(rows, 14)] + ["Leeds's storm debt rose 250 percent.",
                                                            "The budget in Oslo counted 216,030 wheat in 2004."]
    for text in claims:
        claim = prepare_claim(text)
        _same(check_prepared(claim, source, INDEXED), check_prepared(claim, source, EXHAUSTIVE))


def test_held_sums_key_by_key_as_a_dict_would():
    from array import array

    from citecheck.match.index import held

    postings = {"a": array("I", [0, 2, 5]), "b": array("I", [2, 3]), "c": array("I", [5])}
    weights = {"a": 0.1, "b": 0.2, "c": 0.7}
    h = held(postings, ["a", "b", "missing", "c"], weights.get, 7)
    assert h.tolist() == [0.1, 0.0, 0.1 + 0.2, 0.2, 0.0, 0.1 + 0.7, 0.0]


@pytest.mark.parametrize("seed", range(4))
def test_summed_over_padded_postings_is_held_bit_for_bit(seed):
    """The search's sums (summed, over the lists kept padded and cast once per source) are held's, padded."""
    from array import array

    from citecheck.match.index import PaddedPostings, held, summed

    rng = random.Random(f"summed {seed}")
    n = rng.choice([1, 5, 300])
    postings = {f"k{j}": array("I", sorted(rng.sample(range(n), rng.randint(1, n)))) for j in range(12)}
    weights = {k: rng.choice([0.0, 1e-300, 0.1, 1 / 3, rng.random(), 1e10]) for k in postings}
    padded = PaddedPostings(postings, 2)
    for _ in range(30):
        keys = rng.sample([*postings, "missing"], rng.randint(0, 8))
        want = held(postings, keys, weights.get, n, pad=2)
        for _ in range(2):  # made, then kept
            assert summed(padded, keys, weights.get, n + 4).tobytes() == want.tobytes()


def test_by_bound_is_a_stable_sort_by_descending_bound():
    import numpy as np

    from citecheck.match.passages import by_bound

    rng = random.Random(5)
    for n in (0, 1, 7, 300, 2000):
        bounds = np.array([rng.choice([0.2, 0.5, 0.7, 1.0, rng.random()]) for _ in range(n)])
        got = [int(k) for part in by_bound(bounds, first=16) for k in part]
        assert got == sorted(range(n), key=lambda k: -bounds[k])


def test_a_single_value_is_searched_among_single_values_and_held_by_the_rest():
    from citecheck.figures import Relation, compare

    source = prepare_source("More than 200,000 voters came. About 210,000 nurses came. "
                            "Between 100,000 and 300,000 seals came. 216,030 puffins came.")
    index: FigureIndex = source.figure_index
    claim = prepare_claim("216,030 people came.").figures[0]
    near = {index.figures[o].text for o in index.candidate_orders(claim, near=True).tolist()}
    every = {index.figures[o].text for o in index.candidate_orders(claim).tolist()}
    assert near == {"216,030"}  # none of the others can back it: compare says so too
    assert every == {"More than 200,000", "About 210,000", "Between 100,000 and 300,000", "216,030"}
    for o in index.all():
        if index.figures[o].text not in near:
            assert compare(claim, index.figures[o]) is not Relation.MATCH
    # Without the 216,030, the figure is held (the first holder of the passage most about it), as before.
    held_only = prepare_source("Voters: more than 200,000 people came to the rally.")
    result = check_prepared(prepare_claim("216,030 people came to the rally."), held_only)
    assert result.figures[0].note == "the source gives more than 200,000, not 216,030 alone"
    _same(result, check_prepared(prepare_claim("216,030 people came to the rally."), held_only, EXHAUSTIVE))


def test_a_pickled_source_answers_as_the_one_it_was_made_from():
    """The index's numpy views are made when first wanted, and never pickled (a pool sends sources)."""
    import pickle

    rng = random.Random(13)
    source = prepare_source("\n".join(_sentence(rng) for _ in range(40)))
    claims = [prepare_claim(_sentence(rng)) for _ in range(20)]
    before = [check_prepared(c, source) for c in claims]  # the views are made now
    again = pickle.loads(pickle.dumps(source))
    assert all(group._views is None for group in again.figure_index.groups.values())
    assert "_views" not in again.figure_index.__dict__ and "_memo" not in again.figure_index.__dict__
    assert [check_prepared(c, again) for c in claims] == before


def test_bounds_looked_up_in_a_table_are_those_computed_for_the_candidates(monkeypatch):
    """A small source's bounds come from a table of every sentence, a large one's are computed where asked,
    and a few sentences' one by one in Python (ContextTable._by_hand): the same floats every way."""
    import numpy as np

    from citecheck.match import passages
    from citecheck.match.passages import ContextTable, local_stems

    rng = random.Random(21)
    source = prepare_source("\n".join(" ".join(_sentence(rng) for _ in range(2)) for _ in range(50)))
    claims = [prepare_claim(_sentence(rng)) for _ in range(15)] + [prepare_claim("")]
    picks = np.array(sorted(rng.sample(range(len(source.passages)), 30)), dtype=np.uint32)

    def measured():
        out = []
        for claim in claims:
            table = ContextTable(claim, source)
            out.append(table.bounds(picks).tolist())
            # Twice: the words next to a figure asked for again are looked up in a table.
            out.extend(table.bounds(picks, local_stems(claim, f)).tolist() for f in claim.figures for _ in range(2))
            if passages.BY_HAND:
                out.append(table._by_hand(picks.tolist(), None) if claim.stems else None)
            else:
                out.append(table._bounds_of("context", picks).tolist() if claim.stems else None)
        return out, [check_prepared(c, source) for c in claims]

    monkeypatch.setattr(passages, "BY_HAND", 0)
    monkeypatch.setattr(passages, "FIGURE_BY_HAND", 0)
    tabled = measured()
    monkeypatch.setattr(passages, "TABLE_SENTENCES", 0)
    assert measured() == tabled
    monkeypatch.setattr(passages, "BY_HAND", 10**6)
    monkeypatch.setattr(passages, "FIGURE_BY_HAND", 10**6)
    assert measured() == tabled


def test_a_figure_repeated_in_a_claim_is_looked_up_once():
    from dataclasses import fields, replace

    from citecheck.match.index import _values_of

    source = prepare_source("Puffins: 4,512 pairs in 2019. About 4,500 pairs in 2018.")
    index: FigureIndex = source.figure_index
    first, again = prepare_claim("4,512 pairs, and again 4,512 pairs.").figures
    found = index.candidate_orders(first)
    assert index.candidate_orders(again) is found and not found.flags.writeable
    assert index.candidate_orders(first, near=True) is not found
    # Every field but where it is written (and its side) may change the candidates: all are in the key.
    placed = {"text", "start", "end", "side", "anchored", "anchor", "span"}
    for f in fields(first):
        if f.name not in placed:
            changed = replace(first, **{f.name: "other" if isinstance(getattr(first, f.name), str) else 7.0})
            assert _values_of(changed) != _values_of(first), f.name


def test_a_source_keeps_only_short_answers_of_its_candidate_lookups(monkeypatch):
    # A bound ("more than 5") holds nearly every count of a page: kept for every claim after, thousands of
    # such answers on a page near the size cap would take gigabytes. Only short ones are kept; all are right.
    from citecheck.match import index as I

    monkeypatch.setattr(I, "MEMO_ORDERS", 8)
    source = prepare_source(" ".join(f"The count was {n * 7 + 3:,} boats." for n in range(200)))
    claim = prepare_claim("More than 5 boats came. Exactly 1,010 boats came.")
    bound, single = claim.figures
    index = source.figure_index
    wide, narrow = index.candidate_orders(bound), index.candidate_orders(single)
    assert len(wide) == 200 and 0 < len(narrow) <= 8
    kept = list(index.__dict__["_memo"].values())
    assert [len(a) for a in kept] == [len(narrow)]
    assert list(index.candidate_orders(bound)) == list(wide)


def test_figures_made_by_the_index_are_the_tables_and_a_bounded_few_are_kept(monkeypatch):
    # The figure check asks for the figures of a passage several times per claim; the index keeps those it
    # made, at most FIGURES_KEPT of them (a search may reach every figure of a page near the size cap).
    import pickle

    from citecheck.match import index as I

    monkeypatch.setattr(I, "FIGURES_KEPT", 16)
    source = prepare_source("\n".join(f"In {1990 + n % 30}, {n * 7 + 3:,} boats came. About {n}% left." for n in range(60)))
    index: FigureIndex = source.figure_index
    assert len(index.figures) >= 120
    for order in range(len(index.figures)):
        assert index.figure(order) == index.figures[order]
        assert len(index.__dict__["_made"]) <= 16
    assert index.figure(len(index.figures) - 1) is index.figure(len(index.figures) - 1)
    for sentence in (0, 7, 59):
        assert index.figures_in(sentence) == source.figures_in(sentence) != ()
    assert "_made" not in pickle.loads(pickle.dumps(index)).__dict__  # what was made stays behind


def test_content_words_of_short_texts_are_kept_and_of_long_ones_read_again():
    from citecheck.match import prepare as P

    short = "The U.N. counted 4,512 puffins on the coast."
    assert P.surface_tokens(short) == P._surface_tokens(short) != []
    assert P.surface_tokens(short) is not P.surface_tokens(short)  # a list each caller may keep
    long = "puffins " * (P.TOKENS_KEPT_CHARS // 8 + 1)
    P._kept_surface_tokens.cache_clear()
    assert P.surface_tokens(long) == P._surface_tokens(long)
    assert P._kept_surface_tokens.cache_info().currsize == 0



@pytest.mark.parametrize("seed", range(6))
def test_the_reach_of_narrow_figures_leaves_out_only_figures_below_the_window(seed):
    """_Sorted.overlapping starts its slice at lo - reach (the widest narrow span), not only at (lo - 1) / NARROW:
    the figures it skips have high < lo, which its filter drops anyway. The same answer as the NARROW start
    alone (reach made infinite), on random spans of every magnitude and on queries at their very ends."""
    import math
    import pickle

    import numpy as np

    from citecheck.match.index import NARROW, _Sorted

    rng = random.Random(f"reach {seed}")
    scale = [1.0, 1e3, 1e7, 1e15, 1e300, 5e-324][seed]
    n = 400
    lows = np.array([rng.choice([0.0, rng.uniform(0, 10), rng.uniform(0, 1) * scale, scale, 2.0 * scale])
                     for _ in range(n)])
    widths = np.array([rng.choice([0.0, 1e-9, 0.5, 1.0, rng.uniform(0, 3), rng.uniform(0, NARROW - 1.0)]) for _ in range(n)])
    highs = np.minimum(lows + widths * np.maximum(lows, 1.0), NARROW * lows + 1.0)
    highs[rng.sample(range(n), 20)] = np.inf  # not narrow: searched by the filter on the wide ones
    values = lows + (highs - lows) * np.array([rng.random() for _ in range(n)])
    holders = np.array([rng.random() < 0.2 for _ in range(n)])
    group = _Sorted(lows, highs, np.arange(n), values, holders)
    plain = pickle.loads(pickle.dumps(group))
    plain.reach = math.inf
    ends = [x for x in np.concatenate([lows, highs]).tolist() if not math.isinf(x)]
    queries = [(-math.inf, math.inf), (math.nan, 1.0), (1.0, math.nan), (math.inf, math.inf), (-5.0, -1.0)]
    for _ in range(300):
        x = rng.choice(ends)
        x = rng.choice([x, math.nextafter(x, math.inf), math.nextafter(x, -math.inf), x * (1 + 1e-12), -x])
        queries.append((x, x if rng.random() < 0.5 else x + rng.choice([0.0, 1.0, x, scale])))
    for lo, hi in queries:
        for with_holders in (True, False):
            got = sorted(o for a in group.overlapping(lo, hi, with_holders) for o in a.tolist())
            want = sorted(o for a in plain.overlapping(lo, hi, with_holders) for o in a.tolist())
            assert got == want, (lo, hi, with_holders)
    assert group.reach < math.inf
