"""Fetching from a server on 127.0.0.1 and through cassettes."""

from citecheck.sources.fetch import FetchOptions, Fetcher, fetch_all

LOCAL = FetchOptions(allow_private=True)  # the test server is on 127.0.0.1


def test_html_text_drops_script_and_nav(local_server):
    url = local_server.serve("/p", body="<html><nav>Menu 123</nav><script>var x=5</script>"
                                         "<p>The report counts 4,512 pairs.</p><footer>(c) 2020</footer></html>")
    s = Fetcher(LOCAL).fetch(url)
    assert s.ok and "4,512 pairs" in s.text
    assert "Menu" not in s.text and "var x" not in s.text and "(c) 2020" not in s.text


def test_plain_text_and_reasons(local_server):
    t = local_server.serve("/t", ctype="text/plain", body="Plain 42 text")
    png = local_server.serve("/img", ctype="image/png", body=b"\x89PNG\r\n\x1a\n....")
    gone = local_server.serve("/gone", status=410)
    res = fetch_all([t, png, gone, local_server.base + "/missing", "ftp://example.org/x", t], LOCAL)
    assert res[t].text == "Plain 42 text"
    assert res[png].reason == "not text (image/png)"
    assert res[gone].reason == "gone (410)"
    assert res[local_server.base + "/missing"].reason == "not found (404)"
    assert res["ftp://example.org/x"].reason.startswith("bad URL")


def test_user_agent_names_citecheck():
    from citecheck import USER_AGENT

    assert Fetcher().session.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("citecheck/") and "+http" in USER_AGENT


def test_cassette_replay_and_not_in_cassette(tmp_path, local_server):
    url = local_server.serve("/c", body="<p>Recorded 77 cases.</p>")
    cassette = str(tmp_path / "c.yaml")
    first = fetch_all([url], FetchOptions(cassette=cassette, record_mode="once", allow_private=True))
    assert first[url].ok
    text = open(cassette).read()
    assert "Recorded 77 cases" in text
    assert "Set-Cookie" not in text and "Cookie" not in text
    local_server.serve("/c", body="<p>Changed.</p>")
    again = fetch_all([url, local_server.base + "/other"], FetchOptions(cassette=cassette, record_mode="none"))
    assert again[url].text == "Recorded 77 cases."
    assert again[local_server.base + "/other"].reason == "not in cassette"
