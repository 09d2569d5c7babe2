"""Each verdict, from the pure matcher and through a local server."""

from citecheck.match import check_text
from citecheck.model import Claim, Source
from citecheck.pipeline import check_claims

SOURCE = (
    "The Global Slavery Index 2018 estimates that 2,640,000 people live in modern slavery in North Korea.\n"
    "Forced labour generates some 975 million US dollars for the regime each year.\n"
    "Between 80,000 and 120,000 political prisoners are held in camps."
)


def test_supported_with_other_number_form():
    r = check_text("2.6 million people live in modern slavery in North Korea.", SOURCE, "u")
    assert r.verdict == "supported"
    assert r.evidence.quote == SOURCE[r.evidence.start:r.evidence.end]
    assert "2,640,000" in r.evidence.quote


def test_contradicted_reports_source_figure():
    r = check_text("Forced labour earns the regime $875 million a year.", SOURCE, "u")
    assert r.verdict == "contradicted"
    assert r.figures[0].source_figure.text == "some 975 million US dollars"
    assert "source says some 975 million US dollars" in r.reason


def test_partial():
    r = check_text("The camps hold 80,000-120,000 political prisoners and 40,000 guards.", SOURCE, "u")
    assert r.verdict == "partial"
    assert [f.verdict for f in r.figures][0] == "supported"


def test_unsupported():
    r = check_text("The regime owns 5,300 tanks.", SOURCE, "u")
    assert r.verdict == "unsupported"


def test_figure_about_something_else_is_not_support():
    src = "The city has 975 libraries.\nThe budget of the ministry is unknown."
    r = check_text("The ministry's budget is $975 million.", src, "u")
    assert r.verdict != "supported"


def test_unreachable_and_unsourced():
    claims = [Claim("a", "It cost $5 million.", ("http://x/404",)), Claim("b", "It cost $5 million.", ())]
    vs = check_claims(claims, {"http://x/404": Source("http://x/404", reason="not found (404)")})
    assert [v.verdict for v in vs] == ["unreachable", "unsourced"]
    assert "not found (404)" in vs[0].reason


def test_mojibake_offsets_index_original():
    src = "As of June 8, 2020, there were over 400\u00e2\u0080\u00af000 deaths worldwide."
    r = check_text("There were over 400,000 deaths worldwide as of June 8, 2020.", src, "u")
    assert r.verdict == "supported"
    assert src[r.evidence.start:r.evidence.end] == r.evidence.quote


def test_country_named_by_its_abbreviation_is_not_a_missing_name():
    source = "The Library of Congress added the film to the U.S. National Film Registry in 2018, citing its influence.\n"
    r = check_text("In 2018 the film was added to the United States National Film Registry by the Library of Congress.",
                   source, "u")
    assert r.verdict == "supported"
    # Without the abbreviation the source never names the country.
    r = check_text("In 2018 the film was added to the United States National Film Registry by the Library of Congress.",
                   source.replace("U.S. ", ""), "u")
    assert r.verdict == "partial"
    assert "United" in r.reason


def test_claim_whose_only_number_is_a_name():
    claim = "At the time of his death, Hoffman had finished most of his scenes for Mockingjay – Part 2."
    source = ("Lionsgate said that at the time of his death Hoffman had finished the majority of his scenes, with "
              "seven days left to shoot on Mockingjay — Part 2.\n")
    assert check_text(claim, source, "u").verdict == "supported"
    assert check_text(claim, source.replace("Part 2", "Part 1"), "u").verdict == "unsupported"


def test_lowercase_rank_is_a_name_not_a_count():
    source = "The phase 3 trial enrolled 30,000 volunteers across 99 sites.\n"
    r = check_text("A phase 3 trial enrolled 30,000 volunteers.", source, "u")
    assert r.verdict == "supported"
    assert [f.figure.text for f in r.figures] == ["30,000"]


def test_vaguer_value_in_the_claims_place_is_not_a_contradiction():
    source = ("In August, a singer accused the professor of an assault in 2010.\n"
              "A second accusation followed in October, when a student sued both him and the university.\n")
    r = check_text("A second student sued the professor and the university in October 2018.", source, "u")
    assert r.verdict != "contradicted"
    assert r.figures[0].note == "the source gives October, not October 2018 alone"
