"""Quotations: found in articles, checked almost verbatim, judged and reported."""

import json

import pytest

from citecheck.articles import read_document
from citecheck.articles.quotations import find_quote
from citecheck.match.judge import judge
from citecheck.match.prepare import prepare_source
from citecheck.match.quotes import check_quote
from citecheck.model import Claim, Source
from citecheck.pipeline import check_claims
from citecheck.report import render
from citecheck.sources.extract import extract_text
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "articles"
SOURCE = ("Menu. Home. About us.\n"
          "At a briefing on Tuesday, Jung Pak said: \u201cThe regime will never give up its nuclear weapons, "
          "no matter what the sanctions cost. It sees them as the guarantee of its survival.\u201d\n"
          "She added that the camps hold between 80,000 and 120,000 people.")


# -- finding quotations in article sentences ------------------------------------------------------

@pytest.mark.parametrize("sentence,quote", [
    ('"The regime will never give up its weapons," Pak said.', "The regime will never give up its weapons"),
    ("Said Pak: \u201cThe regime will never give up its weapons.\u201d", "The regime will never give up its weapons."),
    ('Pak told reporters: "The camps are full. Nobody ever leaves."', "The camps are full. Nobody ever leaves."),
    ('According to the report, "the camps hold more prisoners than ever".',
     "the camps hold more prisoners than ever"),
    ('"We will," Pak said, "never give up on them now."', "We will ... never give up on them now."),
    ("\u2018We will never give up on the prisoners,\u2019 she said.", "We will never give up on the prisoners"),
    # not quotations: scare quotes, titles, quoted words nobody is said to have said
    ('The index counts people in "modern slavery," the report said.', ""),
    ('She said the report "The State of the World\u2019s Children Report" was out.', ""),
    ('He read "the regime will never give up its weapons" on a wall.', ""),
    ("It was 5\" wide and 3\" deep, he said.", ""),
])
def test_find_quote(sentence, quote):
    assert find_quote(sentence) == quote


# -- check_quote ----------------------------------------------------------------------------------

def test_verbatim_after_normalising_case_quotes_and_punctuation():
    q = check_quote("the Regime will never give up its nuclear weapons -- no matter what the sanctions cost!",
                    SOURCE, "u")
    assert q.verdict == "supported" and q.score == 1.0 and q.diff == ""
    assert SOURCE[q.evidence.start:q.evidence.end] == q.evidence.quote
    assert q.evidence.quote == "The regime will never give up its nuclear weapons, no matter what the sanctions cost"


def test_near_miss_is_misquoted_with_the_source_wording_and_a_word_diff():
    q = check_quote("The regime will never give up its nuclear arms, no matter what sanctions cost.", SOURCE, "u")
    assert q.verdict == "misquoted"
    assert q.source_wording == "The regime will never give up its nuclear weapons, no matter what the sanctions cost"
    assert q.diff == ("The regime will never give up its nuclear [-arms-] {+weapons+} no matter what {+the+} "
                      "sanctions cost")
    assert SOURCE[q.evidence.start:q.evidence.end] == q.evidence.quote
    assert "weapons" in q.reason


def test_words_found_nowhere_are_unsupported():
    q = check_quote("We are going to build a beautiful wall along the whole border", SOURCE, "u")
    assert q.verdict == "unsupported" and q.evidence is None and q.diff == ""


@pytest.mark.parametrize("quote", [
    "The regime will never give up ... the guarantee of its survival",
    "The regime will never give up\u2026 no matter what the sanctions cost",
    "[The North Korean government] will never give up its nuclear weapons",
    "It sees [nuclear weapons] as the guarantee of its survival",
    "[I]t sees them as the guarantee of its survival",
    "the regime will never give up its nuclear weapons [sic], no matter what",
])
def test_ellipses_and_bracket_insertions(quote):
    q = check_quote(quote, SOURCE, "u")
    assert q.verdict == "supported", q
    assert SOURCE[q.evidence.start:q.evidence.end] == q.evidence.quote


def test_ellipsis_fragments_must_come_in_order():
    q = check_quote("the guarantee of its survival ... The regime will never give up its nuclear weapons", SOURCE, "u")
    assert q.verdict != "supported"


def test_a_changed_word_behind_an_ellipsis_is_found():
    q = check_quote("The regime will never give up ... the guarantee of its existence", SOURCE, "u")
    assert q.verdict == "misquoted"
    assert q.diff == "The regime will never give up ... the guarantee of its [-existence-] {+survival+}"
    assert q.source_wording == "The regime will never give up ... the guarantee of its survival"


def test_offsets_index_the_original_text_with_mojibake_and_odd_spaces():
    src = "Intro \u00e2\u0080\u009c quoted.\n  The  regime will\u00a0never give\n up its weapons,  she said."
    q = check_quote("The regime will never give up its weapons", src, "u")
    assert q.verdict == "supported"
    assert src[q.evidence.start:q.evidence.end] == q.evidence.quote
    assert q.evidence.quote.startswith("The  regime") and q.evidence.quote.endswith("weapons")


def test_empty_quote_or_source():
    assert check_quote("...", SOURCE).verdict == "unsupported"
    assert check_quote("The regime will never give up", "").verdict == "unsupported"


# -- judging claims with quotes -------------------------------------------------------------------

def verdicts_for(claims, text=SOURCE, url="http://x.example/briefing"):
    return check_claims(claims, {url: Source(url, text=text)})


def claim(text, quote, url="http://x.example/briefing", **kw):
    return Claim("q", text, (url,), quote=quote, **kw)


def test_judge_quote_only_claims():
    supported, misquoted, unsupported = verdicts_for([
        claim("x", "The regime will never give up its nuclear weapons"),
        claim("x", "The regime will never surrender its nuclear weapons"),
        claim("x", "We are going to build a beautiful wall along the whole border"),
    ])
    assert (supported.verdict, misquoted.verdict, unsupported.verdict) == ("supported", "misquoted", "unsupported")
    assert misquoted.quote.diff == "The regime will never [-surrender-] {+give up+} its nuclear weapons"
    assert misquoted.evidence == misquoted.quote.evidence


def test_a_quote_and_its_figures_end_with_the_worse_verdict():
    ok, fig_wrong, quote_wrong = verdicts_for([
        claim("The camps hold between 80,000 and 120,000 people, and \u201cthe regime will never give up its "
              "nuclear weapons,\u201d Pak said.", "the regime will never give up its nuclear weapons"),
        claim("The camps hold 200,000 people, and \u201cthe regime will never give up its nuclear weapons,\u201d "
              "Pak said.", "the regime will never give up its nuclear weapons"),
        claim("The camps hold between 80,000 and 120,000 people, and \u201cthe regime will never give up its "
              "nuclear arms,\u201d Pak said.", "the regime will never give up its nuclear arms"),
    ])
    assert ok.verdict == "supported" and ok.quote.verdict == "supported" and ok.figures
    assert fig_wrong.verdict == "contradicted" and fig_wrong.quote.verdict == "supported"
    assert "figures contradicted" in fig_wrong.reason
    assert quote_wrong.verdict == "misquoted" and quote_wrong.figures[0].verdict == "supported"


def test_unreachable_unsourced_and_ignored_quotes():
    c_unreach = claim("x", "The regime will never give up")
    c_unsourced = Claim("u", "x", (), quote="The regime will never give up")
    c_ignored = claim("x", "The regime will never give up", status="ignored", note="reviewed by hand")
    vs = check_claims([c_unreach, c_unsourced, c_ignored],
                      {"http://x.example/briefing": Source("http://x.example/briefing", reason="timeout")})
    assert [v.verdict for v in vs] == ["unreachable", "unsourced", "ignored"]
    assert vs[2].reason == "reviewed by hand"


def test_the_best_source_wins():
    a, b = "http://x.example/a", "http://x.example/b"
    c = Claim("q", "x", (a, b), quote="The regime will never give up its nuclear weapons")
    sources = [(Source(a, text="Nothing here about that."), prepare_source("Nothing here about that.", a)),
               (Source(b, text=SOURCE), prepare_source(SOURCE, b))]
    v = judge(c, sources)
    assert v.verdict == "supported" and v.evidence.url == b


def test_quotes_fixture_article_end_to_end():
    claims = read_document(str(DATA / "quotes.md")).claims
    page = (DATA / "quotes-source.html").read_bytes()
    url = "http://127.0.0.1/briefing"
    vs = check_claims(claims, {url: Source(url, text=extract_text(page, "text/html").text)})
    got = [(v.verdict, v.quote.verdict if v.quote else None) for v in vs]
    assert got == [
        ("supported", "supported"),
        ("misquoted", "misquoted"),
        ("supported", "supported"),  # bracket insertion and ellipsis
        ("unsupported", "unsupported"),  # words that are nowhere in the source
        ("supported", "supported"),  # quote and figures both right
        ("contradicted", "supported"),  # quote right, figure wrong: the worse stands
        ("unsourced", None),
    ]
    # Scare quotes ("the most vulnerable people") make no claim.
    assert not any("vulnerable" in v.claim.text for v in vs)


def test_reports_show_quotes_status_and_note():
    vs = verdicts_for([
        claim("Pak said: \u201cThe regime will never surrender its nuclear weapons.\u201d",
              "The regime will never surrender its nuclear weapons."),
        Claim("u", "It cost $5 million.", ()),
        claim("It cost $5 million.", "", status="ignored", note="the author's own estimate"),
    ])
    doc = json.loads(render(vs, "json"))
    mis, uns, ign = doc["claims"]
    assert mis["verdict"] == "misquoted" and mis["status"] == "" and mis["note"] == ""
    assert mis["quote"]["verdict"] == "misquoted"
    assert mis["quote"]["text"] == "The regime will never surrender its nuclear weapons."
    assert mis["quote"]["source_wording"] == "The regime will never give up its nuclear weapons"
    assert mis["quote"]["diff"] == "The regime will never [-surrender-] {+give up+} its nuclear weapons"
    ev = mis["quote"]["evidence"]
    assert SOURCE[ev["start"]:ev["end"]] == ev["quote"]
    assert uns["verdict"] == "unsourced" and uns["quote"] is None
    assert ign["verdict"] == "ignored" and ign["status"] == "ignored" and ign["note"] == "the author's own estimate"
    assert doc["summary"] == {"misquoted": 1, "unsourced": 1, "ignored": 1}
    text = render(vs, "text")
    assert "[MISQUOTED] q" in text
    assert 'source says: "The regime will never give up its nuclear weapons"' in text
    assert "diff: The regime will never [-surrender-] {+give up+} its nuclear weapons" in text
    assert "[UNSOURCED] u" in text and "the claim cites no source" in text
    assert "[IGNORED] q" in text and "ignored: the author's own estimate" in text
    assert text.strip().splitlines()[-1] == "3 claims: 1 misquoted, 1 unsourced, 1 ignored"


def test_claims_file_quote(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("claims:\n  - id: q\n    text: 'Pak said: \"The regime will never give up.\"'\n"
                 "    quote: The regime will never give up.\n    sources: [https://x.example/]\n")
    [c] = read_document(str(p)).claims
    assert c.quote == "The regime will never give up."


def test_json_quote_of_a_claim_no_source_could_check():
    c = claim("x", "The regime will never give up")
    [v] = check_claims([c], {"http://x.example/briefing": Source("http://x.example/briefing", reason="timeout")})
    [d] = json.loads(render([v], "json"))["claims"]
    assert d["verdict"] == "unreachable"
    assert d["quote"] == {"text": "The regime will never give up", "verdict": None, "score": None,
                          "source_wording": "", "diff": "", "evidence": None}
