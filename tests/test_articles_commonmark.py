"""CommonMark's own link examples: the URL a sentence cites is the one markdown-it-py resolves; images
are not sources; code is never a claim. The cases are data: tests/data/commonmark/links.yaml."""

import html
import re

import pytest
import yaml

from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.markdown import parser, read_markdown
from tests.conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "commonmark" / "links.yaml").read_text(encoding="utf-8"))["cases"]
PREFIX = "Officials counted 5 rail bridges, per "
HREF_RE = re.compile(r"""<a href=(?:"([^"]*)"|'([^']*)')""")


def rendered_href(markdown: str) -> str | None:
    """The first link target markdown-it-py renders for the article (None: no link)."""
    m = HREF_RE.search(parser().render(markdown))
    return html.unescape(m.group(1) if m.group(1) is not None else m.group(2)) if m else None


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['section']}" for i, c in enumerate(CASES)])
def test_commonmark_link_case(case):
    article = PREFIX + case["markdown"]
    claims = claims_from_blocks(read_markdown(article), "a.md")
    assert claims and claims[0].text.startswith("Officials counted 5 rail bridges"), claims
    want = case["href"]
    assert claims[0].sources == ((want,) if want else ())
    resolved = rendered_href(article)
    if case.get("bare"):
        assert resolved is None  # not a CommonMark link: a bare URL in the text, which citecheck reads too
    elif want:
        assert resolved == want  # the reference implementation's reading, not ours alone
    else:
        assert resolved in (None, "", "#fragment") or resolved.lower().startswith("mailto:") or \
            case["section"] in ("Raw HTML",)
    for absent in case.get("absent", []):
        assert all(absent not in c.text for c in claims), (absent, claims)
