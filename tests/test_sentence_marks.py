"""The places of the marks that may end a sentence (sentences._mark_places: each mark's places by str.find, merged by
sort) are those a regex search for the marks finds, in order; and a line's first stop that the list-number test skips
(no space at p - 1 nor at p - 6) is never a list number."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from citecheck.text import sentences as S


def _plain_marks(text: str, start: int, end: int) -> list[int]:
    # (a regex over the span, not the code's road: a pattern object's pos/endpos clamp as str.find's start/end do)
    return [m.start() for m in re.compile(r"[.!?]").finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(".!?ab \n\u2026\uff0e\u3002\ud800") + ["\U0001f600"]), max_size=60),
       st.integers(0, 70), st.integers(0, 70))
def test_mark_places_are_each_marks_places_in_order(text, a, b):
    start, end = min(a, b), max(a, b)
    assert S._mark_places(text, start, end) == _plain_marks(text, start, end)


def test_a_stop_the_list_test_skips_ends_no_list_number():
    rng = random.Random(2)
    alphabet = ["1", "(", ")", "a", "B", " ", "\t", "\u00a0", "\u3000", "x", "."]
    for _ in range(20_000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14)))
        p = rng.randrange(len(line) + 1)
        skipped = not (p < 6 or line[p - 1].isspace() or line[p - 6].isspace())
        if skipped:
            assert not S._is_list_mark(line, S._INDENT_RE.match(line, 0, len(line)).end(), p), (line, p)
