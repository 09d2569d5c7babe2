"""Exit codes, output files and bad input: one clear line on stderr and exit code 2."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True, cwd=cwd)


def test_version():
    r = run("--version")
    assert r.returncode == 0 and "citecheck" in r.stdout


def write(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(p)


@pytest.mark.parametrize("name,content,message", [
    ("missing.md", None, "no such file"),
    ("bad.yaml", "claims: [\n  - id: x\n  text: [", "malformed YAML"),
    ("notclaims.yaml", "- just a list\n", "needs a top-level 'claims:' list"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("empty.md", "   \n\n", "is empty"),
    ("article.docx2", "text", "unknown input format"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, content, message):
    path = str(tmp_path / name) if content is None else write(tmp_path, name, content)
    r = run("check", path)
    assert r.returncode == 2
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_bad_option_is_exit_2():
    r = run("check", "x.md", "--fail-on", "bogus")
    assert r.returncode == 2 and "bogus" in r.stderr and "Traceback" not in r.stderr


def test_exit_0_when_nothing_flagged(tmp_path, local_server):
    url = local_server.serve("/report", body="<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>")
    article = write(tmp_path, "a.md", f"Volunteers counted [4,512 nesting pairs of puffins]({url}) in 2019.\n")
    r = run("check", article, "--format", "json", "--allow-private", "--no-cache")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert [c["verdict"] for c in doc["claims"]] == ["supported"]


def test_exit_1_when_flagged_and_fail_on_none(tmp_path, local_server):
    url = local_server.serve("/report", body="<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>")
    article = write(tmp_path, "a.md", f"Volunteers counted [5,412 nesting pairs of puffins]({url}) in 2019.\n")
    assert run("check", article, "--allow-private", "--no-cache").returncode == 1
    assert run("check", article, "--fail-on", "none", "--allow-private", "--no-cache").returncode == 0


def test_output_file(tmp_path):
    out = tmp_path / "r.json"
    r = run("check", str(ROOT / "claims" / "nk-human-rights.yaml"), "--format", "json", "-o", str(out))
    assert r.returncode == 1
    assert r.stdout == ""
    assert json.loads(out.read_text())["version"] == 1


def test_text_report_has_summary():
    r = run("check", str(ROOT / "claims" / "nk-human-rights.yaml"))
    assert "[CONTRADICTED] forced-labour" in r.stdout
    assert "source says 975 million US dollars" in r.stdout
    assert r.stdout.strip().splitlines()[-1].startswith("11 claims:")


def test_batch_contract(tmp_path):
    items = [
        {"id": "a", "claim": "About 2.6 million people live in modern slavery.",
         "source_text": "An estimated 2,640,000 people live in modern slavery in the country."},
        {"id": "b", "claim": "The regime earns $875 million a year from forced labour.",
         "source_text": "Forced labour earns the regime $975 million a year."},
    ]
    inp = write(tmp_path, "in.jsonl", "\n".join(json.dumps(i) for i in items) + "\n")
    out = tmp_path / "out.jsonl"
    r = run("batch", inp, "-o", str(out))
    assert r.returncode == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in rows] == ["a", "b"]
    assert [x["verdict"] for x in rows] == ["supported", "contradicted"]
    for item, row in zip(items, rows):
        ev = row["evidence"]
        assert item["source_text"][ev["start"]:ev["end"]] == ev["quote"]


def test_batch_bad_line_is_exit_2(tmp_path):
    inp = write(tmp_path, "in.jsonl", '{"id": 1, "claim": "x", "source_text": "y"}\nnot json\n')
    r = run("batch", inp, "-o", str(tmp_path / "o.jsonl"))
    assert r.returncode == 2 and "in.jsonl:2" in r.stderr and "Traceback" not in r.stderr


def test_figures_command():
    r = run("figures", "about 2.6 million people and $975m a year", "--format", "json")
    assert r.returncode == 0
    figs = json.loads(r.stdout)
    assert [f["text"] for f in figs] == ["about 2.6 million", "$975m"]
    assert figs[1]["kind"] == "money" and figs[1]["unit"] == "USD" and figs[1]["value"] == 975e6


def test_every_format_is_wired():
    from citecheck.cli import check
    from citecheck.report import FORMATS

    choices = next(p for p in check.params if p.name == "fmt").type.choices
    assert set(choices) == set(FORMATS)


def test_missing_cassette_when_only_replaying_is_an_input_error(tmp_path):
    article = write(tmp_path, "a.md", "The survey counted 4,512 pairs in 2019, [the survey](https://example.org/s) says.\n")
    r = run("check", article, "--cassette", str(tmp_path / "typo.yaml"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "typo.yaml: no such cassette" in r.stderr
    items = write(tmp_path, "in.jsonl", '{"id": "a", "claim": "x 5", "source_url": "https://example.org/a"}\n')
    r = run("batch", items, "--cassette", str(tmp_path / "typo.yaml"))
    assert r.returncode == 2 and "no such cassette" in r.stderr


@pytest.mark.parametrize("command", [["batch", "items.jsonl"], ["check", "article.md"], ["--help"]])
def test_a_closed_standard_output_is_one_line_and_exit_2(tmp_path, command):
    # Started with its standard output closed (`>&-`), Python's sys.stdout is None: one line, not a traceback.
    (tmp_path / "items.jsonl").write_text(json.dumps({"id": "a", "claim": "In 2016 officials counted 75,956 voters.",
                                                      "source_text": "In 2016 officials counted 75,956 voters."}) + "\n")
    (tmp_path / "article.md").write_text("Officials counted 75,956 voters in 2016.\n")
    args = " ".join(f'"{a}"' for a in [sys.executable, "-m", "citecheck", *command])
    proc = subprocess.run(["sh", "-c", f"{args} >&-"], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == ["citecheck: standard output is closed: give -o FILE, or open it"]


def test_a_closed_standard_output_is_not_needed_with_o(tmp_path):
    (tmp_path / "items.jsonl").write_text(json.dumps({"id": "a", "claim": "In 2016 officials counted 75,956 voters.",
                                                      "source_text": "In 2016 officials counted 75,956 voters."}) + "\n")
    args = " ".join(f'"{a}"' for a in [sys.executable, "-m", "citecheck", "batch", "items.jsonl", "-o", "out.jsonl"])
    proc = subprocess.run(["sh", "-c", f"{args} >&-"], cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert json.loads((tmp_path / "out.jsonl").read_text())["verdict"] == "supported"
