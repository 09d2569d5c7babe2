"""Dates a page gives relative to its own date: finding the page's date, anchoring, matching."""

import datetime as dt
from pathlib import Path

import pytest

from citecheck.figures import Relation, compare, read_figures
from citecheck.figures.anchor import anchor_figures, page_dates
from citecheck.figures.show import fmt_date
from citecheck.match import check_text
from citecheck.model import Claim, Source
from citecheck.pipeline import check_claims
from citecheck.sources.extract import extract_text

CASES = Path(__file__).parent / "data" / "figures" / "anchor.txt"


def _cases():
    return list(_read_cases())


def _read_cases():
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            page, text, want = (part.strip() for part in line.split("|"))
            yield pytest.param(page, text, want, id=f"line{n}")


def _show(code: float) -> str:
    return fmt_date(code)


@pytest.mark.parametrize("page,text,want", _cases())
def test_anchor_table(page, text, want):
    figures = read_figures(text)
    anchored = [f for f in anchor_figures(text, figures, [dt.date.fromisoformat(page)]) if f.anchored is not None]
    got = "; ".join(f"{f.text}={_show(f.anchored)}" for f in anchored) or "-"
    assert got == want
    for f in anchored:
        assert text[f.start:f.end] == f.text
        assert f.anchor == page


def test_no_page_date_anchors_nothing():
    text = "Russell died Monday, on May 7."
    figures = read_figures(text)
    assert anchor_figures(text, figures, []) == figures


@pytest.mark.parametrize("text,want", [
    ("TITLE: Bears\nPUBLISHED DATETIME: 2018-05-10T12:00:00Z\nRussell died Monday.", ["2018-05-10"]),
    ("# Bears\nBy Neil Smith\nMay 10, 2018\nRussell died Monday.", ["2018-05-10"]),
    ("# Bears\nBy Travis Jones on March 2, 2017\nThe commission met Wednesday.", ["2017-03-02"]),
    ("by Kasey Moore @kasey on February 6, 2019, 4:52 pm EST\nIt airs in March.", ["2019-02-06"]),
    ("Published 7:33 a.m. ET Aug. 10, 2014 | Updated 3:36 p.m. ET Aug. 10, 2014", ["2014-08-10"]),
    ("Date: Saturday, September 14, 2019\nLocation: the museum", ["2019-09-14"]),
    # Crawl metadata and the byline disagree: both are kept, first first.
    ("PUBLISHED DATETIME: 2016-01-12\nBy Neil Smith\nMay 10, 2018\nHe died May 7.", ["2016-01-12", "2018-05-10"]),
    # Prose that says "released" or "posted" does not date the page; nor does a year alone.
    ("The deputies said he was released from jail on Feb. 2, 2000, in Lafayette after a long trial that "
     "lasted for most of the winter and drew wide attention.", []),
    ("Published in 2018 by the institute.", []),
])
def test_page_dates(text, want):
    assert [d.isoformat() for d in page_dates(text, read_figures(text))] == want


def test_anchored_date_backs_but_never_contradicts():
    text = "On June 6, the troops landed."
    source = [f for f in anchor_figures(text, read_figures(text), [dt.date(2019, 6, 10)]) if f.anchored][0]
    claim_1944 = read_figures("June 6, 1944")[0]
    claim_2019 = read_figures("June 6, 2019")[0]
    claim_july = read_figures("July 6, 2019")[0]
    assert compare(claim_2019, source) is Relation.MATCH
    assert compare(claim_1944, source) is Relation.INSIDE  # as written: consistent, not what it says
    assert compare(claim_july, source) is Relation.DIFFERS  # the month as written differs
    year = read_figures("in 2019")[0]
    assert compare(year, source) is Relation.MATCH
    assert compare(read_figures("400 people")[0], source) is Relation.INCOMPARABLE


OBITUARY = ("# Charlie Russell, who befriended bears, dies at 76\n"
            "By Neil Smith\n"
            "May 10, 2018\n"
            "Charlie Russell, a Canadian naturalist who lived among grizzly bears, died Monday in Calgary, Alberta.\n"
            "He was 76.\n")


def test_weekday_backs_full_date_with_a_note():
    r = check_text("Charlie Russell, the naturalist, died in Calgary on May 7, 2018.", OBITUARY, "u")
    assert r.verdict == "supported"
    fv = r.figures[0]
    assert fv.source_figure.text == "Monday"
    assert "2018-05-07" in fv.note and "2018-05-10" in fv.note
    assert r.evidence.quote == OBITUARY[r.evidence.start:r.evidence.end]


def test_weekday_does_not_back_another_day():
    r = check_text("Charlie Russell, the naturalist, died in Calgary on May 8, 2018.", OBITUARY, "u")
    assert r.verdict != "supported"


def test_without_page_date_a_weekday_backs_nothing():
    undated = OBITUARY.replace("May 10, 2018\n", "")
    r = check_text("Charlie Russell, the naturalist, died in Calgary on May 7, 2018.", undated, "u")
    assert r.verdict != "supported"


def test_written_year_in_the_sentence_beats_the_page_date():
    source = ("By Ann Lee\nMay 10, 2018\n"
              "The naturalist Charlie Russell moved to Calgary in 2016 and opened a bear refuge on Monday.\n")
    r = check_text("Charlie Russell opened a bear refuge in Calgary in 2018.", source, "u")
    assert r.verdict != "supported"


def test_year_claim_and_full_date_claim_share_one_source_date():
    source = ("By Ann Lee on October 1, 2018\n"
              "Bros: After the Screaming Stops shows at the London Film Festival on 18 October and in cinemas "
              "from November 9.\n")
    r = check_text("After the Screaming Stops was shown at the 2018 London Film Festival on 18 October 2018 "
                   "and in cinemas from 9 November 2018.", source, "u")
    assert [f.verdict for f in r.figures] == ["supported"] * 3
    assert r.verdict == "supported"


def test_html_metadata_dates_the_page():
    page = (b'<html><head><meta property="article:published_time" content="2018-05-10T09:00:00Z">'
            b'<title>Bears</title></head><body><article><p>Charlie Russell, a Canadian naturalist who lived among '
            b'grizzly bears, died Monday in Calgary, Alberta.</p></article></body></html>')
    ex = extract_text(page, "text/html")
    assert ex.published == "2018-05-10"
    url = "https://example.org/russell"
    claim = Claim("c1", "Charlie Russell, the naturalist, died in Calgary on May 7, 2018.", (url,))
    [v] = check_claims([claim], {url: Source(url, text=ex.text, published=ex.published)})
    assert v.verdict == "supported"
    # The same text without the metadata has nothing to count from.
    [v] = check_claims([claim], {url: Source(url, text=ex.text)})
    assert v.verdict != "supported"


@pytest.mark.parametrize("head,want", [
    (b'<meta name="citation_publication_date" content="2020/04/17">', "2020-04-17"),
    (b'<meta itemprop="datePublished" content="2019-07-29">', "2019-07-29"),
    (b'<script type="application/ld+json">{"datePublished": "2017-03-02T09:00:00-05:00"}</script>', "2017-03-02"),
    (b'<meta name="date" content="not a date">', ""),
    (b'', ""),
])
def test_html_published_metadata(head, want):
    page = b"<html><head>" + head + b"</head><body><p>Text.</p></body></html>"
    assert extract_text(page, "text/html").published == want


def test_time_pubdate_element():
    page = b'<html><body><article><time pubdate datetime="2015-11-03T10:00">Nov 3</time><p>Text.</p></article></body></html>'
    assert extract_text(page, "text/html").published == "2015-11-03"


def test_undated_relative_year_is_not_a_contradiction():
    source = ("Both the men's and women's teams took the National Student Cup this year, building on "
              "their results in 2018 when the men's team won the trophy.\n")
    r = check_text("Both the men's and women's teams won the National Student Cup in 2019.", source, "u")
    assert r.verdict != "contradicted"
    assert r.verdict != "supported"
    assert "this year" in r.figures[0].note


def test_written_year_still_contradicts_beside_a_weekday():
    source = "The field for the 2016 NCAA Men's Soccer Championship was announced Monday by the committee.\n"
    r = check_text("The field for the 2019 NCAA Men's Soccer Championship was announced Monday by the committee.",
                   source, "u")
    assert r.verdict == "contradicted"
    assert r.figures[0].source_figure.text == "2016"


def test_page_date_line_does_not_back_an_event_year():
    source = ("TITLE: Video Games Live album released, debuts on the Billboard chart\n"
              "PUBLISHED DATETIME: 2008-08-01T13:18:34+00:00\n"
              "The Video Games Live album sold well in its first week and entered the Billboard chart.\n")
    r = check_text("The Video Games Live album was named the 2008 best soundtrack by IGN.", source, "u")
    assert r.figures[0].verdict != "supported"
    assert r.verdict != "supported"


def test_page_date_line_backs_a_claim_about_the_publication():
    source = ("# Ten years of the camps\n"
              "By Ann Lee\nMay 10, 2018\n"
              "Amnesty's report describes forced labour in the prison camps of North Korea.\n")
    r = check_text("Amnesty's report, published on May 10, 2018, describes forced labour in the camps.", source, "u")
    assert r.figures[0].verdict == "supported"


def test_json_report_shows_the_reckoned_date():
    import json

    from citecheck.report import json_report

    url = "https://example.org/russell"
    claim = Claim("c1", "Charlie Russell, the naturalist, died in Calgary on May 7, 2018.", (url,))
    [v] = check_claims([claim], {url: Source(url, text=OBITUARY)})
    fig = json.loads(json_report.render([v]))["claims"][0]["figures"][0]
    assert fig["verdict"] == "supported"
    assert (fig["source_figure"], fig["source_date"], fig["page_date"]) == ("Monday", "2018-05-07", "2018-05-10")


def test_article_header_is_read_so_its_headline_and_byline_date_count():
    page = (b"<html><body><header><nav>Home | News</nav><p>Sign up</p></header>"
            b"<article><header><h1>Portola High School opens to 400 freshmen</h1>"
            b"<p>By Ann Lee\nAugust 25, 2016</p></header>"
            b"<p>Portola High School in Irvine welcomed its first freshmen on Wednesday.</p></article>"
            b"<footer>Copyright</footer></body></html>")
    ex = extract_text(page, "text/html")
    assert "opens to 400 freshmen" in ex.text and "Sign up" not in ex.text and "Copyright" not in ex.text
    r = check_text("Portola High School in Irvine opened to its first freshmen on August 24, 2016.", ex.text, "u")
    assert r.verdict == "supported"
    assert r.figures[0].source_figure.text == "Wednesday"
