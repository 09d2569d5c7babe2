"""Every report format on the bundled example (claims/ + cassettes/, replayed offline)."""

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import jsonschema
import pytest

from citecheck.model import Claim, Evidence, Verdict
from citecheck.pipeline import check_paths
from citecheck.report import FORMATS, Report, render
from citecheck.report.base import DEFAULT_FAIL_ON, HELP
from citecheck.report.github_report import append_step_summary, escape_data, escape_property
from citecheck.report.html_report import text_fragment
from citecheck.report.markdown_report import escape
from citecheck.sources.fetch import FetchOptions
from tests.conftest import ROOT

CLAIMS = str(ROOT / "claims" / "nk-human-rights.yaml")
ARTICLE = str(ROOT / "examples" / "nk-human-rights.md")
CASSETTE = str(ROOT / "cassettes" / "nk-human-rights.yaml")
SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
FLAGGED = {"forced-labour", "foreign-minister", "heritage-panel", "singapore-statement"}


@pytest.fixture(scope="module")
def example():
    res = check_paths([CLAIMS], FetchOptions())
    return Report(res.verdicts, res.sources)


@pytest.fixture(scope="module")
def article():
    """The example as a Markdown article: claims with stable ids, lines and columns."""
    res = check_paths([ARTICLE], FetchOptions(cassette=CASSETTE))
    return Report(res.verdicts, res.sources)


def test_the_example_flags_what_it_is_built_to_flag(example):
    assert {v.claim.id for v in example.flagged} == FLAGGED
    assert set(DEFAULT_FAIL_ON) == {"contradicted", "misquoted", "unsupported", "unreachable"}


def test_text_lists_problems_first_and_ends_with_one_summary_line(example):
    out = render(example, "text")
    marks = [line.split("]")[0] + "]" for line in out.splitlines() if line.startswith("[")]
    assert marks[:4] == ["[CONTRADICTED]", "[UNSUPPORTED]", "[UNREACHABLE]", "[UNREACHABLE]"]
    assert set(marks[4:]) == {"[PARTIAL]", "[OK]"} and len(marks) == 11
    assert out.splitlines()[-1] == "11 claims: 5 supported, 2 partial, 1 contradicted, 1 unsupported, 2 unreachable"
    assert "\x1b[" not in out


def test_text_quiet_lists_flagged_claims_only(example):
    out = render(replace(example, quiet=True), "text")
    listed = {line.split()[1] for line in out.splitlines() if line.startswith("[")}
    assert listed == FLAGGED
    assert out.splitlines()[-1].startswith("11 claims:")


def test_text_colour(example):
    from citecheck.report.text_report import use_color

    out = render(replace(example, color=True), "text")
    assert "\x1b[31m" in out and "\x1b[32m" in out  # red for contradicted, green for supported
    assert use_color("auto", True, {}) and not use_color("auto", False, {})
    assert not use_color("auto", True, {"NO_COLOR": "1"})
    assert use_color("auto", False, {"FORCE_COLOR": "1"}) and not use_color("auto", False, {"FORCE_COLOR": "0"})
    assert use_color("always", False, {"NO_COLOR": "1"}) and not use_color("never", True, {"FORCE_COLOR": "1"})
    assert not use_color("auto", True, {"TERM": "dumb"})


def test_json_and_jsonl_agree(example):
    doc = json.loads(render(example, "json"))
    assert doc["version"] == 1 and sum(doc["summary"].values()) == 11
    rows = [json.loads(line) for line in render(example, "jsonl").splitlines()]
    assert rows == doc["claims"]
    assert {r["id"] for r in rows if r["flagged"]} == FLAGGED
    assert not any(r["accepted"] for r in rows)


def test_markdown_summary_table_and_flagged_claims_with_evidence(example):
    out = render(example, "markdown")
    assert out.startswith("### citecheck: 4 claims flagged\n")
    assert "| contradicted | 1 |" in out and "| supported | 5 |" in out
    assert "#### contradicted: `claims/nk-human-rights.yaml:43`" in out
    assert "975 million US dollars every year" in out  # the source's words
    assert "`forced-labour`" in out and "`camps-prisoners`" not in out  # passing claims are counted, not listed
    assert escape("a | b *c* <x>") == r"a \| b \*c\* \<x\>"


def test_html_is_self_contained_and_shows_every_claim(example):
    out = render(example, "html")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in out
    assert "default-src 'none'" in out  # the browser is told to load nothing
    for tag in ("<script", "<link", "<img", "@import", "url(", "<iframe"):
        assert tag not in out
    for v in example.verdicts:
        assert f'id="{v.claim.id}"' in out and f"v-{v.verdict}" in out
    forced = next(v for v in example.verdicts if v.claim.id == "forced-labour")
    assert "<mark>" + " ".join(forced.evidence.quote.split()) + "</mark>" in out
    assert forced.evidence.url + "#:~:text=People%20held%20in%20the%20kyohwaso%2C%20or," in out
    for k in ("all", "flagged", "contradicted", "supported"):
        assert f'id="f-{k}"' in out and f'<label for="f-{k}">' in out


def test_text_fragment_encodes_its_syntax():
    assert text_fragment("a-b, c & d") == ":~:text=a%2Db%2C%20c%20%26%20d"
    long = " ".join(f"w{i}" for i in range(30))
    assert text_fragment(long) == ":~:text=w0%20w1%20w2%20w3%20w4%20w5,w24%20w25%20w26%20w27%20w28%20w29"


def test_sarif_is_valid_with_a_result_per_flagged_claim(article):
    doc = json.loads(render(article, "sarif"))
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()), cls=jsonschema.Draft4Validator)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["supported", "partial", "contradicted", "misquoted", "unsupported",
                                        "unreachable", "unsourced", "ignored"]
    assert all(r["help"]["text"] == HELP[r["id"]] for r in rules)
    results = run["results"]
    assert len(results) == len(article.flagged) == 4
    by_rule = {r["ruleId"]: r for r in results}
    loc = by_rule["contradicted"]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("examples/nk-human-rights.md")
    line = (ROOT / "examples" / "nk-human-rights.md").read_text().splitlines()[loc["region"]["startLine"] - 1]
    assert line[loc["region"]["startColumn"] - 1:].startswith("Inmates of the kyohwaso")
    assert rules[by_rule["contradicted"]["ruleIndex"]]["id"] == "contradicted"


def test_junit_has_a_case_per_claim_and_a_failure_per_flagged_one(example):
    root = ET.fromstring(render(example, "junit"))
    cases = list(root.iter("testcase"))
    assert len(cases) == 11 and root.get("tests") == "11" and root.get("failures") == "4"
    failed = {c.get("name").split(":")[0] for c in cases if c.find("failure") is not None}
    assert failed == FLAGGED
    forced = next(c for c in cases if c.get("name").startswith("forced-labour"))
    assert forced.find("failure").get("type") == "contradicted"
    assert "975 million US dollars" in forced.find("failure").text


def test_github_annotations(article, tmp_path):
    out = render(article, "github")
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 4
    forced = next(e for e in errors if "contradicted" in e)
    assert forced.startswith("::error file=") and ",line=" in forced and ",col=" in forced
    assert ",title=citecheck%3A contradicted::contradicted: $875 million" in forced
    assert "\n" not in forced and "%0ASource: https://www.dailysignal.com" in forced
    assert sum(line.startswith("::warning ") for line in out.splitlines()) == 2  # the partial claims
    assert out.splitlines()[-1].startswith("11 claims:")
    assert escape_data("100% a\nb\r") == "100%25 a%0Ab%0D"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    assert append_step_summary(article, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text().startswith("earlier step\n### citecheck: 4 claims flagged")
    assert not append_step_summary(article, {})


def test_claimreview_json_ld(example):
    doc = json.loads(render(example, "claimreview"))
    assert doc["@context"] == "https://schema.org"
    reviews = {r["identifier"]: r for r in doc["@graph"]}
    assert set(reviews) == {v.claim.id for v in example.verdicts}
    forced = reviews["forced-labour"]
    assert forced["@type"] == "ClaimReview" and forced["claimReviewed"].startswith("Inmates of the kyohwaso")
    assert forced["reviewRating"] == {"@type": "Rating", "alternateName": "Contradicted by the cited source",
                                      "bestRating": 5, "worstRating": 1, "ratingValue": 1}
    assert forced["itemReviewed"]["@type"] == "Claim"
    assert forced["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
    assert forced["citation"] == [{"@type": "CreativeWork", "url": "https://www.dailysignal.com/2018/12/11/"
                                                                  "put-human-rights-back-on-the-negotiating-table-with-north-korea/"}]
    assert "ratingValue" not in reviews["heritage-panel"]["reviewRating"]  # not checked, so not rated
    assert reviews["camps-prisoners"]["reviewRating"]["ratingValue"] == 5


def test_ignored_claims_get_no_claimreview():
    v = Verdict(Claim("c-1", "We saw 40 seals.", status="ignored"), "ignored")
    assert json.loads(render([v], "claimreview"))["@graph"] == []


def test_hostile_text_is_escaped_everywhere():
    nasty = 'He said "</mark><script>alert(1)</script>" | **bold** ::error::x\n%0A 5 times'
    ev = Evidence("https://example.org/a", "<b>5</b> & more", 0, 16)
    v = Verdict(Claim("c-x", nasty, ("https://example.org/a",), "a, b:c.md", 3), "contradicted", evidence=ev,
                reason="x\n::warning::y")
    report = Report((v,))
    html = render(report, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;5&lt;/b&gt;" in html
    gh = render(report, "github").splitlines()
    assert gh[0].startswith("::error file=a%2C b%3Ac.md,line=3,") and len(gh) == 2
    ET.fromstring(render(report, "junit"))
    assert "<script>" not in render(report, "markdown")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_an_empty_run(fmt):
    out = render([], fmt)
    assert out.strip() if fmt != "jsonl" else out == ""  # JSON Lines: a line per claim, so none
    if fmt == "sarif":
        jsonschema.validate(json.loads(out), json.loads(SCHEMA.read_text()), cls=jsonschema.Draft4Validator)
