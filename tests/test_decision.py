"""The learned claim decision (match/decision.py), word keys (match/lexicon.py) and the verdicts of
issue 10's user reports: paraphrase, a wrong figure with bounds and hedges, reasons in plain words."""

import json
import math
from dataclasses import replace
from importlib import resources

from citecheck.match import check_text
from citecheck.match.decision import (COLUMNS, FEATURES, FIGURES_MODEL, FLOOR_FEATURE, WORDS_MODEL, Measures, backed_enough, features,
                                      probability, weights)
from citecheck.match.lexicon import rarity, word_key
from citecheck.match.prepare import prepare_claim, surface_tokens, tokens


# ---- word keys: inflections, derivations, synonyms, abbreviations, initialisms

def test_inflections_and_derivations_share_a_key():
    assert word_key("studies") == word_key("study") == word_key("studied")
    assert word_key("proliferation") == word_key("proliferate")
    assert word_key("children") == word_key("child")
    assert word_key("labour") == word_key("labor")
    assert word_key("organisation") == word_key("organization")


def test_synonyms_share_a_key():
    assert word_key("rose") == word_key("increased") == word_key("rising") == word_key("grew")
    assert word_key("fell") == word_key("declined") == word_key("decrease")
    assert word_key("died") == word_key("deaths")


def test_abbreviations_and_initialisms():
    assert tokens("Dr. Smith") == tokens("doctor Smith")
    assert tokens("The U.N. said") == tokens("The United Nations said") == tokens("The UN said")
    assert tokens("the us") != tokens("the U.S.")  # the pronoun is not the country


def test_rarity_orders_words_by_how_telling_they_are():
    assert 0.0 < rarity("the") < rarity("study") < rarity("apoptosis") <= 1.0
    assert rarity("zzqxunknownword") == 1.0


# ---- the shipped model

def test_shipped_weights_cover_every_feature():
    text = resources.files("citecheck.match").joinpath("decision_weights.json").read_text(encoding="utf-8")
    data = json.loads(text)
    for kind in (FIGURES_MODEL, WORDS_MODEL):
        model = data["models"][kind]
        assert tuple(model["features"]) == FEATURES
        assert len(model["weights"]) == len(model["means"]) == len(model["scales"]) == len(FEATURES)
        assert 0.0 < model["threshold"] < 1.0
        assert all(isinstance(w, float) and math.isfinite(w) for w in model["weights"])


def test_probability_is_recentred_on_the_threshold():
    n = len(FEATURES)
    model = {"features": list(FEATURES), "means": [0.0] * n, "scales": [1.0] * n, "weights": [0.0] * n,
             "intercept": math.log(0.7 / 0.3), "threshold": 0.7}
    feats = dict.fromkeys(FEATURES, 0.0)
    assert abs(probability(feats, model) - 0.5) < 1e-9  # exactly at the threshold
    assert probability(feats, dict(model, intercept=2.0)) > 0.5


def test_better_coverage_never_lowers_the_words_model_probability():
    model = weights()[WORDS_MODEL]
    low = dict.fromkeys(FEATURES, 0.0) | {"log_words": math.log1p(8)}
    high = low | {"best_about": 0.9, "rare_cover_best": 0.9, "weakest_part": 0.9}
    assert probability(high, model) > probability(low, model)


def test_each_model_has_an_evidence_floor_it_applies():
    # [issue 10] The floor is measured on `evidence_cover` (the passage most about the claim, or those
    # backing its figures), no longer on `rare_cover_best` alone.
    for kind in (FIGURES_MODEL, WORDS_MODEL):
        floor = weights()[kind]["floor"]
        assert 0.0 <= floor <= 1.0
        feats = dict.fromkeys(COLUMNS, 0.0) | {"has_figures": 1.0 if kind == FIGURES_MODEL else 0.0}
        assert backed_enough(feats | {FLOOR_FEATURE: floor})
        assert not backed_enough(feats | {FLOOR_FEATURE: floor - 0.01})
    assert backed_enough({FLOOR_FEATURE: 0.1}, {"floor": 0.0})
    assert not backed_enough({FLOOR_FEATURE: 0.4}, {})  # a model file without a floor: MIN_COVER


def test_the_floor_counts_the_passages_backing_the_claims_figures():
    # [issue 10] "Paterson died ... at the age of 78": the sentence giving the date and the age is
    # evidence too, even when another passage is the one most about the claim's words.
    claim = prepare_claim("Paterson died on November 10, 2018, at the age of 78.")
    other = frozenset(k for _, k in surface_tokens("On November 10, 2018 the age of the museum was noted."))
    backing = frozenset(k for _, k in surface_tokens("Paterson, 78, died on November 10, 2018, of old age."))
    m = Measures(best_about=0.5, best_keys=other, source_keys=other | backing, figures=2, figures_backed=2,
                 figures_about=1.0, missing_names=0, negation_mismatch=False)
    f = features(claim, m)
    assert f[FLOOR_FEATURE] == f["rare_cover_best"] < 0.5
    g = features(claim, replace(m, figure_keys=backing))
    assert g["rare_cover_best"] == f["rare_cover_best"] and g[FLOOR_FEATURE] == 1.0


def _wording(claim: str, passage: str) -> dict[str, float]:
    seq = tuple(k for _, k in surface_tokens(passage))
    m = Measures(best_about=0.5, best_keys=frozenset(seq), source_keys=frozenset(seq), figures=0, figures_backed=0,
                 figures_about=0.0, missing_names=0, negation_mismatch=False, best_sequence=seq)
    f = features(prepare_claim(claim), m)
    return {"longest_run": f["longest_run"], "shared_pairs": f["shared_pairs"]}


def test_wording_features_count_phrases_in_the_same_order():
    claim = "Renal cell carcinoma cells resist apoptosis under hypoxia."
    taken = _wording(claim, "Under hypoxia, renal cell carcinoma cells resisted apoptosis in every line tested.")
    shuffled = _wording(claim, "Apoptosis, hypoxia: cells of the carcinoma resist; renal function cell tests.")
    assert taken["longest_run"] > shuffled["longest_run"]
    assert taken["shared_pairs"] > shuffled["shared_pairs"]
    assert _wording(claim, claim)["shared_pairs"] == 1.0
    assert _wording(claim, "Nothing here matches.") == {"longest_run": 0.0, "shared_pairs": 0.0}
    assert 0.0 <= taken["longest_run"] <= 1.0  # capped


def _claim_features(claim: str, passage: str) -> dict[str, float]:
    seq = tuple(k for _, k in surface_tokens(passage))
    m = Measures(best_about=0.5, best_keys=frozenset(seq), source_keys=frozenset(seq), figures=0, figures_backed=0,
                 figures_about=0.0, missing_names=0, negation_mismatch=False, best_sequence=seq, best_text=passage)
    return features(prepare_claim(claim), m)


def test_a_causal_claim_is_marked_whatever_its_passage_says():
    passage = "Obesity was associated with a higher risk of stroke in the cohort."
    assert _claim_features("Obesity causes stroke.", passage)["causal_claim"] == 1.0
    assert _claim_features("Obesity leads to stroke.", passage)["causal_claim"] == 1.0
    assert _claim_features("Stroke is more common due to obesity.", passage)["causal_claim"] == 1.0
    assert _claim_features("Obesity was associated with stroke.", passage)["causal_claim"] == 0.0


def test_a_hedging_passage_is_marked_not_a_hedging_claim():
    claim = "Vitamin D protects against infection."
    assert _claim_features(claim, "These data suggest that vitamin D may protect against infection.")["best_hedged"] == 1.0
    assert _claim_features(claim, "Vitamin D protected against infection in every group.")["best_hedged"] == 0.0
    assert _claim_features("Vitamin D may protect against infection.", "Vitamin D protected against infection.")[
        "best_hedged"] == 0.0


def test_a_hedging_passage_or_a_causal_claim_lowers_the_words_model_probability():
    model = weights()[WORDS_MODEL]
    feats = dict.fromkeys(FEATURES, 0.0) | {"log_words": math.log1p(8), "rare_cover_best": 0.6, "weakest_part": 0.6}
    assert probability(feats | {"best_hedged": 1.0}, model) < probability(feats, model)
    assert probability(feats | {"causal_claim": 1.0}, model) < probability(feats, model)


# ---- verdicts (issue 10's user reports and paraphrase)

def test_more_than_against_about_is_contradicted():
    src = ("The march began at noon. Police estimated that about 2,400 people took part in the march "
           "through downtown Portland on Sunday. Traffic was diverted for hours.")
    r = check_text("More than 3,000 protesters marched through downtown Portland on Sunday.", src, "u")
    assert r.verdict == "contradicted"
    assert "source says about 2,400" in r.reason
    assert r.score < 0.5


def test_claim_with_every_figure_backed_in_its_passage_is_supported():
    src = ("Annual report. In 2019 the museum welcomed 1.2 million visitors, an increase of 8% over 2018. "
           "Its shop also did well.")
    r = check_text("The museum welcomed 1.2 million visitors in 2019, up 8% on the year before.", src, "u")
    assert [f.verdict for f in r.figures] == ["supported"] * 3
    assert r.verdict == "supported" and r.score >= 0.5


def test_paraphrase_with_synonym_and_initialism_is_supported():
    src = "The United Nations said the conflict has displaced 40,000 people in the region. Talks resume."
    r = check_text("The U.N. said the conflict displaced 40,000 people.", src, "u")
    assert r.verdict == "supported"
    src = "Revenue increased 12 percent to $4.5 billion in 2023, the company said. Profit fell."
    assert check_text("The company said revenue rose 12% to $4.5 billion in 2023.", src, "u").verdict == "supported"


def test_reasons_quote_the_claims_words_not_stems():
    src = "The plant has two generators. Power returned to the plant on Monday after repairs."
    r = check_text("Water services at the plant were restored after the turbines failed on Monday.", src, "u")
    assert r.verdict != "supported"
    assert "services" in r.missing and "turbines" in r.missing
    assert "servic" not in r.missing and "turbin" not in r.missing
    assert "servic " not in r.reason + " " and "turbin " not in r.reason + " "


def test_citation_markers_are_not_figures_of_the_claim():
    src = "Obesity was associated with an increased risk of coronary heart disease and stroke."
    r = check_text("Obesity increases the risk of coronary heart disease and stroke [12, 14].", src, "u")
    assert r.figures == ()
    r = check_text("Obesity increases the risk of heart disease (Smith et al., 2013).", src, "u")
    assert r.figures == ()


def test_a_claim_mostly_absent_from_its_passage_is_not_supported():
    # The words model leans to `supported` (its fitting sources are all about their claims); the
    # evidence floor keeps a page that shares a few words from backing the claim.
    src = "The United States and Canada signed the agreement in Ottawa. Trade talks resume next week."
    r = check_text("The United Nations health agency praised NASA's new vaccine programme in Geneva.", src, "u")
    assert r.verdict != "supported" and r.score < 0.5


def test_settings_the_learned_decision_replaced_warn_and_change_nothing():
    import pytest as _pytest

    from citecheck.match.settings import DEPRECATED, Settings

    src = "The survey counted 4,512 nesting pairs of puffins on the island in 2019."
    claim = "The survey counted 4,512 nesting pairs of puffins in 2019."
    plain = check_text(claim, src, "u")
    for name in DEPRECATED:
        with _pytest.warns(DeprecationWarning, match=name):
            odd = Settings(**{name: 0})
        assert check_text(claim, src, "u", odd) == plain
