"""Sentence splitting that holds for news text."""

import pytest

from citecheck.text import split_sentences
from citecheck.text.sentences import quote_spans


def texts(s):
    return [x.text for x in split_sentences(s)]


@pytest.mark.parametrize("text", [
    "The talks began on Oct. 29 in Geneva.",
    "Officials from the U.S. and the U.N. met in Geneva.",
    "Dr. Kim and Mr. Lee met Prof. Park in St. Louis.",
    "Camp No. 5 held 2.6 million people, Fig. 3 shows.",
    "The index puts the figure at 40.3 million worldwide.",
    "He said the camps were full... Nobody could leave.",
    "He said the camps were full\u2026 Nobody could leave.",
    "George W. Bush and J. K. Rowling were not there.",
    "\"We will not give up. Not now, not ever,\" Pak said.",
    "\u201cWe will not give up. Not now,\u201d Pak said on Oct. 29.",
    "Pak said: \"The camps are full. Nobody leaves.\"",
    "The U.S.-led coalition spent $2.5bn, about 1.2% of GDP.",
    "See p. 12 of the report.",
    "1. Seals rose to 4,512 in 2019.",
])
def test_one_sentence(text):
    assert texts(text) == [text]


@pytest.mark.parametrize("text,expected", [
    ("The camps hold 80,000 people. The index counts 2.6 million.",
     ["The camps hold 80,000 people.", "The index counts 2.6 million."]),
    ("It happened in the U.S. The talks failed.", ["It happened in the U.S.", "The talks failed."]),
    ("The answer was no. Then more came.", ["The answer was no.", "Then more came."]),
    ("\"We will fight on,\" Pak said. \"Nobody leaves. Ever,\" she added. Then she left.",
     ["\"We will fight on,\" Pak said.", "\"Nobody leaves. Ever,\" she added.", "Then she left."]),
    ("Why? Because 5,000 people left! The rest stayed.",
     ["Why?", "Because 5,000 people left!", "The rest stayed."]),
    ("The count rose in 2019.[1] The next survey [^2] follows in 2024.",
     ["The count rose in 2019.[1]", "The next survey [^2] follows in 2024."]),
    ("Plan B. The end.", ["Plan B.", "The end."]),
    ("First line without a stop\nSecond line.", ["First line without a stop", "Second line."]),
])
def test_splits(text, expected):
    assert texts(text) == expected


def test_offsets_index_the_text_and_respect_start_end():
    text = "Intro. The camps hold 80,000 people. The end."
    spans = split_sentences(text, 7, 36)
    assert [s.text for s in spans] == ["The camps hold 80,000 people."]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_quote_spans_pair_marks_and_skip_apostrophes():
    text = "He said \u2018we don\u2019t care\u2019 and \"so\" on; it was 5\" wide."
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["\u2018we don\u2019t care\u2019", "\"so\""]


def _quote_spans_by_search(text: str) -> list[tuple[int, int]]:
    """quote_spans as first written: each opening mark searches up to MAX_QUOTE_CHARS ahead for its
    closer. The splitter now looks the marks up once; it must find the same quotations."""
    import re as _re

    from citecheck.text.sentences import MAX_QUOTE_CHARS, _closer_for

    spans, i, end = [], 0, len(text)
    while True:
        m = _re.compile("[\u201c\u00ab\"\u2018]").search(text, i, end)
        if m is None:
            return spans
        i = m.start()
        closer, opener, j = _closer_for(text, i, 0), text[i], None
        k, limit = i + 1, min(end, i + 1 + MAX_QUOTE_CHARS)
        while closer is not None and k < limit:
            c = _re.compile("[\n" + _re.escape(closer) + "]").search(text, k, limit)
            if c is None or text[c.start()] == "\n":
                break
            k = c.start()
            after = text[k + 1] if k + 1 < len(text) else " "
            if closer not in "\"\u2019" or (not text[k - 1].isspace() and not after.isalnum()):
                j = k
                break
            if opener == '"':
                break
            k += 1
        if j is None:
            i += 1
            continue
        spans.append((i, j + 1))
        i = j + 1


@pytest.mark.parametrize("seed", range(40))
def test_quote_spans_same_as_searching_each_mark(seed):
    import random

    r = random.Random(seed)
    alphabet = "\u201c\u201d\u00ab\u00bb\"\u2018\u2019 \n aAbB.!?,(1"
    # Long texts with few closers put closers beyond MAX_QUOTE_CHARS of many opening marks.
    share = r.choice((0.3, 0.01, 0.002))
    text = "".join(r.choice(alphabet) if r.random() < share else r.choice(" ab") for _ in range(r.choice((80, 5000))))
    assert quote_spans(text) == _quote_spans_by_search(text)


@pytest.mark.parametrize("second", [0, 1, 2, 398, 399, 400, 401, 402, 990, 999])
@pytest.mark.parametrize("closer", ["\u201d", "\n\u201d"])
def test_an_unpaired_opening_mark_does_not_hide_a_later_one_in_reach(second, closer):
    """A first opening quote finds no closer within reach; a second, nearer the closer, still pairs."""
    text = "\u201c" + "a" * second + "\u201c" + "a" * (1000 - second - 2) + closer + " b"
    assert quote_spans(text) == _quote_spans_by_search(text)
