"""The bundled example replays offline and ends every claim in exactly one verdict."""

import json
import os

from click.testing import CliRunner

from citecheck.cli import cli
from citecheck.pipeline import check_paths
from citecheck.sources.fetch import FetchOptions
from tests.conftest import ROOT

CLAIMS = str(ROOT / "claims" / "nk-human-rights.yaml")


def test_example_json_replays_offline_with_valid_offsets():
    result = CliRunner().invoke(cli, ["check", CLAIMS, "--format", "json"])
    assert result.exit_code == 1, result.output  # the example flags its contradicted and unsupported claims
    doc = json.loads(result.output)
    assert doc["version"] == 1
    ids = [c["id"] for c in doc["claims"]]
    assert len(ids) == len(set(ids)) == 11
    res = check_paths([CLAIMS], FetchOptions())
    texts = {url: s.text for url, s in res.sources.items()}
    for claim in doc["claims"]:
        assert claim["verdict"] in ("supported", "partial", "contradicted", "unsupported", "unreachable")
        for ev in [claim["evidence"]] + [f["evidence"] for f in claim["figures"]]:
            if ev:
                assert texts[ev["url"]][ev["start"]:ev["end"]] == ev["quote"]
    assert sum(doc["summary"].values()) == 11


def test_example_verdicts():
    res = check_paths([CLAIMS], FetchOptions())
    got = {v.claim.id: v for v in res.verdicts}
    assert got["camps-prisoners"].verdict == "supported"
    assert got["coi-prisoners"].verdict == "supported"
    assert got["forced-labour"].verdict == "contradicted"
    assert got["forced-labour"].figures[0].source_figure.text == "975 million US dollars"
    assert got["modern-slavery"].verdict == "partial"
    assert got["heritage-panel"].verdict == "unreachable"
    assert "not found (404)" in got["heritage-panel"].reason
    assert got["singapore-statement"].verdict == "unreachable"
    assert "not in cassette" in got["singapore-statement"].reason
    assert got["foreign-minister"].verdict == "unsupported"


def test_markdown_and_claims_file_give_the_same_claims():
    from citecheck.articles import read_document

    md = read_document(str(ROOT / "examples" / "nk-human-rights.md")).claims
    yml = read_document(CLAIMS).claims
    # A claims file's claim points to its own line; the article's line is in its article_location.
    assert [(c.text, c.sources, c.line) for c in md] == \
        [(c.text, c.sources, int(c.article_location.rsplit(":", 1)[1])) for c in yml]
    assert all(os.path.samefile(c.article_location.rsplit(":", 1)[0], ROOT / "examples" / "nk-human-rights.md")
               for c in yml)
    assert [c.line for c in yml] == [8, 13, 18, 23, 28, 33, 38, 43, 48, 53, 58]
    html = read_document(str(ROOT / "examples" / "nk-human-rights.html")).claims
    assert [(c.text, c.sources) for c in html] == [(c.text, c.sources) for c in yml]


def test_markdown_html_and_claims_file_give_the_same_verdicts():
    """The article as Markdown and as HTML, checked through the claims file's cassette, ends exactly
    like the reviewed claims file: same claims, sources, verdicts and evidence."""
    cassette = str(ROOT / "cassettes" / "nk-human-rights.yaml")
    runs = {}
    articles = [str(ROOT / "examples" / name) for name in ("nk-human-rights.md", "nk-human-rights.html")]
    for path in [CLAIMS, *articles]:
        res = check_paths([path], FetchOptions(cassette=cassette))
        runs[path] = [(v.claim.text, v.claim.sources, v.verdict, v.reason, v.evidence,
                       [(f.figure.text, f.verdict) for f in v.figures]) for v in res.verdicts]
    expected = runs.pop(CLAIMS)
    assert len(expected) == 11
    assert {v[2] for v in expected} == {"supported", "partial", "contradicted", "unsupported", "unreachable"}
    for path, got in runs.items():
        assert got == expected, path
