"""Is a claim supported by a source? A learned decision over general features of claim and passage.

The matcher measures a few things about a (claim, source) pair; a logistic regression, fitted by
`train/fit_decision.py` on labelled citations, weighs them into the probability that the source
supports the claim. The weights ship in `decision_weights.json` beside this module; this module
only reads them (plain Python math, no training library at run time).

Every feature is a general property of a claim and a passage, never a pattern of one item:

- `best_about`: how much the passage most about the claim is about it (0..1; passages.aboutness:
  the claim's words found there, weighed by their rarity in the source, blended with fuzzy overlap).
- `rare_cover_best`: share of the claim's content words found in that passage, each weighed by
  its rarity in general English (wordfreq): "apoptosis" counts, "study" hardly does.
- `rare_cover_source`: the same share over the whole source.
- `rarest_missing`: general-English rarity of the rarest claim word the source never uses (0 if
  it uses them all): a specific term of the claim that the source lacks.
- `figures_backed`: share of the claim's figures that stand in a passage about the claim (0 without figures).
- `figures_unbacked`: share of the claim's figures the source does not back (0 without figures).
- `figures_about`: mean aboutness of the passages that back the claim's figures (0 for a figure
  not backed; 0 without figures).
- `weakest_part`: the claim cut into parts at commas, semicolons, brackets and "and/but/while/
  which/whereas"; for each part of two content words or more, the rarity-weighted share of its
  words that the one passage best for it gives; the least of these (the whole claim's share if it
  has one part). A claim of which one part is absent from the source is partial, not supported.
- `has_figures`: 1 if the claim has figures.
- `missing_names`: names (capitalised words) of the claim the source never mentions, 0, 0.5 or 1 (2 or more).
- `negation_mismatch`: 1 if the claim says "no/not/never..." in a part its best passage is about, and
  that passage does not (check._negation_in_passage_part).
- `log_words`: log(1 + number of content words of the claim): long claims say more that can fail.
- `hedged`: 1 if the claim hedges ("may", "might", "suggest", "possibly", "likely" ...).
- `strong`: 1 if the claim generalises or ranks ("all", "always", "only", "first", "most",
  "significantly" ...): wording that overstates a source more often than not.
- `longest_run`: the longest run of the claim's word keys that the passage most about it gives in the
  same order, word after word (capped at 6, over 6): a phrase taken over, even when paraphrased
  around it ("renal cell carcinoma", "time to recovery").
- `shared_pairs`: share of the claim's pairs of adjacent word keys that stand side by side in that
  passage: how much of the claim's wording, not only its vocabulary, the passage shares.
- `causal_claim`: 1 if the claim says one thing causes another ("causes", "leads to", "results in",
  "due to", "induces", "promotes", "prevents" ...): a cited association is often written up as a
  cause, so such a claim overstates its source more often than not.
- `best_hedged`: 1 if the passage most about the claim hedges ("may", "suggest", "likely" ...): what
  a source only proposes is cited as an established finding more often than not.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from citecheck.match.caseless import Caseless
from citecheck.match.lexicon import rarity
from citecheck.match.prepare import PreparedClaim, PreparedSource, content_text, surface_tokens

FEATURES = ("best_about", "rare_cover_best", "rare_cover_source", "rarest_missing", "figures_backed",
            "figures_unbacked", "figures_about", "weakest_part", "has_figures", "missing_names", "negation_mismatch", "log_words", "hedged",
            "strong", "longest_run", "shared_pairs", "causal_claim", "best_hedged")

# Searched with Caseless: the same answers as the patterns (`.regex`, compiled ignoring case), faster.
HEDGE = Caseless(r"\b(?:may|might|could|suggests?|suggested|possibl[ey]|likely|potential(?:ly)?|"
                 r"appears?|seems?|perhaps|probabl[ey])\b")
STRONG = Caseless(r"\b(?:all|always|every|only|first|most|best|largest|greatest|highest|lowest|"
                  r"significant(?:ly)?|strongly|clearly|prove[sdn]?|establish(?:ed|es)?)\b")
CAUSAL = Caseless(r"\b(?:caus\w*|lead(?:s|ing)? to|led to|result(?:s|ed|ing)? in|due to|because|induc\w*|"
                  r"responsible for|trigger\w*|driv(?:e|es|en|ing) by|promot\w*|contribut\w*|prevent\w*)\b")
HEDGE_RE, STRONG_RE, CAUSAL_RE = HEDGE.regex, STRONG.regex, CAUSAL.regex

WEIGHTS_FILE = "decision_weights.json"

# [issue 10] What the evidence floor (backed_enough) is measured on, besides the model's features: the
# larger of `rare_cover_best` and the same share over the passages that back the claim's figures.
# A claim's figures may stand in a passage other than the one most about its words ("Paterson died
# on November 10, 2018, at the age of 78" backed by the sentence giving the date and the age): that
# passage is evidence too. Without figures, it is `rare_cover_best`.
FLOOR_FEATURE = "evidence_cover"
COLUMNS = FEATURES + (FLOOR_FEATURE,)  # what train/fit_decision.py computes for each claim

# Whatever the model says, a supported claim has some share of its content words, weighed by
# rarity, in the passage most about it or in the passages that back its figures (`evidence_cover`):
# a wrong `supported` is the worst error.
# The share is each model's "floor", chosen with its threshold by cross-validation
# (train/fit_decision.py); this is the floor of a model file that gives none.
MIN_COVER = 0.5


def backed_enough(feats: dict[str, float], model: dict | None = None) -> bool:
    """The evidence floor of `supported` besides the model: enough of the claim in its passage."""
    if model is None:
        model = weights()[FIGURES_MODEL if feats["has_figures"] else WORDS_MODEL]
    return feats[FLOOR_FEATURE] >= model.get("floor", MIN_COVER)


@dataclass(frozen=True)
class Measures:
    """What the matcher found for one (claim, source) pair, before any verdict."""

    best_about: float
    best_keys: frozenset[str]  # the word keys of the passage most about the claim
    source_keys: Container[str]  # the word keys of the whole source
    figures: int
    figures_backed: int
    figures_about: float  # sum of the aboutness of the passages backing each figure
    missing_names: int
    negation_mismatch: bool
    # (keys, weights) -> the most weight of `keys` one sentence of the source holds (from the index)
    most_held: Callable[[set[str], dict[str, float]], float] = lambda keys, weights: 0.0
    best_sequence: tuple[str, ...] = ()  # the word keys of that passage, in order
    best_text: str = ""  # the text of that passage
    figure_keys: frozenset[str] = frozenset()  # the word keys of the passages backing the claim's figures


def features(claim: PreparedClaim, m: Measures) -> dict[str, float]:
    """The decision's features for a claim and what the matcher measured against one source."""
    words: dict[str, str] = {}
    for surface, key in surface_tokens(content_text(claim.norm.text, claim.figures)):
        words.setdefault(key, surface)
    weights = {k: rarity(w) for k, w in words.items()}
    total = sum(weights.values())

    def cover(keys: frozenset[str]) -> float:
        return sum(w for k, w in weights.items() if k in keys) / total if total else 0.0

    absent = [w for k, w in weights.items() if k not in m.source_keys]
    weakest = min((_part_cover(part, weights, m.most_held) for part in _parts(claim)), default=cover(m.best_keys))
    n = m.figures
    return {
        "best_about": m.best_about,
        "rare_cover_best": cover(m.best_keys),
        FLOOR_FEATURE: max(cover(m.best_keys), cover(m.figure_keys)),
        "rare_cover_source": cover(m.source_keys),
        "rarest_missing": max(absent, default=0.0),
        "figures_backed": m.figures_backed / n if n else 0.0,
        "figures_unbacked": (n - m.figures_backed) / n if n else 0.0,
        "figures_about": m.figures_about / n if n else 0.0,
        "weakest_part": weakest,
        "has_figures": 1.0 if n else 0.0,
        "missing_names": min(2, m.missing_names) / 2,
        "negation_mismatch": 1.0 if m.negation_mismatch else 0.0,
        "log_words": math.log1p(len(words)),
        "hedged": 1.0 if HEDGE.found(claim.norm.text) else 0.0,
        "strong": 1.0 if STRONG.found(claim.norm.text) else 0.0,
        "causal_claim": 1.0 if CAUSAL.found(claim.norm.text) else 0.0,
        "best_hedged": 1.0 if HEDGE.found(m.best_text) else 0.0,
        **_wording(claim, m.best_sequence),
    }


LONGEST_RUN_CAP = 6


def _wording(claim: PreparedClaim, passage: tuple[str, ...]) -> dict[str, float]:
    """`longest_run` and `shared_pairs`: how much of the claim's word order the passage shares."""
    keys = [k for _, k in surface_tokens(claim.norm.text)]
    at: dict[str, list[int]] = {}
    for j, k in enumerate(passage):
        at.setdefault(k, []).append(j)
    run, prev = 0, {}
    for k in keys:  # longest common run of keys: dynamic programming over the passage positions
        cur = {j: prev.get(j - 1, 0) + 1 for j in at.get(k, ())}
        run = max(run, max(cur.values(), default=0))
        prev = cur
    pairs_there = set(zip(passage, passage[1:]))
    pairs = [p for p in zip(keys, keys[1:]) if p[0] != p[1]]
    return {"longest_run": min(run, LONGEST_RUN_CAP) / LONGEST_RUN_CAP,
            "shared_pairs": sum(p in pairs_there for p in pairs) / len(pairs) if pairs else 0.0}


PARTS = Caseless(r"[,;:()\[\]]|\s(?:and|but|while|whereas|which|although)\s")
PART_RE = PARTS.regex


def _parts(claim: PreparedClaim) -> list[list[str]]:
    """The word keys of each part of the claim with two content words or more."""
    text = content_text(claim.norm.text, claim.figures)
    parts = [[k for _, k in surface_tokens(p)] for p in PARTS.split(text)]
    return [p for p in parts if len(set(p)) >= 2]


def _part_cover(part: list[str], weights: dict[str, float],
                most_held: Callable[[set[str], dict[str, float]], float]) -> float:
    """The share of the part's word weight that the sentence holding most of it holds."""
    keys = set(part)
    total = sum(weights.get(k, 0.0) for k in keys)
    if not total:
        return 1.0
    return most_held(keys, weights) / total


# One model for claims with figures (their figures are the main evidence) and one for claims
# without (the words are all the evidence there is).
FIGURES_MODEL, WORDS_MODEL = "figures", "words"


@lru_cache(maxsize=1)
def weights() -> dict:
    """The fitted models: for each, feature names, their means and scales, weights, intercept, and
    the decision threshold and evidence floor that cross-validation chose."""
    text = resources.files("citecheck.match").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    models = json.loads(text)["models"]
    for model in models.values():
        if tuple(model["features"]) != FEATURES:
            raise ValueError(f"{WEIGHTS_FILE} was fitted on other features; rerun train/fit_decision.py")
    return models


def probability(feats: dict[str, float], model: dict | None = None) -> float:
    """How likely the source supports the claim (0..1), recentred so that 0.5 is the decision point:
    the fitted log-odds less those of the model's threshold."""
    if model is None:
        model = weights()[FIGURES_MODEL if feats["has_figures"] else WORDS_MODEL]
    z = model["intercept"]
    for name, mean, scale, w in zip(model["features"], model["means"], model["scales"], model["weights"]):
        z += w * (feats[name] - mean) / scale
    t = model.get("threshold", 0.5)
    z -= math.log(t / (1.0 - t))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


__all__ = ["PARTS", "PART_RE", "MIN_COVER", "backed_enough", "COLUMNS", "FEATURES", "FLOOR_FEATURE", "FIGURES_MODEL", "WORDS_MODEL", "Measures", "features", "probability", "weights"]
