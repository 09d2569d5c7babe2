"""Page extraction on hostile HTML: linear, no recursion, bounded nesting, inside the source's deadline,
and the same text as Beautiful Soup's tree on ordinary markup (the walk below is the old extractor,
kept as the oracle)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from bs4.element import CData, NavigableString, Tag

from citecheck.sources.extract import BLOCK_TAGS, DROP_TAGS, ExtractError, extract_text, html_to_text
from citecheck.sources.fetch import RawResponse, to_source
from citecheck.sources.html_stream import MAX_DEPTH
from citecheck.sources.limits import Deadline
from citecheck.text.markup import bound_markup


def tree_text(markup: str) -> str:
    """The visible text as the tree walk over Beautiful Soup's html.parser tree gave it."""
    parts: list[str] = []
    end = object()
    stack: list = [BeautifulSoup(markup, "html.parser")]
    while stack:
        node = stack.pop()
        if node is end:
            parts.append("\n")
        elif isinstance(node, Tag):
            if node.name in DROP_TAGS and not (node.name == "header" and node.find_parent(("article", "main"))):
                continue
            if node.name in BLOCK_TAGS:
                parts.append("\n")
                stack.append(end)
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            parts.append(str(node))
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


ORDINARY = [
    "<html><head><title>Puffins</title><meta property='article:published_time' content='2019-05-02'></head>"
    "<body><nav>Home</nav><article><header><h1>Count</h1></header><p>4,512 pairs &amp; 3&#8239;900 chicks"
    "<br>in 2019</p><aside>Ad</aside></article><footer>(c)</footer></body></html>",
    "<p>a<p>b<div>c</p>d</div>e<rt>ruby</rt><ruby>kan<rp>(</rp><rt>ji</rt></ruby><![CDATA[cd]]><!-- hidden -->",
    "<table><tr><td>1<td>2</tr></table><ul><li>x<li>y</ul><br></br><br/>z<script>var x = '<p>';</script>w",
    "<header>site</header><main><header>byline</header>body</main><template>t</template><style>s</style>",
]


@pytest.mark.parametrize("markup", ORDINARY)
def test_same_text_as_the_tree_walk(markup):
    assert html_to_text(markup) == tree_text(markup)


def test_publication_date_from_meta_json_ld_and_time():
    assert extract_text(ORDINARY[0].encode(), "text/html").published == "2019-05-02"
    ld = "<script type='application/ld+json'>{\"datePublished\": \"2017-05-06T10:00\"}</script><p>x</p>"
    assert extract_text(ld.encode(), "text/html").published == "2017-05-06"
    tm = "<nav><time pubdate datetime='2018-03-04'>4 March</time></nav><p>x</p>"
    assert extract_text(tm.encode(), "text/html").published == "2018-03-04"


def test_deeply_nested_divs_read_without_recursion():
    n = 8000
    text = extract_text(("<html><body>" + "<div>x " * n + "</div>" * n).encode(), "text/html").text
    assert text.split("\n") == ["x"] * n


def test_nesting_is_bounded():
    with pytest.raises(ExtractError, match="nested more than"):
        extract_text(("<p>x</p>" + "<b>" * (MAX_DEPTH + 1)).encode(), "text/html")
    many_closed = "<p>x</p>" + "<b>y</b>" * (MAX_DEPTH + 1)  # many elements, but never deep
    assert extract_text(many_closed.encode(), "text/html").text.startswith("x")


@pytest.mark.parametrize("opener", ["<!--", "<![CDATA[", "<?", "</", "<a ", "<!x", "<![if "])
def test_unclosed_constructs_are_read_as_text(opener):
    """html.parser searched to the end once per unclosed opener (quadratic); they are escaped first,
    and read as the text html.parser makes of them anyway."""
    markup = "<p>The survey counted 4,512 pairs.</p>" + opener * 20_000
    text = extract_text(markup.encode(), "text/html").text
    assert text.startswith("The survey counted 4,512 pairs.")
    assert text.count(opener.strip()) == 20_000


def test_bound_markup_leaves_closed_constructs_alone():
    closed = "<!-- a --><p>x</p><![CDATA[y]]><![if !IE]>z<![endif]><?pi?></p>"
    assert bound_markup(closed) == closed
    assert bound_markup("<p>x</p><!-- never closed") == "<p>x</p>&lt;!-- never closed"
    # A '<' before a space is text to html.parser at once: left as it is (the old pass escaped it).
    assert bound_markup("<p>x</p>a < b") == "<p>x</p>a < b"
    assert html_to_text("<p>x</p>a < b") == "x\na < b"


def test_many_void_elements_and_end_tags():
    markup = "<p>x" + "<br>" * 50_000 + "</p>" * 50_000 + "<p>y</p>"
    assert extract_text(markup.encode(), "text/html").text == "x\ny"


def test_extraction_stops_at_the_deadline():
    page = ("<p>The survey counted 4,512 pairs.</p>" * 20_000).encode()
    with pytest.raises(ExtractError, match="timeout"):
        extract_text(page, "text/html", deadline=Deadline(0))
    raw = RawResponse("http://x.test/p", page, "text/html", None, "http://x.test/p")
    assert to_source(raw.url, raw, Deadline(0)).reason.startswith("timeout")
    assert to_source(raw.url, raw, Deadline(60)).ok
