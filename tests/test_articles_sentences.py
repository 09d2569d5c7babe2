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
