"""Articles through the command line: wrong inputs are one line and exit 2; new verdicts are reported."""

import json
import subprocess
import sys

import pytest

from citecheck.claim_ids import claim_id
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "articles"


def run(*args):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True)


def write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(p)


@pytest.mark.parametrize("name,content,message", [
    ("binary.md", b"\x00\x01\x02\x03PNG\x00\x00 binary", "is a binary file"),
    ("latin1.md", "Caf\u00e9 with 5 seats".encode("latin-1"), "is not UTF-8 text"),
    ("empty.html", "", "is empty"),
    ("blank.txt", "\n\n   \n", "is empty"),
    ("nav-only.html", "<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2021</footer></body></html>",
     "has no article text"),
    ("comment-only.md", "<!-- nothing but a comment with 5 words -->\n", "has no article text"),
    ("broken.docx", b"PK\x03\x04 this is not really a zip", "is not a Word .docx file"),
    ("text.docx", "plain text saved as docx", "is not a Word .docx file"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save the article as .docx"),
])
def test_bad_article_is_one_line_and_exit_2(tmp_path, name, content, message):
    r = run("check", write(tmp_path, name, content))
    assert r.returncode == 2, r.stdout
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_a_missing_directory_or_unknown_url_scheme(tmp_path):
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run("check", "ftp://example.org/article.html")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_unsourced_and_ignored_claims_are_listed_and_flaggable(tmp_path):
    article = write(tmp_path, "a.md", "A colony of 250 razorbills has no source at all.\n\n"
                                      "<!-- citecheck: ignore the author's own count -->\n"
                                      "We saw 40 seals.\n")
    r = run("check", article, "--format", "json")
    assert r.returncode == 0, r.stderr  # neither is flagged by default
    doc = json.loads(r.stdout)
    assert [(c["verdict"], c["status"], c["note"]) for c in doc["claims"]] == [
        ("unsourced", "", ""), ("ignored", "ignored", "the author's own count")]
    assert doc["summary"] == {"unsourced": 1, "ignored": 1}
    assert run("check", article, "--fail-on", "unsourced").returncode == 1
    text = run("check", article).stdout
    # Claim ids are stable hashes of text and sources (claim_ids), no longer positions c1, c2.
    assert f"[UNSOURCED] {claim_id('A colony of 250 razorbills has no source at all.', [])}" in text
    assert f"[IGNORED] {claim_id('We saw 40 seals.', [])}" in text and "ignored: the author's own count" in text


def make_cassette(tmp_path, pages):
    """A vcrpy cassette answering GET url with (status, content type, body) for each url in `pages`."""
    import yaml

    interactions = [{
        "request": {"body": None, "headers": {}, "method": "GET", "uri": url},
        "response": {"body": {"string": body}, "headers": {"Content-Type": [ctype]},
                     "status": {"code": status, "message": "OK" if status == 200 else "Not Found"}},
    } for url, (status, ctype, body) in pages.items()]
    path = tmp_path / "cassette.yaml"
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}, allow_unicode=True))
    return str(path)


BRIEFING = "https://briefing.example.org/2021/panel"


def test_misquoted_is_flaggable(tmp_path):
    cassette = make_cassette(tmp_path, {
        BRIEFING: (200, "text/html; charset=utf-8", (DATA / "quotes-source.html").read_text())})
    article = write(tmp_path, "a.md", f'"The regime will never give up its nuclear arms, whatever the sanctions '
                                      f'cost," Pak said at [a briefing]({BRIEFING}).\n')
    r = run("check", article, "--format", "json", "--cassette", cassette)
    assert r.returncode == 1, r.stderr  # a misquote fails the run by default, like a contradicted figure
    [c] = json.loads(r.stdout)["claims"]
    assert c["verdict"] == "misquoted"
    assert c["quote"]["diff"] == ("The regime will never give up its nuclear [-arms whatever-] "
                                  "{+weapons no matter what+} the sanctions cost")
    assert c["quote"]["source_wording"] == ("The regime will never give up its nuclear weapons, no matter what the "
                                            "sanctions cost")
    assert run("check", article, "--fail-on", "contradicted", "--cassette", cassette).returncode == 0
    text = run("check", article, "--cassette", cassette).stdout
    assert "[MISQUOTED] c-" in text and "diff: The regime will never give up its nuclear [-arms whatever-]" in text


def test_quotes_fixture_through_the_cli(tmp_path):
    page = (DATA / "quotes-source.html").read_text()
    md = (DATA / "quotes.md").read_text().replace("http://127.0.0.1/briefing", BRIEFING)
    cassette = make_cassette(tmp_path, {BRIEFING: (200, "text/html; charset=utf-8", page)})
    r = run("check", write(tmp_path, "quotes.md", md), "--format", "json", "--cassette", cassette)
    assert r.returncode == 1, r.stderr  # one quote is unsupported, one figure contradicted
    doc = json.loads(r.stdout)
    assert [c["verdict"] for c in doc["claims"]] == ["supported", "misquoted", "supported", "unsupported",
                                                      "supported", "contradicted", "unsourced"]
    assert doc["summary"] == {"supported": 3, "contradicted": 1, "misquoted": 1, "unsupported": 1, "unsourced": 1}
