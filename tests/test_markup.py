"""The one linear pass over HTML markup that the page extractor and the HTML article reader share
(citecheck/text/markup.py): what it leaves, what it escapes, and that its work grows linearly."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from bs4.builder._htmlparser import BeautifulSoupHTMLParser

from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.html import parse_html, read_html
from citecheck.sources.extract import html_to_text
from citecheck.text import markup
from citecheck.text.markup import bound_markup

CLAIM = "The survey counted 4,512 nesting pairs of puffins in 2019."
QUOTED_GT = "<a x='>'"  # a start tag whose '>' is inside a quoted value: it never closes


class _Counting:
    """A compiled pattern that counts its searches."""

    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def search(self, *args):
        self.calls += 1
        return self.pattern.search(*args)


def searches_in_tags(monkeypatch, text: str) -> tuple[str, int]:
    counting = _Counting(markup._IN_TAG_RE)
    monkeypatch.setattr(markup, "_IN_TAG_RE", counting)
    return bound_markup(text), counting.calls


def test_unclosed_tags_with_quoted_gt_are_text_in_a_page(monkeypatch):
    page = f"<p>{CLAIM}</p>" + QUOTED_GT * 400
    assert html_to_text(page) == CLAIM + "\n" + QUOTED_GT * 400  # html.parser's reading of it, as before
    # The work is linear: each tag scan after the first stops where the first one ran off the end
    # (html.parser alone rescanned the rest of the page once per tag: 8,000 of them took 15 s).
    _, calls_400 = searches_in_tags(monkeypatch, page)
    _, calls_800 = searches_in_tags(monkeypatch, f"<p>{CLAIM}</p>" + QUOTED_GT * 800)
    assert calls_400 <= 2 * 400 and calls_800 <= 2 * calls_400 + 2
    whole_tags = []
    real = BeautifulSoupHTMLParser.check_for_whole_start_tag
    monkeypatch.setattr(BeautifulSoupHTMLParser, "check_for_whole_start_tag",
                        lambda self, i: whole_tags.append(i) or real(self, i))
    html_to_text(page)
    assert len(whole_tags) == 1  # html.parser is handed one start tag, <p>: the rest is text


def test_unclosed_tags_with_quoted_gt_in_an_article():
    html = f"<p><a href='https://example.org/s'>The survey</a>{CLAIM[10:]}</p>" + QUOTED_GT * 400
    [claim] = claims_from_blocks(read_html(html), "a.html")
    assert (claim.text, claim.sources) == (CLAIM, ("https://example.org/s",))


def test_less_than_inside_quoted_values_keeps_the_tag():
    """A '<' in a quoted value is part of the value (html.parser and browsers agree); the old
    article pass cut such a tag at the '<' and showed it as text."""
    html = ('<p title="a<b">It cost 5 dollars.</p><a data-content="<b>hi</b>" href="https://example.org/x">'
            'link</a><img alt=\'1 < 2\'>')
    tree = BeautifulSoup(html, "html.parser")
    assert html_to_text(html) == "It cost 5 dollars.\nlink"
    soup = parse_html(html)
    assert soup.find("a")["data-content"] == tree.find("a")["data-content"] == "<b>hi</b>"
    assert soup.find("p")["title"] == "a<b" and soup.find("img")["alt"] == "1 < 2"


@pytest.mark.parametrize("fine", [
    '<p title="a>b" class=x>It <a href="u?a=1&amp;b=2">cost</a> 5 <!-- c < d --> dollars.</p>',
    "<script>if (a<b) x=\"</p>\"</script><br/><?php x ?><!DOCTYPE html><![CDATA[a < b]]>",
    "<a href=http://x.test/y/>z</a><img src=a.png /><p class = 'a' hidden>t</p>",
])
def test_well_formed_markup_is_untouched(fine):
    assert bound_markup(fine) == fine == bound_markup(fine, drop_unclosed_comment=True)


def test_an_unclosed_comment_is_text_in_a_page_and_ends_an_article():
    text = f"<p>{CLAIM}</p><!-- never closed <p>more</p>"
    # html.parser reads an unclosed construct, and what follows up to the next '>', as text
    assert bound_markup(text) == f"<p>{CLAIM}</p>&lt;!-- never closed &lt;p>more</p>"
    assert html_to_text(text) == CLAIM + "\n<!-- never closed <p>more"
    assert bound_markup(text, drop_unclosed_comment=True) == f"<p>{CLAIM}</p>"


def test_script_text_is_left_alone_but_an_empty_script_has_none():
    script = "<script>if (a<b) x='<!--';</script><p>x</p>"
    assert bound_markup(script) == script
    empty = "<script src='s.js'/><p>x</p>" + QUOTED_GT * 3
    assert bound_markup(empty) == "<script src='s.js'/><p>x</p>" + QUOTED_GT.replace("<", "&lt;") * 3


def test_the_deadline_is_asked():
    with pytest.raises(TimeoutError):
        bound_markup("<p>x</p>" * 10_000, expired=lambda: True)
