"""Claims files: each claim's own line, the article's location beside it, fields checked one by one,
and YAML that would expand or nest without bound refused before it is built."""

import pytest

from citecheck.articles import read_document
from citecheck.articles.claims_file import read_claims_file
from citecheck.errors import InputError


def claims_of(text, path="c.yaml"):
    return read_claims_file(path, text)[0]


def test_a_claim_points_to_its_own_line_and_keeps_the_articles():
    claims = claims_of("article: ../a.md\nclaims:\n  - id: x\n    text: It cost 5 dollars.\n    line: 12\n"
                       "\n  - text: It took 3 years.\n")
    assert [(c.file, c.line, c.article_location) for c in claims] == [
        ("c.yaml", 3, "../a.md:12"), ("c.yaml", 7, "../a.md")]
    [c] = claims_of("claims:\n  - text: It cost 5 dollars.\n    line: 4\n")
    assert (c.line, c.article_location) == (2, "line 4")


@pytest.mark.parametrize("text,message", [
    ("cassette: 5\nclaims:\n  - text: It cost 5 dollars.\n", "line 1: 'cassette' must be text, not a number (5)"),
    ("article: [1, 2]\nclaims:\n  - text: It cost 5 dollars.\n", "line 1: 'article' must be text, not a list ([1, 2])"),
    ("claims:\n  - text: [1]\n", "line 2: claim #1 needs a 'text'"),
    ("claims:\n  - 5\n", "line 2: claim #1 must be a mapping"),
    ("claims:\n  - id: [a]\n    text: It cost 5 dollars.\n", "'id' must be text or a number, not a list (['a'])"),
    ("claims:\n  - text: It cost 5 dollars.\n    sources: {a: 1}\n", "'sources' must be a list of URLs"),
    ("claims:\n  - text: It cost 5 dollars.\n    line: true\n", "'line' must be a whole number from 1"),
    ("claims:\n  - text: It cost 5 dollars.\n    quote: 7\n", "'quote' must be text, not a number (7)"),
    ("claims:\n  - text: " + "x" * 20_001 + "\n", "'text' is longer than 20,000 characters"),
    ("claims:\n  - text: a\n    sources: [" + "https://x.example/" + "a" * 5000 + "]\n", "a URL longer than"),
    # A "billion laughs": each alias stands for nine of the one before; refused before any expands.
    ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "claims:\n  - id: *b\n    text: It cost 5 dollars.\n", "YAML aliases (*a) are not allowed"),
    ("claims: " + "[" * 5_000 + "]" * 5_000 + "\n", "nest"),
])
def test_bad_fields_are_one_clear_error(text, message):
    with pytest.raises(InputError) as e:
        claims_of(text)
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_100k_nested_lists_are_refused_without_recursion(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("claims: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(InputError, match="nest"):
        read_document(str(path))
