"""HTML articles: the body is found, page furniture is not read, links resolve, footnotes cite."""

import pytest

from citecheck.articles import read_document
from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.html import read_html
from citecheck.errors import InputError
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "articles"


def claims_of(html, base_url=""):
    return claims_from_blocks(read_html(html, base_url), "a.html")


def test_cms_export_claims_and_sources():
    claims = read_document(str(DATA / "cms-export.html")).claims
    assert [(c.text, c.sources, c.status, c.note) for c in claims] == [
        ("Volunteers counted 4,512 nesting pairs of puffins in 2019, according to the survey report.",
         ("https://news.example.org/2021/seabirds/reports/survey-2019.pdf",), "", ""),  # relative to <base>
        ("The count was 12% higher than in 2014.",
         ("https://news.example.org/2021/seabirds/reports/survey-2019.pdf",), "", ""),
        ("Seabird numbers across Scotland fell by 38% between 1986 and 2019.",  # footnote link -> its URL
         ("https://example.org/jncc/seabirds",), "", ""),
        ("Kittiwakes are down to 3,500 pairs, the trust says.", ("https://news.example.org/data/kittiwakes",), "", ""),
        ("Fulmars count 1,200 pairs on the island.", ("https://news.example.org/data/kittiwakes",), "ignored",
         "the warden's count is unpublished"),  # comment before the sentence
        ("Our own estimate puts the colony at 50,000 birds by 2030.", (), "ignored", ""),  # before the paragraph
        ("A colony of 250 razorbills has no source at all.", (), "", ""),
    ]
    assert [c.line for c in claims] == [19, 20, 21, 23, 24, 26, 27]


def test_cms_export_page_furniture_is_not_read():
    text = " ".join(c.text for c in read_document(str(DATA / "cms-export.html")).claims)
    for absent in ("123456", "2 million", "50% off", "Most read", "1,000 born", "40 puffins", "Downing",
                   "Gannets", "Sea eagles", "JNCC", "Oct. 29"):
        assert absent not in text


def test_body_is_the_element_with_most_paragraph_text_without_article_tags():
    html = ("<html><body><div><p>Short teaser with 3 items.</p></div>"
            "<div><p>The report counts 4,512 seals in 2019, <a href='https://x.example/r'>it says</a>.</p>"
            "<p>That is 12% more than in 2014 and the highest count on record for the colony.</p></div>"
            "</body></html>")
    assert [c.text for c in claims_of(html)] == [
        "The report counts 4,512 seals in 2019, it says.",
        "That is 12% more than in 2014 and the highest count on record for the colony."]


def test_the_longest_article_wins_over_teasers():
    html = ("<html><body><article><p>Teaser: 5 facts.</p></article>"
            "<article><p>The colony grew to 4,512 pairs in 2019, a rise of 12% on 2014 according to the "
            "count.</p></article></body></html>")
    assert [c.text for c in claims_of(html)] == [
        "The colony grew to 4,512 pairs in 2019, a rise of 12% on 2014 according to the count."]


def test_relative_links_resolve_against_the_page_url():
    html = "<article><p>It counts <a href='../data/seals.pdf'>4,512 seals</a>.</p></article>"
    [c] = claims_of(html, "https://news.example.org/2021/seals/story.html")
    assert c.sources == ("https://news.example.org/2021/data/seals.pdf",)


def test_footnote_anchor_inside_a_list_item_and_back_links():
    html = ("<article><p>Seals: 4,512 in 2019.<sup id='r1'><a href='#n1'>[1]</a></sup> "
            "Pups: 900.<a class='footnote-ref' href='#n2'>2</a></p>"
            "<ol class='notes'><li><a id='n1'></a>Survey, <a href='https://x.example/survey'>report</a> "
            "<a href='#r1'>back</a></li>"
            "<li id='n2'>Pup count, https://x.example/pups</li></ol></article>")
    claims = claims_of(html)
    assert [(c.text, c.sources) for c in claims] == [
        ("Seals: 4,512 in 2019.", ("https://x.example/survey",)),
        ("Pups: 900.", ("https://x.example/pups",)),
    ]


def test_div_and_br_text_of_a_cms_export():
    html = "<body><div class='content'>Seals: 4,512 in 2019, <a href='https://x.example/'>the count</a> says." \
           "<br><br>Pups numbered 900.</div></body>"
    claims = claims_of(html)
    assert [c.text for c in claims] == ["Seals: 4,512 in 2019, the count says.", "Pups numbered 900."]
    assert claims[1].sources == ("https://x.example/",)


def test_example_html_gives_the_example_claims():
    md = read_document(str(ROOT / "examples" / "nk-human-rights.md")).claims
    html = read_document(str(ROOT / "examples" / "nk-human-rights.html")).claims
    assert [(c.text, c.sources) for c in html] == [(c.text, c.sources) for c in md]


@pytest.mark.parametrize("html", [
    "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav>"
    "<footer><p>(c) 2021 Example News</p></footer></body></html>",
    "<html><body><script>document.write('12 items')</script><noscript>Enable JavaScript</noscript></body></html>",
])
def test_a_page_without_article_text_is_an_input_error(tmp_path, html):
    path = tmp_path / "page.html"
    path.write_text(html)
    with pytest.raises(InputError, match="has no article text"):
        read_document(str(path))


def test_inline_q_element_is_a_quotation():
    [c] = claims_of("<article><p><q>The colony is in better shape than it has been for years</q>, "
                    "the warden said <a href='https://x.example/'>on Tuesday</a>.</p></article>")
    assert c.quote == "The colony is in better shape than it has been for years"
    assert c.text.startswith("\u201cThe colony")


def test_numbered_references_in_html():
    claims = claims_of("<article><p>Seals rose by 12% in 2019 [1]. Pups rose by 5% [2].</p><h2>References</h2>"
                       "<ol><li>Survey 2019, <a href='https://x.example/1'>report</a></li>"
                       "<li>Pup count (2020), https://x.example/2</li></ol></article>")
    assert [(c.text, c.sources) for c in claims] == [
        ("Seals rose by 12% in 2019.", ("https://x.example/1",)),
        ("Pups rose by 5%.", ("https://x.example/2",)),
    ]
