"""HTML articles: a claim's line and column are its own sentence's; code and page furniture give no claims.
The cases are data: tests/data/articles/html-locations.yaml."""

import pytest
import yaml

from citecheck.articles.blocks import claims_from_blocks
from citecheck.articles.html import read_html
from tests.conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "articles" / "html-locations.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_claim_line_and_column(case):
    claims = claims_from_blocks(read_html(case["html"]), "a.html")
    assert [[c.text, c.line, c.column] for c in claims] == case["claims"]
