"""Hostile articles in small form: each reader finishes without an exception and reads what is there.
(How long the full-size attacks take is measured by bench/hostile_articles.py, not here.)"""

from bs4 import element

from citecheck.articles.blocks import Block, claims_from_blocks
from citecheck.articles.html import read_html
from citecheck.articles.markdown import bound_brackets, read_markdown
from citecheck.articles.plain import read_plain
from citecheck.text.markup import bound_markup

CLAIM = "Officials counted 5 rail bridges in 2019."


def texts(blocks, name="a"):
    return [c.text for c in claims_from_blocks(blocks, name)]


def test_private_use_characters_in_markdown_are_text():
    # The old reader used U+E000/U+E001 as its own markers and raised IndexError on them.
    assert texts(read_markdown("Officials counted \ue000 5 rail\ue001 bridges \ue0001\ue001.\n")) == [
        "Officials counted \ue000 5 rail\ue001 bridges \ue0001\ue001."]


def test_deeply_nested_inline_tags_do_not_recurse():
    html = "<p>" + "<b><i>" * 750 + CLAIM + "</i></b>" * 750 + "</p>"  # 1,500 levels
    assert texts(read_html(html)) == [CLAIM]


def test_nested_divs_are_not_searched_once_per_tag(monkeypatch):
    """bs4's `tag.decomposed` on a live tag searched the tag's subtree: quadratic on nesting."""
    lookups = []
    real = element.Tag.__getattr__

    def spy(self, name):
        lookups.append(name)
        return real(self, name)

    monkeypatch.setattr(element.Tag, "__getattr__", spy)
    html = "<html><body>" + "<div>" * 1000 + f"<p>{CLAIM}</p>" + "</div>" * 1000 + "</body></html>"
    assert texts(read_html(html)) == [CLAIM]
    assert len(lookups) < 50


def test_a_long_paragraph_is_built_in_pieces():
    line = "The survey counted 5 rail bridges and 7 road bridges that year.\n"
    blocks = read_plain(line * 4000)  # one paragraph of 4,000 lines: 4,000 additions
    [block] = blocks
    assert block.text == " ".join([line.strip()] * 4000)
    assert block.position(block.text.index("The", len(line) * 2999)) == (3000, None)
    b = Block()
    for i in range(1, 20_001):
        b.add("x ", i)
    assert b.length == 40_000 and b.position(39_998) == (20_000, None)


def test_unclosed_comments_and_tags_in_html_are_bounded():
    assert bound_markup(f"<p>{CLAIM}</p>" + "<!--" * 5000, drop_unclosed_comment=True) == f"<p>{CLAIM}</p>"
    assert texts(read_html(f"<p>{CLAIM}</p>" + "<!--" * 5000)) == [CLAIM]
    html = f"<p>{CLAIM}</p>" + "<a x='>'" * 2000  # html.parser alone: seconds, growing with the square
    assert bound_markup(html, drop_unclosed_comment=True).count("&lt;") == 2000
    assert texts(read_html(html))[0] == CLAIM
    fine = ('<p title="a>b" class=x>It <a href="u?a=1&amp;b=2">cost</a> 5 <!-- c < d --> dollars.</p>'
            '<script>if (a<b) x="</p>"</script><br/><?php x ?><!DOCTYPE html>')
    assert bound_markup(fine, drop_unclosed_comment=True) == fine  # well-formed markup is untouched


def test_unclosed_brackets_in_markdown_are_bounded():
    md = CLAIM + "\n\n" + "[^" * 3000
    assert bound_brackets(md) == CLAIM + "\n\n" + "\\[^" * 3000
    assert texts(read_markdown(md))[0] == CLAIM
    assert bound_brackets("[a] and [b][c] stay\n") == "[a] and [b][c] stay\n"
    assert texts(read_markdown(CLAIM + "\n\n" + "<a href='x'>" * 2000 + "\n")) == [CLAIM]
