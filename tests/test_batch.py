"""`citecheck batch` with sources to load: local files (HTML, PDF, text) and URLs fetched like `check` does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from citecheck.batch import BatchItem, check_items
from citecheck.sources import FetchOptions
from tests.test_fetch_faults import _pdf

PAGE = "<html><body><p>The survey counted 4,512 nesting pairs of puffins in 2019.</p></body></html>"
CLAIM = "Volunteers counted 4,512 nesting pairs of puffins in 2019."


def run(*args):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True)


def write_items(tmp_path, items) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return str(path)


def item(n, claim=CLAIM, **source):
    return BatchItem(n, str(n), claim, source.get("source_text"), source.get("source_path"), source.get("source_url"))


def test_source_path_html_pdf_text_and_missing(tmp_path):
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "r.pdf").write_bytes(_pdf(["Page one says nothing.", "In 2019 the survey counted 4,512 nesting pairs."]))
    (tmp_path / "n.txt").write_text("The survey counted 4,512 nesting pairs of puffins in 2019.\n", encoding="utf-8")
    items = [item(1, source_path=str(tmp_path / "p.html")),
             item(2, claim="In 2019 the survey counted 4,512 nesting pairs.", source_path=str(tmp_path / "r.pdf")),
             item(3, source_path=str(tmp_path / "n.txt")),
             item(4, source_path=str(tmp_path / "gone.html"))]
    rows = list(check_items(items))
    assert [r["verdict"] for r in rows] == ["supported", "supported", "supported", "unreachable"]
    assert rows[1]["evidence"]["page"] == 2 and rows[1]["evidence"]["url"].endswith("r.pdf#page=2")
    assert rows[3]["reason"].startswith("cannot read file")


def test_source_url_fetched_once_in_parallel_and_guarded(server):
    url = server.static("/p", body=PAGE)
    items = [item(1, source_url=url), item(2, claim="Volunteers counted 9,999 pairs of puffins in 2019.",
                                           source_url=url)]
    rows = list(check_items(items, FetchOptions(allow_private=True)))
    assert [r["verdict"] for r in rows] == ["supported", "contradicted"]
    assert server.hits["/p"] == 1  # one URL, fetched once for both items
    # Without --allow-private the network guard refuses the loopback address, with the reason.
    rows = list(check_items(items))
    assert [r["verdict"] for r in rows] == ["unreachable", "unreachable"]
    assert rows[0]["reason"] == "blocked address"


def test_source_url_page_date_from_metadata(server):
    page = ('<html><head><meta property="article:published_time" content="2018-05-10T09:00:00Z"></head><body>'
            "<p>Charlie Russell, a Canadian naturalist who lived among grizzly bears, died Monday in Calgary.</p>"
            "</body></html>")
    url = server.static("/obituary", body=page)
    [row] = check_items([item(1, claim="Charlie Russell, the naturalist, died in Calgary on May 7, 2018.",
                              source_url=url)], FetchOptions(allow_private=True))
    assert row["verdict"] == "supported"
    assert row["figures"][0]["source_date"] == "2018-05-07"


def test_cli_batch_fetch_options_and_cassette(tmp_path, server):
    url = server.static("/p", body=PAGE)
    inp = write_items(tmp_path, [{"id": "a", "claim": CLAIM, "source_url": url}])
    out = tmp_path / "out.jsonl"
    r = run("batch", inp, "-o", str(out), "--fail-on", "unreachable")
    assert r.returncode == 1, r.stderr  # unreachable: the loopback address is refused by default
    assert json.loads(out.read_text())["reason"] == "blocked address"
    cassette = str(tmp_path / "batch.yaml")
    r = run("batch", inp, "-o", str(out), "--allow-private", "--cassette", cassette, "--record-mode", "once")
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["verdict"] == "supported"
    server.static("/p", body=PAGE.replace("4,512", "1,000"))
    r = run("batch", inp, "-o", str(out), "--cassette", cassette)  # replayed: neither guard nor server asked
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["verdict"] == "supported"


def test_cli_batch_bad_fetch_option_is_one_line(tmp_path):
    inp = write_items(tmp_path, [{"id": "a", "claim": CLAIM, "source_text": "x"}])
    r = run("batch", inp, "--cache-max-age", "soon")
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_source_cited_by_many_items_is_prepared_once(monkeypatch):
    import citecheck.batch as batch

    calls = []
    real = batch.prepare_source
    monkeypatch.setattr(batch, "prepare_source", lambda *a: calls.append(a[1]) or real(*a))
    text = "The survey counted 4,512 nesting pairs of puffins in 2019. Volunteers ringed 310 chicks."
    items = [item(1, source_text=text), item(2, claim="Volunteers ringed 310 puffin chicks.", source_text=text),
             item(3, source_text="Another page says 4,000 pairs."), item(4, claim="They ringed 999 chicks.",
                                                                      source_text=text)]
    rows = list(check_items(items))
    assert [r["verdict"] for r in rows] == ["supported", "supported", "unsupported", "contradicted"]
    assert len(calls) == 2  # two distinct sources
    assert rows == [batch.check_item(i) for i in items]  # the same records as item by item


def test_cli_batch_keeps_going_past_bad_lines(tmp_path):
    good = {"id": "a", "claim": CLAIM, "source_text": "The survey counted 4,512 nesting pairs of puffins in 2019."}
    lines = [json.dumps(good), "not json", json.dumps({"id": "b", "claim": CLAIM}), "",
             json.dumps({"id": "c", "claim": CLAIM, "source_text": 5}), json.dumps(dict(good, id="d"))]
    inp = tmp_path / "in.jsonl"
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    r = run("batch", str(inp), "-o", str(out))
    assert r.returncode == 2, r.stderr  # the input was bad, even though every good item was checked
    assert "Traceback" not in r.stderr
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith("citecheck: ") for e in errors)
    assert "in.jsonl:2: not a JSON object" in errors[0] and "in.jsonl:3:" in errors[1] and "in.jsonl:5:" in errors[2]
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    # One record per non-blank line, in place: the bad ones say which line and why.
    assert [x.get("verdict") for x in rows] == ["supported", None, None, None, "supported"]
    assert rows[1] == {"id": None, "line": 2, "error": errors[0].removeprefix("citecheck: ")}
    assert rows[2]["id"] == "b" and rows[2]["line"] == 3 and "give one of source_text" in rows[2]["error"]
    assert rows[3]["line"] == 5 and "source_text must be a string" in rows[3]["error"]


def test_batch_streams_in_windows_and_keeps_the_order(monkeypatch):
    import citecheck.batch as batch

    monkeypatch.setattr(batch, "WINDOW_ITEMS", 2)
    text = "The survey counted 4,512 nesting pairs of puffins in 2019. Volunteers ringed 310 chicks."
    lines = [json.dumps({"id": str(n), "claim": CLAIM if n % 2 else "They ringed 999 chicks.", "source_text": text})
             for n in range(7)]
    lines.insert(3, "{")
    records = list(check_items(batch.read_items(lines)))
    assert [r["id"] for r in records] == ["0", "1", "2", None, "3", "4", "5", "6"]
    assert records[3]["line"] == 4
    assert [r.get("verdict") for r in records if r["id"]] == ["contradicted", "supported"] * 3 + ["contradicted"]


def test_output_replaces_the_previous_file_whole_and_leaves_no_temporary_file(tmp_path):
    src = write_items(tmp_path, [{"id": "a", "claim": CLAIM, "source_text": PAGE}])
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run's output\n", encoding="utf-8")
    r = run("batch", src, "-o", str(out), "--workers", "1")
    assert r.returncode == 0, r.stderr
    [rec] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rec["id"] == "a" and rec["verdict"] == "supported"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_output_is_untouched_when_the_run_fails_before_the_end(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("the previous run's output\n", encoding="utf-8")
    r = run("batch", str(tmp_path / "missing.jsonl"), "-o", str(out))
    assert r.returncode == 2 and "missing.jsonl" in r.stderr and "Traceback" not in r.stderr
    assert out.read_text(encoding="utf-8") == "the previous run's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_source_path_with_a_nul_byte_is_a_bad_line_not_a_traceback(tmp_path):
    src = write_items(tmp_path, [{"id": "a", "claim": CLAIM, "source_path": "a\x00b.html"},
                                 {"id": "b", "claim": CLAIM, "source_text": PAGE}])
    r = run("batch", src, "--workers", "1")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == f"citecheck: {src}:1: source_path holds a NUL byte"
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["id"] == "a" and "NUL" in rows[0]["error"] and rows[1]["verdict"] == "supported"


def test_a_batch_of_local_text_files_never_imports_the_http_and_html_libraries(tmp_path):
    # Start-up (issue 11): requests, urllib3 and Beautiful Soup are a quarter of a second of imports that a
    # run reading only text files does not need. An HTML file still reads (its parser loads then).
    page, html = tmp_path / "page.txt", tmp_path / "page.html"
    page.write_text("The council counted 4,512 puffins in 2019.\n", encoding="utf-8")
    html.write_text("<p>The council counted 4,512 puffins in 2019.</p>", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"claim": "The council counted 4,512 puffins.", "source_path": str(page)}) + "\n",
                   encoding="utf-8")
    code = ("import sys; from citecheck.cli import main; sys.argv = ['citecheck', 'batch', %r, '-o', %r]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'requests', 'urllib3', 'bs4', 'soupsieve'}))")
    r = subprocess.run([sys.executable, "-c", code % (str(src), str(tmp_path / "out.jsonl"))], capture_output=True,
                       text=True)
    assert r.stdout.strip() == "[]", r.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["verdict"] == "supported"
    src.write_text(json.dumps({"claim": "The council counted 4,512 puffins.", "source_path": str(html)}) + "\n",
                   encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", code % (str(src), str(tmp_path / "out.jsonl"))], capture_output=True,
                       text=True)
    assert "bs4" in r.stdout and "requests" not in r.stdout, r.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))["verdict"] == "supported"


def _die(task):
    import os

    os._exit(3)  # a worker killed (the OOM killer, a signal)


def test_a_worker_that_dies_is_one_clear_error(monkeypatch):
    from citecheck import batch
    from citecheck.errors import CitecheckError

    monkeypatch.setattr(batch, "_check_group_task", _die)  # (the forked workers run it too)
    items = [BatchItem(n, str(n), "It cost $5 million.", f"It cost $5 million, source {n}.", None, None)
             for n in range(1, 5)]
    with pytest.raises(CitecheckError, match="worker process died"):
        list(check_items(items, workers=2))


def test_warming_up_a_worker_never_fails_it(monkeypatch):
    from citecheck import batch
    from citecheck.match import lexicon

    def broken():
        raise OSError("no tables here")

    lexicon.tables.cache_clear()
    lexicon._lemmatizer.cache_clear()
    lexicon.word_key.cache_clear()
    monkeypatch.setattr(lexicon, "_loader", broken)
    try:
        batch.warm_up()  # the failure is the first task's to report, not the pool's initializer's
    finally:
        import signal

        signal.signal(signal.SIGINT, signal.default_int_handler)  # (warm_up leaves Ctrl-C to the parent)
        monkeypatch.undo()
        lexicon.tables.cache_clear()
        lexicon._lemmatizer.cache_clear()
