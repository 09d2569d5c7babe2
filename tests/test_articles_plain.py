"""Plain-text articles: bare URLs and numbered references."""

from citecheck.articles import read_document
from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.plain import read_plain
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "articles"


def claims_of(text):
    return claims_from_blocks(read_plain(text), "a.txt")


def test_numbered_references_fixture():
    claims = read_document(str(DATA / "plain-references.txt")).claims
    assert [(c.line, c.text, c.sources) for c in claims] == [
        (3, "Volunteers counted 4,512 nesting pairs of puffins in 2019.", ("https://example.org/survey/2019.pdf",)),
        (3, "The count was 12% higher than in 2014, the trust said.",
         ("https://example.org/trust/news", "https://example.org/puffins/monitoring")),
        (4, "Seabird numbers across Scotland fell by 38% between 1986 and 2019.",
         ("https://example.org/jncc/seabirds",)),
        (6, "Kittiwakes are down to 3,500 pairs, see for the figures.", ("https://example.org/kittiwakes",)),
        (6, "Fulmars count 1,200 pairs on the island.", ("https://example.org/kittiwakes",)),
        (9, "A colony of 250 razorbills has no source at all.", ()),
    ]


def test_reference_list_lines_are_not_claims():
    claims = read_document(str(DATA / "plain-references.txt")).claims
    text = " ".join(c.text for c in claims)
    assert "Survey 2019" not in text and "3 June 2020" not in text and "(2020)" not in text


def test_reference_ranges_and_unknown_numbers():
    claims = claims_of("Seals rose by 12% [1-2]. Pups rose by 5% [7].\n\n"
                       "Sources:\n[1] https://x.example/1\n[2] https://x.example/2\n")
    assert [(c.text, c.sources) for c in claims] == [
        ("Seals rose by 12%.", ("https://x.example/1", "https://x.example/2")),
        # [7] is no reference: the mark stays, and the nearest citation before it counts
        ("Pups rose by 5% [7].", ("https://x.example/1", "https://x.example/2")),
    ]


def test_numbered_list_outside_references_stays_text():
    claims = claims_of("Findings:\n1. Seals rose to 4,512 in 2019, https://x.example/seals\n"
                       "2. Pups rose by 12%.\n")
    assert [(c.text, c.sources) for c in claims] == [("Seals rose to 4,512 in 2019,", ("https://x.example/seals",)),
                                                     ("Pups rose by 12%.", ())]


def test_bare_url_in_the_sentence():
    [c] = claims_of("The survey (https://x.example/s?id=4) counted 4,512 seals.\n")
    assert c.sources == ("https://x.example/s?id=4",)


def test_ignore_comment_line_before_a_paragraph_and_inside_one():
    claims = claims_of("<!-- citecheck: ignore our own count -->\nWe saw 40 seals. We saw 12 pups.\n\n"
                       "There were 9 gulls. <!-- citecheck: ignore --> There were 3 terns.\n")
    assert [(c.text, c.status, c.note) for c in claims] == [
        ("We saw 40 seals.", "ignored", "our own count"), ("We saw 12 pups.", "ignored", "our own count"),
        ("There were 9 gulls.", "", ""), ("There were 3 terns.", "ignored", "")]
