"""Negation: "no immune response" is not backed by a passage that reports an immune response."""

from __future__ import annotations

from citecheck.match.caseless import Caseless

NEGATION = Caseless(
    r"\b(?:no|not|none|never|neither|nor|cannot|can't|didn't|doesn't|don't|isn't|wasn't|aren't|weren't|"
    r"won't|without|little|lack|lacks|lacked|fail|failed|fails|unlikely|nothing|nobody|n't)\b"
)
NEGATION_RE = NEGATION.regex


def negated(text: str) -> bool:
    return NEGATION.found(text)


def claim_negated_only(claim_text: str, passage_text: str) -> bool:
    """The claim says no (not, never, without ...) and the passage most about it does not.

    Only this direction: a passage is longer than a claim and says "not" about many other things.
    """
    return negated(claim_text) and not negated(passage_text)
