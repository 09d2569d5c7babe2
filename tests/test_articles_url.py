"""A published article given by URL: fetched (HTML only), read, and its sources checked.

The servers run on 127.0.0.1; fetching from there needs `allow_private` (`--allow-private`) where
the network guard exists, so the tests pass it when it is there.
"""

import json
import re
import subprocess
import sys

import pytest

from citecheck.articles import read_document
from citecheck.errors import InputError
from citecheck.sources import FetchOptions

ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Puffins</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About: 12 writers</a></nav>
<article><h1>Puffins recover</h1>
<p>Volunteers counted 4,512 nesting pairs of puffins in 2019, according to <a href="report">the survey</a>.</p>
<p>\u201cThe colony is in better shape than it has been for twenty years,\u201d the warden said,
<a href="/story/report">the survey notes</a>.</p>
</article><footer>\u00a9 2021</footer></body></html>"""
REPORT = ("<html><body><p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>"
          "<p>The warden said: \u201cThe colony is in better shape than it has been for twenty years.\u201d</p>"
          "</body></html>")


def fetch_options(**kw):
    fields = getattr(FetchOptions, "__dataclass_fields__", {})
    if "allow_private" in fields:
        kw["allow_private"] = True
    if "retries" in fields:
        kw.setdefault("retries", 0)
    return FetchOptions(**kw)


def private_flag():
    """--allow-private (and --no-cache, not to fill the user's cache with test pages) where they exist."""
    from citecheck.cli import check

    names = {p.name for p in check.params}
    return [flag for name, flag in (("allow_private", "--allow-private"), ("no_cache", "--no-cache"))
            if name in names]


def cli_reaches_localhost():
    """Whether `citecheck check` can fetch from 127.0.0.1: no network guard, or its --allow-private flag."""
    guarded = "allow_private" in getattr(FetchOptions, "__dataclass_fields__", {})
    return "--allow-private" in private_flag() or not guarded


def run(*args):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True)


def test_read_a_published_article(local_server):
    url = local_server.serve("/story/", body=ARTICLE)
    doc = read_document(url, fetch_options())
    assert doc.path == url
    assert [(c.text, c.sources, c.file) for c in doc.claims] == [
        ("Volunteers counted 4,512 nesting pairs of puffins in 2019, according to the survey.",
         (local_server.base + "/story/report",), url),
        ("\u201cThe colony is in better shape than it has been for twenty years,\u201d the warden said, "
         "the survey notes.", (local_server.base + "/story/report",), url),
    ]
    assert doc.claims[1].quote == "The colony is in better shape than it has been for twenty years"


def test_check_a_url_end_to_end(local_server):
    from citecheck.articles import read_documents
    from citecheck.pipeline import check_documents

    url = local_server.serve("/story/", body=ARTICLE)
    local_server.serve("/story/report", body=REPORT)
    options = fetch_options()
    result = check_documents(read_documents([url], options), options)  # what `citecheck check URL` runs
    assert [(v.verdict, v.claim.file) for v in result.verdicts] == [("supported", url), ("supported", url)]
    assert result.verdicts[1].quote.verdict == "supported"
    if not cli_reaches_localhost():
        pytest.skip("this citecheck guards 127.0.0.1 and has no --allow-private flag yet")
    r = run("check", url, "--format", "json", *private_flag())
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [c["verdict"] for c in doc["claims"]] == ["supported", "supported"]
    assert doc["claims"][1]["quote"]["verdict"] == "supported"
    assert doc["claims"][0]["file"] == url


@pytest.mark.parametrize("path,status,ctype,body,message", [
    ("/gone", 404, "text/html", "", "not found (404)"),
    ("/paper.pdf", 200, "application/pdf", b"%PDF-1.4 ...", "is not an HTML page (application/pdf)"),
    ("/empty", 200, "text/html", "<html><body><nav>Home</nav></body></html>", "has no article text"),
])
def test_a_url_that_fails_is_one_line_and_exit_2(local_server, path, status, ctype, body, message):
    url = local_server.serve(path, status, ctype, body) if status != 404 else local_server.base + path
    r = run("check", url, *private_flag())
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith(f"citecheck: {url}")
    if cli_reaches_localhost():
        assert message in r.stderr
    with pytest.raises(InputError, match=re.escape(message)):  # the library says why, whatever the CLI can reach
        read_document(url, fetch_options())


def test_a_url_that_fails_without_the_private_flag_still_exits_2(local_server):
    # Whether or not 127.0.0.1 is guarded, the answer is one line and exit code 2.
    r = run("check", local_server.base + "/gone")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_a_closed_port_is_an_input_error():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match="cannot fetch the article"):
        read_document(f"http://127.0.0.1:{port}/article", fetch_options(timeout=2))


def test_article_url_records_into_and_replays_from_the_cassette(tmp_path, local_server):
    """A check of a published article replays offline: the article comes from the cassette too."""
    url = local_server.serve("/story/", body=ARTICLE)
    report = local_server.serve("/story/report", body=REPORT)
    cassette = str(tmp_path / "story.yaml")
    first = run("check", url, "--cassette", cassette, "--record-mode", "once", "--format", "json",
                *private_flag())
    assert first.returncode in (0, 1), first.stderr
    recorded = open(cassette, encoding="utf-8").read()
    assert "Puffins" in recorded and "The survey counted" in recorded
    # The server now says something else: the replay still reads what was recorded.
    local_server.serve("/story/", body=ARTICLE.replace("4,512", "9,999"))
    local_server.serve("/story/report", body=REPORT.replace("4,512", "9,999"))
    again = run("check", url, "--cassette", cassette, "--format", "json", "--no-cache")
    assert again.returncode in (0, 1), again.stderr
    claims = json.loads(again.stdout)["claims"]
    assert any("4,512" in c["text"] for c in claims)
    assert any(c["verdict"] == "supported" and report in c["sources"] for c in claims)


def test_article_url_missing_from_the_cassette_is_one_line(tmp_path):
    cassette = tmp_path / "empty.yaml"
    cassette.write_text("interactions: []\nversion: 1\n", encoding="utf-8")
    r = run("check", "https://news.example.org/story", "--cassette", str(cassette), "--no-cache")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0
    assert "not in cassette" in r.stderr and "Traceback" not in r.stderr
