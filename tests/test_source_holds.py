"""PreparedSource.holds: a claim's name looked up in the source's text, once per name, and from the set of the
text's words only once the text has been searched for many names (the set costs about fifty searches)."""

import pickle
import random

from citecheck.match import prepare
from citecheck.match.prepare import NAME_SEARCHES, prepare_source

TEXT = ("Pyongyang's camps held 80,000 to 120,000 prisoners, the U.N. said. Kaesong workers earned less.\n"
        "A well-known report (Walk Free, 2018) counted 2.6 million people in modern slavery; naïve café.\n")


def _names(n: int, seed: int = 1) -> list[str]:
    """Words of the text, parts of words, pieces across words and absent names, in lower case."""
    rng = random.Random(seed)
    low = TEXT.lower()
    out = ["pyongyang", "pyongyang's", "kaesong", "u.n", "walk free", "well-known", "naïve", "café", "camp",
           "seoul", "", "2.6 million", "ongyan"]
    while len(out) < n:
        i = rng.randrange(len(low))
        out.append(low[i:i + rng.randint(1, 12)] if rng.random() < 0.7 else
                   "".join(rng.choice("abcdefghijklmnopqrstuvwxyz'") for _ in range(rng.randint(2, 9))))
    return out


def test_holds_is_a_search_of_the_lower_case_text_before_and_after_the_words_are_made():
    source = prepare_source(TEXT)
    names = _names(4 * NAME_SEARCHES)
    for k, name in enumerate(names):
        assert source.holds(name) == (name in source.lowered), name
        assert source.holds(name) == (name in source.lowered), name  # again: from what was kept
    assert prepare._WORDS in source.memo  # made once the names searched passed NAME_SEARCHES
    for name in _names(4 * NAME_SEARCHES, seed=2):
        assert source.holds(name) == (name in source.lowered), name


def test_a_few_names_never_make_the_set_of_words():
    # The claims citing a source name a few places: each is one search, and the 10 ms set is never made.
    source = prepare_source(TEXT * 20)
    distinct = list(dict.fromkeys(_names(200)))[:NAME_SEARCHES]
    for name in distinct * 3:
        source.holds(name)
    assert prepare._WORDS not in source.memo
    source.holds("one name more")
    assert prepare._WORDS in source.memo and source.words == prepare.distinct_words(source.lowered)


def test_a_pickled_source_answers_the_same():
    source = prepare_source(TEXT)
    again = pickle.loads(pickle.dumps(source))
    assert again.lowered == source.lowered
    assert [again.holds(n) for n in _names(100)] == [source.holds(n) for n in _names(100)] == \
        [n in source.lowered for n in _names(100)]
    assert again.words == source.words == prepare.distinct_words(source.lowered)


def test_answers_kept_are_bounded(monkeypatch):
    # A million claims naming a million people against one source: at most NAMES_KEPT answers are kept; the
    # others are looked up each time, with the same answers.
    monkeypatch.setattr(prepare, "NAMES_KEPT", 10)
    source = prepare_source(TEXT)
    names = list(dict.fromkeys(_names(300)))
    for name in names:
        assert source.holds(name) == (name in source.lowered), name
    assert sum(1 for k in source.memo if k[0] == "holds") == 10
    assert [source.holds(n) for n in names] == [n in source.lowered for n in names]
