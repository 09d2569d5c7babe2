"""The cache, the Wayback Machine fallback (through a hand-written cassette) and the CLI's fetch options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.errors import CitecheckError
from citecheck.model import Claim
from citecheck.pipeline import check_claims
from citecheck.report import render
from citecheck.sources.cache import SourceCache, parse_age
from citecheck.sources.fetch import FetchOptions, fetch_all

HERE = Path(__file__).resolve().parent
WAYBACK = str(HERE / "fetch_cassettes" / "wayback.yaml")
PAGE = "<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>"
CLAIM = "Volunteers counted 4,512 nesting pairs of puffins in 2019."
REPORT = "https://example.org/2018/puffin-report.html"


def cached(tmp_path, **kw) -> FetchOptions:
    return FetchOptions(allow_private=True, cache=True, cache_dir=str(tmp_path / "cache"), **kw)


# -- cache -----------------------------------------------------------------------------------------

def test_second_run_reads_the_cache(server, tmp_path):
    url = server.static("/p", body=PAGE)
    dead = server.static("/dead", status=404)
    first = fetch_all([url, dead], cached(tmp_path))
    second = fetch_all([url, dead], cached(tmp_path))
    assert first[url] == second[url] and second[url].ok
    assert server.hits["/p"] == 1  # the page came from the cache
    assert server.hits["/dead"] == 2  # dead links are tried again
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(entries) == 1 and entries[0].suffix == ".json"  # no temporary files left behind
    fetch_all([url], cached(tmp_path, cache_max_age=0))
    assert server.hits["/p"] == 2  # stale: fetched again


def test_page_cached_with_guard_lifted_is_not_served_to_a_guarded_run(server, tmp_path):
    """--allow-private may fill the cache with intranet pages; a later run without it must not read them."""
    url = server.static("/intranet", body=PAGE)
    assert fetch_all([url], cached(tmp_path))[url].ok
    guarded = fetch_all([url], FetchOptions(cache=True, cache_dir=str(tmp_path / "cache")))
    assert not guarded[url].ok and guarded[url].reason == "blocked address"
    assert server.hits["/intranet"] == 1  # refused by the guard, not fetched
    again = fetch_all([url], cached(tmp_path))
    assert again[url].ok and server.hits["/intranet"] == 1  # a run that lifts the guard still reads it


def test_damaged_cache_entry_is_a_miss(server, tmp_path):
    url = server.static("/p", body=PAGE)
    fetch_all([url], cached(tmp_path))
    [entry] = [p for p in (tmp_path / "cache").rglob("*.json")]
    entry.write_text("{not json")
    assert fetch_all([url], cached(tmp_path))[url].ok
    assert server.hits["/p"] == 2
    assert json.loads(entry.read_text())["url"] == url  # rewritten whole


def test_no_cache_by_default_and_never_with_a_cassette(server, tmp_path):
    url = server.static("/p", body=PAGE)
    assert FetchOptions().cache is False
    fetch_all([url], FetchOptions(allow_private=True))
    fetch_all([url], FetchOptions(allow_private=True))
    assert server.hits["/p"] == 2
    options = cached(tmp_path, cassette=str(tmp_path / "c.yaml"), record_mode="once")
    fetch_all([url], options)
    assert not (tmp_path / "cache").exists()


def test_bad_cache_dir_is_an_input_error(server, tmp_path):
    url = server.static("/p", body=PAGE)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(CitecheckError, match="cannot use as cache directory"):
        fetch_all([url], FetchOptions(allow_private=True, cache=True, cache_dir=str(a_file)))


def test_cache_round_trips_pdf_pages_and_archive_fields(tmp_path):
    from citecheck.model import Source

    cache = SourceCache(str(tmp_path), 60)
    s = Source(url="https://example.org/r.pdf", text="one\n\ntwo", content_type="application/pdf",
               final_url="https://web.archive.org/web/2018id_/x", pages=((0, 1), (5, 2)),
               archived_from="https://example.org/r.pdf", archive_date="2018-01-01", published="2017-12-30")
    cache.put(s)
    assert cache.get(s.url) == s
    assert cache.get("https://example.org/other") is None


def _entry_file(cache: SourceCache, url: str) -> Path:
    return Path(cache._path(url))


@pytest.mark.parametrize("damage", [
    {"source.text": 5}, {"source.text": None}, {"source.text": ["a"]}, {"fetched_at": "nan"},
    {"fetched_at": float("nan")}, {"fetched_at": float("inf")}, {"fetched_at": "1"}, {"fetched_at": True},
    {"fetched_at": 1e300}, {"fetched_at": -5}, {"fetched_at": None}, {"private": "no"}, {"private": 1},
    {"source.pages": "12"}, {"source.pages": [[0]]}, {"source.pages": [["0", 1]]}, {"source.pages": [[0, 1.5]]},
    {"source.pages": {"a": 1}}, {"source.content_type": 7}, {"source.final_url": ["x"]},
    {"source.published": "x" * 100_000}, {"source": "text"}, {"source": None}, {"format": "2"},
    {"url": None}, {"": [1, 2]},
])
def test_invalid_cache_entry_is_a_miss(tmp_path, damage):
    """Every field is checked on read: a wrong type, a non-finite or absurd time, an oversized field
    is a miss (the source is fetched again), never a crash and never an entry that cannot expire."""
    from citecheck.model import Source

    cache = SourceCache(str(tmp_path), 3600)
    s = Source(url="https://example.org/p", text="4,512 pairs", content_type="text/html", pages=((0, 1),))
    cache.put(s)
    path = _entry_file(cache, s.url)
    entry = json.loads(path.read_text())
    assert cache.get(s.url) == s
    for key, value in damage.items():
        if key == "":
            entry = value  # not an object at all
        elif key.startswith("source."):
            entry["source"][key.split(".", 1)[1]] = value
        else:
            entry[key] = value
    path.write_text(json.dumps(entry))
    assert cache.get(s.url) is None


def test_oversized_or_deeply_nested_cache_entry_is_a_miss(tmp_path, monkeypatch):
    from citecheck.sources import cache as cache_module

    cache = SourceCache(str(tmp_path), 3600)
    url = "https://example.org/p"
    path = _entry_file(cache, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[" * 200_000 + "]" * 200_000)
    assert cache.get(url) is None
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 10)
    path.write_text(json.dumps({"format": 2, "url": url, "fetched_at": 1.7e9, "source": {"text": "x"}}))
    assert cache.get(url) is None


def test_invalid_cache_entry_is_fetched_again(server, tmp_path):
    url = server.static("/p", body=PAGE)
    fetch_all([url], cached(tmp_path))
    [path] = [p for p in (tmp_path / "cache").rglob("*.json")]
    entry = json.loads(path.read_text())
    entry["source"]["text"] = 5
    path.write_text(json.dumps(entry))
    assert fetch_all([url], cached(tmp_path))[url].ok
    assert server.hits["/p"] == 2


@pytest.mark.parametrize("text,seconds", [("3600", 3600), ("90s", 90), ("30m", 1800), ("12h", 43200),
                                          ("1d", 86400), ("2w", 1209600), ("0", 0), ("1.5h", 5400)])
def test_parse_age(text, seconds):
    assert parse_age(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-1d", "1y", "1 day"])
def test_parse_age_refuses(text):
    with pytest.raises(CitecheckError):
        parse_age(text)


def test_bad_options_are_one_line_errors():
    with pytest.raises(CitecheckError, match="jobs must be"):
        FetchOptions(jobs=0)
    with pytest.raises(CitecheckError, match="deadline must be"):
        FetchOptions(deadline=0)


# -- the Wayback Machine ---------------------------------------------------------------------------

def test_dead_source_checked_against_its_archived_copy():
    urls = [REPORT, "https://example.org/gone-forever", "https://example.org/never-archived-but-dead"]
    res = fetch_all(urls, FetchOptions(cassette=WAYBACK, archive=True))
    s = res[REPORT]
    assert s.ok and "4,512 nesting pairs" in s.text
    assert s.url == REPORT and s.archived_from == REPORT
    # The id_ snapshot of the 15th redirected to its neighbour of the 16th: that is the copy read.
    assert s.final_url == "https://web.archive.org/web/20180316083000id_/" + REPORT
    assert s.archive_date == "2018-03-16"
    assert res[urls[1]].reason == "gone (410); no archived copy"
    assert res[urls[2]].reason == "not found (404); archive lookup failed: not in cassette"
    without = fetch_all([REPORT], FetchOptions(cassette=WAYBACK))
    assert without[REPORT].reason == "not found (404)"


def test_report_names_the_archived_copy():
    claims = [Claim(id="puffins", text=CLAIM, sources=(REPORT,))]
    sources = fetch_all([REPORT], FetchOptions(cassette=WAYBACK, archive=True))
    verdicts = check_claims(claims, sources)
    assert verdicts[0].verdict == "supported"
    text = render(verdicts, "text", sources)
    snapshot = "https://web.archive.org/web/20180316083000id_/" + REPORT
    assert f"archived copy: {snapshot} (2018-03-16)" in text
    doc = json.loads(render(verdicts, "json", sources))
    assert doc["claims"][0]["evidence"]["url"] == REPORT
    assert doc["claims"][0]["evidence"]["archive"] == {"url": snapshot, "date": "2018-03-16"}
    assert "archive" not in json.loads(render(verdicts, "json"))["claims"][0]["evidence"]


def test_archive_lookup_needs_no_dns_when_replaying(monkeypatch):
    """Replaying a cassette never resolves a host: the request never leaves the process."""
    import socket

    def no_dns(*args, **kwargs):
        raise AssertionError("DNS lookup while replaying a cassette")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    res = fetch_all([REPORT], FetchOptions(cassette=WAYBACK, archive=True))
    assert res[REPORT].ok


# -- the command line ------------------------------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True)


def article(tmp_path, url):
    p = tmp_path / "a.md"
    p.write_text(f"Volunteers counted [4,512 nesting pairs of puffins]({url}) in 2019.\n")
    return str(p)


def test_cli_fetch_options_and_cache(server, tmp_path):
    url = server.static("/report", body=PAGE)
    path = article(tmp_path, url)
    cache_dir = str(tmp_path / "cc")
    args = ("--allow-private", "--cache-dir", cache_dir, "--jobs", "4", "--per-host", "2", "--timeout", "5",
            "--deadline", "10", "--cache-max-age", "1h", "--format", "json")
    for _ in range(2):
        r = run("check", path, *args)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["claims"][0]["verdict"] == "supported"
        assert r.stderr == ""  # no progress bar when stderr is not a terminal
    assert server.hits["/report"] == 1
    assert run("check", path, *args, "--no-cache").returncode == 0
    assert server.hits["/report"] == 2


def test_cli_default_cache_is_the_user_cache_dir(server, tmp_path):
    url = server.static("/report", body=PAGE)
    r = run("check", article(tmp_path, url), "--allow-private")
    assert r.returncode == 0, r.stderr
    xdg = os.environ["XDG_CACHE_HOME"]  # set to a temporary dir by conftest
    assert list(Path(xdg, "citecheck", "sources").rglob("*.json"))


def test_cli_blocks_private_addresses_by_default(server, tmp_path):
    url = server.static("/report", body=PAGE)
    r = run("check", article(tmp_path, url), "--no-cache")
    assert "unreachable" in r.stdout.lower() and "blocked address" in r.stdout
    assert server.hits["/report"] == 0


@pytest.mark.parametrize("args,message", [
    (("--cache-dir", "FILE"), "cannot use as cache directory"),
    (("--cache-max-age", "soon"), "cache max age"),
    (("--jobs", "0"), "jobs must be"),
    (("--per-host", "0"), "per-host must be"),
    (("--deadline", "0"), "deadline must be"),
    (("--timeout", "-1"), "timeout must be"),
])
def test_cli_bad_fetch_options_are_one_line_and_exit_2(server, tmp_path, args, message):
    a_file = tmp_path / "FILE"
    a_file.write_text("x")
    args = tuple(str(a_file) if a == "FILE" else a for a in args)
    r = run("check", article(tmp_path, server.url("/report")), "--allow-private", *args)
    assert r.returncode == 2, r.stdout
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_cli_archive_with_a_cassette(tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_text(f"claims:\n  - id: puffins\n    text: \"{CLAIM}\"\n    sources: [{REPORT}]\n")
    r = run("check", str(claims), "--cassette", WAYBACK, "--archive")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "archived copy: https://web.archive.org/web/20180316083000id_/" in r.stdout
    r = run("check", str(claims), "--cassette", WAYBACK)
    assert "not found (404)" in r.stdout
