"""Markdown articles: links of every kind, footnotes, what is skipped, ignore comments."""

from citecheck.articles import read_document
from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.markdown import read_markdown
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "articles"


def claims_of(text):
    return claims_from_blocks(read_markdown(text), "a.md")


def by_start(claims):
    return {c.text.split(" ")[0] + " " + c.text.split(" ")[1]: c for c in claims}


def test_fixture_claims_sources_and_lines():
    claims = read_document(str(DATA / "markdown-features.md")).claims
    got = [(c.line, c.text, c.sources) for c in claims]
    assert got[:9] == [
        (8, "Volunteers counted 4,512 nesting pairs of puffins in 2019, according to the survey report.",
         ("https://example.org/survey/2019.pdf",)),  # reference link
        (9, "The count was 12% higher than in 2014, the trust said.", ("https://example.org/trust/news",)),
        (11, "Seabird numbers across Scotland fell by 38% between 1986 and 2019.",  # footnote
         ("https://example.org/jncc/seabirds",)),
        (14, "Kittiwakes are down to 3,500 pairs, see.", ("https://example.org/kittiwakes",)),  # autolink
        (14, "Fulmars count 1,200 pairs on the island.", ("https://example.org/kittiwakes",)),  # nearest before
        (15, "The survey team, led by Dr. Anne Ross, visited on Oct. 29 and found No. 5 burrow empty.",
         ("https://example.org/kittiwakes",)),
        (17, "The warden also logged 7 dead gannets near the lighthouse.",  # footnote holding a link
         ("https://example.org/log/gannets",)),
        (19, "About 800 pairs of Arctic terns nested there.", ("https://example.org/terns",)),  # [text][]
        (21, "See tern census for 2,100 common terns.", ("https://example.org/tern-census",)),  # [text]
    ]


def test_fixture_skips_front_matter_code_comments_images_and_definitions():
    claims = read_document(str(DATA / "markdown-features.md")).claims
    text = " ".join(c.text for c in claims)
    for absent in ("9,999", "123456", "777", "555", "3,000", "JNCC", "Warden's log", "Census"):
        assert absent not in text
    assert all(not c.text.startswith("[") for c in claims)


def test_fixture_ignore_comments_and_unsourced():
    claims = read_document(str(DATA / "markdown-features.md")).claims
    rest = [(c.text, c.status, c.note, c.sources) for c in claims[9:]]
    assert rest == [
        ("Our own estimate puts the colony at 50,000 birds by 2030.", "ignored",
         "figures are the author's own estimate", ()),
        ("It could reach 60,000 by 2040.", "ignored", "figures are the author's own estimate", ()),
        ("Eider ducks had 900 pairs.", "", "", ()),
        ("Shags had 400 pairs.", "ignored", "", ()),
        ("Gulls had 2,000 pairs.", "", "", ()),
        ("A colony of 250 razorbills has no source at all.", "", "", ()),
    ]


def test_sources_sentence_then_nearest_before_then_paragraph():
    claims = claims_of(
        "In 2019 [one](https://a.example/1) counted 5 seals and [two](https://a.example/2) 6 more. "
        "Then 7 came. The [report](https://a.example/3) says nothing new. Later 8 left.\n\n"
        "At first 9 seals came. The [survey](https://b.example/) saw it.\n")
    assert [(c.text, c.sources) for c in claims] == [
        ("In 2019 one counted 5 seals and two 6 more.", ("https://a.example/1", "https://a.example/2")),
        ("Then 7 came.", ("https://a.example/2",)),  # the nearest link before it, not both
        ("Later 8 left.", ("https://a.example/3",)),
        ("At first 9 seals came.", ("https://b.example/",)),  # no link before: the paragraph's
    ]


def test_footnote_with_several_urls_and_undefined_footnote():
    claims = claims_of("It cost $5 million.[^a] It took 3 years.[^missing]\n\n"
                       "[^a]: See https://x.example/1 and <https://x.example/2>.\n")
    assert [(c.text, c.sources) for c in claims] == [
        ("It cost $5 million.", ("https://x.example/1", "https://x.example/2")),
        ("It took 3 years.", ("https://x.example/1", "https://x.example/2")),  # nearest citation before
    ]


def test_multiline_footnote_definition_and_comment_are_not_text():
    claims = claims_of("Volunteers saw 40 seals.[^1]\n\n<!-- a comment\nwith 99 lines\n-->\n\n"
                       "[^1]: The survey of 2019,\n    continued at https://x.example/survey\n")
    assert [(c.text, c.sources) for c in claims] == [("Volunteers saw 40 seals.", ("https://x.example/survey",))]


def test_lists_headings_quotes_and_emphasis():
    claims = claims_of("## Top 3 findings\n\n- **4,000** seals were seen, [the count](https://x.example/) says\n"
                       "- 12% were pups\n\n> A quoted block with 5 walruses.\n")
    assert [c.text for c in claims] == ["Top 3 findings", "4,000 seals were seen, the count says", "12% were pups",
                                        "A quoted block with 5 walruses."]
    assert claims[1].sources == ("https://x.example/",)
    assert claims[2].sources == ()  # another list item is another paragraph


def test_indented_list_continuation_is_not_code_but_indented_block_is():
    claims = claims_of("- Seals: 40 seen\n\n    and 12 pups later\n\nText.\n\n    code with 99 items\n")
    assert [c.text for c in claims] == ["Seals: 40 seen", "and 12 pups later"]


def test_numbered_references_in_markdown():
    claims = claims_of("Seals rose by 12% in 2019 [1]. Pups rose by 5% [2, 3].\n\n## References\n\n"
                       "1. Survey 2019, https://x.example/1\n2. [Pup count](https://x.example/2)\n"
                       "3. Monitoring group (2020), <https://x.example/3>\n")
    assert [(c.text, c.sources) for c in claims] == [
        ("Seals rose by 12% in 2019.", ("https://x.example/1",)),
        ("Pups rose by 5%.", ("https://x.example/2", "https://x.example/3")),
    ]


def test_a_url_in_code_inside_an_html_block_is_no_source():
    # As in an .html article: a URL in <code> is text, never a citation.
    [claim] = claims_of("<div>Officials counted 5 rail bridges in 2019, see <code>https://example.com/x</code>.</div>\n")
    assert claim.sources == ()
