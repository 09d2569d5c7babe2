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


# [issue 10] Dates and spans as writers write them (the user-report lines).

def test_day_range_within_a_month_is_one_date_range():
    src = "Published 2 October 2024.\n\nThe Lyon festival ran from September 3 to September 17, 2024, and drew big crowds."
    r = check_text("The festival ran between September 3 and 17, 2024 in Lyon.", src, "u")
    assert r.verdict == "supported"
    assert [f.figure.text for f in r.figures] == ["September 3 and 17, 2024"]


BREAD = "Published 10 March {year}.\n\nBread prices rose this year, the first increase since 2019, the bakers' union said."


def test_since_a_year_counted_from_the_page_date_backs_a_span():
    r = check_text("Prices rose in 2025, the first increase in six years.", BREAD.format(year=2025), "u")
    assert r.verdict == "supported"
    six = r.figures[1]
    assert six.verdict == "supported" and six.source_figure.text == "2019"
    assert "since 2019" in six.note and "2025-03-10" in six.note


def test_since_a_year_too_recent_for_the_span_contradicts_it():
    r = check_text("Prices rose, the first increase in six years, the bakers' union said.", BREAD.format(year=2022), "u")
    assert r.verdict == "contradicted"
    assert "since 2019" in r.reason


def test_span_written_as_since_is_backed_by_its_length():
    src = "Published 10 March 2025.\n\nBread prices rose this year, the first increase in six years, the bakers' union said."
    r = check_text("Bread prices rose, the first increase since 2019, the bakers' union said.", src, "u")
    assert r.figures[0].verdict == "supported"


def test_the_from_side_of_a_comparison_needs_the_same_comparison():
    claim = "Unemployment fell to 20%, down from 25% in 2022."
    unrelated = ("Unemployment fell to 20% this spring, the ministry said. The ministry was reorganised in 2022. "
                 "Some 25% of workers are in farming.")
    r = check_text(claim, unrelated, "u")
    assert r.verdict == "partial"
    assert [f.verdict for f in r.figures] == ["supported", "unsupported", "unsupported"]
    same = "Unemployment fell to 20% this spring, down from 25% in 2022, the ministry said."
    assert check_text(claim, same, "u").verdict == "supported"


def test_year_written_a_line_above_completes_a_date():
    claim = "On March 5, 2020, the council passed the housing law."
    for src in ("The council met often in 2020. On March 5 the council passed the housing law.",
                "2020\n\nOn March 5 the council passed the housing law."):
        assert check_text(claim, src, "u").verdict == "supported"
    other_year = "The council met often in 2019. On March 5 the council passed the housing law."
    assert check_text(claim, other_year, "u").verdict != "supported"
    month_only = "In 2020 the council met. In March the council passed the housing law."
    assert check_text(claim, month_only, "u").verdict != "supported"
    # A month written without its year takes the year written last before it, as a day does.
    in_march = "In March 2020, the council passed the housing law."
    assert check_text(in_march, month_only, "u").verdict == "supported"
    assert check_text(in_march, month_only.replace("2020", "2019"), "u").verdict != "supported"


def test_a_span_later_is_counted_between_the_passages_own_years():
    src = ("The bridge over the Tamar opened in 2010 after a long campaign. "
           "In 2020 the city council rebuilt the bridge over the Tamar with steel.")
    r = check_text("A decade later, the council rebuilt the bridge over the Tamar.", src, "u")
    assert r.verdict == "supported"
    assert r.figures[0].note == "the source gives 2010 and 2020"
    assert check_text("Three years later, the council rebuilt the bridge over the Tamar.", src, "u").verdict != "supported"
