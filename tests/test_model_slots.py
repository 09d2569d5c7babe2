"""The model classes a big page holds by the hundred thousand have slots (no per-instance __dict__);
they must still pickle (the batch process pool sends results between processes), copy and
`dataclasses.replace` as plain frozen dataclasses do."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from citecheck.model import Evidence, Figure, FigureVerdict
from citecheck.text.sentences import Span

FIGURE = Figure(text="4,512", start=20, end=25, kind="count", value=4512.0, low=4512.0, high=4512.0,
                tolerance=0.5, anchored=20190507.0, anchor="2019-05-10", side="to")
EVIDENCE = Evidence(url="https://example.org/s", quote="counted 4,512 pairs", start=12, end=31, page=3)
VERDICT = FigureVerdict(figure=FIGURE, verdict="supported", evidence=EVIDENCE,
                        source_figure=dataclasses.replace(FIGURE, start=120, end=125), note="same count")


@pytest.mark.parametrize("obj", [FIGURE, EVIDENCE, VERDICT, Span(3, 9, "counts")])
def test_slotted_and_still_a_frozen_dataclass(obj):
    assert not hasattr(obj, "__dict__") and type(obj).__slots__
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(obj, protocol))
        assert back == obj and hash(back) == hash(obj) and type(back) is type(obj)
    assert copy.copy(obj) == obj == copy.deepcopy(obj)
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError, TypeError)):
        obj.start = 0  # noqa: B010 - frozen stays frozen


def test_replace_and_nested_pickling():
    moved = dataclasses.replace(FIGURE, start=30, end=35)
    assert (moved.start, moved.end, moved.text, moved.anchor) == (30, 35, "4,512", "2019-05-10")
    assert moved.describe() == FIGURE.describe() == "4,512 count"
    back = pickle.loads(pickle.dumps(VERDICT))
    assert back.source_figure.start == 120 and back.evidence.page == 3 and back.figure == FIGURE
    assert dataclasses.asdict(back)["figure"]["value"] == 4512.0
