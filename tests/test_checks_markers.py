"""checked_figures searches a claim for citation markers only when it holds a bracket: the same figures kept."""

from __future__ import annotations

import random

from citecheck.match import prepare_claim
from citecheck.match.check import checked_figures
from citecheck.match.prepare import CITATION_RE

_PIECES = ["In 2019,", "45% of", "300 wolves", "[7]", "(33)", "[, 48]", "(Smith et al., 2013)", "(Jones, 2020)",
           "the 6th", "were counted", "in Quito", "(2009)", "(1,200)", "[12-14]", "about 12", "{5}", "<ref>", "et al."]


def _plain(claim):
    """checked_figures as written before: the markers always searched for."""
    markers = [m.span() for m in CITATION_RE.finditer(claim.norm.text)]
    return tuple(f for f in claim.figures if (f.kind != "ordinal" or len(claim.figures) == 1)
                 and not any(s <= f.start and f.end <= e for s, e in markers))


def test_checked_figures_as_with_every_claim_searched():
    rng = random.Random(7)
    texts = [" ".join(rng.choices(_PIECES, k=rng.randint(1, 8))) + "." for _ in range(400)]
    bracketless = 0
    for text in texts:
        claim = prepare_claim(text)
        assert checked_figures(claim) == _plain(claim), text
        bracketless += "[" not in claim.norm.text and "(" not in claim.norm.text
    assert 20 <= bracketless <= 380  # both roads taken
