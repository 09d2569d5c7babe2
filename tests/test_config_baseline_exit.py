"""Config files, stable claim ids, baselines, exit codes and atomic report files."""

import json
import os
import signal
import subprocess
import sys

import pytest

from citecheck.claim_ids import claim_id, with_stable_ids
from citecheck.config import find_config, load_config
from citecheck.errors import InputError
from citecheck.model import Claim
from tests.conftest import ROOT

CLAIMS = str(ROOT / "claims" / "nk-human-rights.yaml")
CASSETTE = str(ROOT / "cassettes" / "nk-human-rights.yaml")
ARTICLE = (ROOT / "examples" / "nk-human-rights.md").read_text()


def run(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "FORCE_COLOR", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env)


# --- stable ids -------------------------------------------------------------------------------------

def test_ids_come_from_text_and_sources_not_position():
    a = claim_id("The camps hold 80,000 people.", ["https://b.org", "https://a.org"])
    assert a.startswith("c-") and len(a) == 12
    assert a == claim_id("the camps  hold 80,000 people.", ["https://a.org", "https://b.org"])  # case, spaces, order
    assert a == claim_id("The camps hold 80,000 people.", ["https://a.org", "https://b.org", "https://a.org"])
    assert a != claim_id("The camps hold 80,001 people.", ["https://a.org", "https://b.org"])
    assert a != claim_id("The camps hold 80,000 people.", ["https://a.org"])
    assert claim_id("\u201cIt\u2019s 5\u201d", []) == claim_id('"It\'s 5"', [])  # curly and straight quotes


def test_the_same_claim_twice_gets_distinct_ids():
    claims = with_stable_ids([Claim("", "We saw 40 seals."), Claim("", "We saw 40 seals."),
                              Claim("", "We saw 41 seals.")])
    base = claim_id("We saw 40 seals.", [])
    assert [c.id for c in claims] == [base, base + "-2", claim_id("We saw 41 seals.", [])]


def test_inserting_a_sentence_keeps_every_other_id(tmp_path):
    from citecheck.articles import read_document

    before = tmp_path / "before.md"
    before.write_text(ARTICLE)
    lines = ARTICLE.splitlines(keepends=True)
    after = tmp_path / "after.md"
    after.write_text("".join(lines[:4]) + "A new paragraph says 17 things happened in 2001.\n\n" + "".join(lines[4:]))
    old = {c.id: c.text for c in read_document(str(before)).claims}
    new = {c.id: c.text for c in read_document(str(after)).claims}
    assert len(new) == len(old) + 1
    assert all(new[i] == t for i, t in old.items())  # every old claim keeps its id


def test_claims_file_ids_are_kept_and_missing_ones_are_stable(tmp_path):
    from citecheck.articles import read_document

    p = tmp_path / "c.yaml"
    p.write_text("claims:\n  - id: mine\n    text: We saw 40 seals.\n  - text: We saw 41 seals.\n"
                 "    sources: [https://example.org/a]\n")
    assert [c.id for c in read_document(str(p)).claims] == ["mine", claim_id("We saw 41 seals.", ["https://example.org/a"])]


# --- config -----------------------------------------------------------------------------------------

def test_config_is_found_upwards_nearest_first(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.citecheck]\ntimeout = 5\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(str(deep)) == str(tmp_path / "pyproject.toml")
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # no [tool.citecheck]: skipped
    assert find_config(str(deep)) == str(tmp_path / "pyproject.toml")
    (tmp_path / "a" / ".citecheck.toml").write_text("jobs = 2\n")
    assert find_config(str(deep)) == str(tmp_path / "a" / ".citecheck.toml")
    config = load_config(find_config(str(deep)), ["jobs"])
    assert config.values == {"jobs": 2}


def test_unknown_key_names_the_nearest(tmp_path):
    p = tmp_path / ".citecheck.toml"
    p.write_text('fail_onn = "none"\n')
    with pytest.raises(InputError, match="unknown key 'fail_onn'; did you mean 'fail-on'"):
        load_config(str(p), ["fail-on", "format", "timeout"])
    p.write_text("[tool.citecheck\n")
    with pytest.raises(InputError, match="malformed TOML"):
        load_config(str(p), ["fail-on"])


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    p = tmp_path / ".citecheck.toml"
    p.write_text('baseline = "ci/baseline.json"\n')
    assert load_config(str(p), ["baseline"]).values == {"baseline": str(tmp_path / "ci" / "baseline.json")}


def test_config_precedence_file_then_flags(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.citecheck]\nformat = "json"\nfail-on = ["none"]\n')
    r = run("check", CLAIMS, cwd=tmp_path)
    assert r.returncode == 0, r.stderr  # fail-on none from the file
    assert json.loads(r.stdout)["version"] == 1  # format json from the file
    r = run("check", CLAIMS, "--format", "text", "--fail-on", "contradicted", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("[CONTRADICTED] forced-labour")  # flags win
    other = tmp_path / "other.toml"
    other.write_text('[tool.citecheck]\nformat = "markdown"\n')
    r = run("check", CLAIMS, "--config", str(other), cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.startswith("### citecheck: 4 claims flagged")  # --config, not the found one


def test_bad_config_is_one_line_and_exit_2(tmp_path):
    (tmp_path / ".citecheck.toml").write_text("formatt = 'json'\n")
    r = run("check", CLAIMS, cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == (
        f"citecheck: {tmp_path / '.citecheck.toml'}: unknown key 'formatt'; did you mean 'format'?")
    (tmp_path / ".citecheck.toml").write_text("jobs = 'many'\n")
    r = run("check", CLAIMS, cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "jobs" in r.stderr
    r = run("check", CLAIMS, "--config", str(tmp_path / "nope.toml"))
    assert r.returncode == 2 and "no such config file" in r.stderr


# --- baseline ---------------------------------------------------------------------------------------

def test_baseline_round_trip(tmp_path):
    base = tmp_path / "baseline.json"
    r = run("check", CLAIMS, "--write-baseline", str(base), "--format", "json")
    assert r.returncode == 0, r.stderr  # today's flagged claims are now accepted
    recorded = json.loads(base.read_text())
    assert recorded["version"] == 1
    assert {c["id"] for c in recorded["claims"]} == {"forced-labour", "foreign-minister", "heritage-panel",
                                                     "singapore-statement"}
    r = run("check", CLAIMS, "--baseline", str(base), "--format", "json")
    assert r.returncode == 0, r.stderr
    claims = json.loads(r.stdout)["claims"]
    assert len(claims) == 11  # accepted claims are listed, not dropped
    assert {c["id"] for c in claims if c["accepted"]} == {c["id"] for c in recorded["claims"]}
    assert not any(c["flagged"] for c in claims)
    text = run("check", CLAIMS, "--baseline", str(base)).stdout
    assert "[CONTRADICTED] forced-labour" in text and "(accepted by the baseline)" in text
    assert text.splitlines()[-1].endswith("(4 accepted)")


def test_a_new_problem_fails_despite_the_baseline(tmp_path):
    base = tmp_path / "baseline.json"
    base.write_text(json.dumps({"version": 1, "claims": [{"id": "forced-labour"}, {"id": "foreign-minister"}]}))
    r = run("check", CLAIMS, "--baseline", str(base), "--format", "json")
    assert r.returncode == 1
    flagged = {c["id"] for c in json.loads(r.stdout)["claims"] if c["flagged"]}
    assert flagged == {"heritage-panel", "singapore-statement"}


@pytest.mark.parametrize("content,message", [
    (None, "no such baseline"), ("{", "bad JSON"), ('{"claims": 3}', "needs a 'claims' list"),
    ('{"version": 9, "claims": []}', "version 9"),
])
def test_bad_baseline_is_exit_2(tmp_path, content, message):
    base = tmp_path / "b.json"
    if content is not None:
        base.write_text(content)
    r = run("check", CLAIMS, "--baseline", str(base))
    assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1


# --- exit codes -------------------------------------------------------------------------------------

def test_exit_codes_are_in_help():
    out = run("check", "--help").stdout
    assert "Exit codes:" in out and "130  interrupted" in out and "unreachable" in out


def test_unreachable_fails_by_default_and_can_be_relaxed(tmp_path, local_server):
    url = local_server.serve("/report", body="<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>")
    dead = local_server.base + "/gone"  # not served: 404
    article = tmp_path / "a.md"
    article.write_text(f"Volunteers counted [4,512 nesting pairs of puffins]({url}) in 2019.\n\n"
                       f"Another [survey]({dead}) counted 300 terns.\n")
    r = run("check", str(article), "--allow-private", "--no-cache")
    assert r.returncode == 1 and "[UNREACHABLE]" in r.stdout
    r = run("check", str(article), "--allow-private", "--no-cache", "--fail-on", "contradicted,unsupported")
    assert r.returncode == 0, r.stdout


def test_a_run_where_no_source_could_be_read_fails(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Volunteers counted [4,512 pairs](ftp://example.org/a) in 2019.\n\n"
                       "Another [survey](gopher://example.org/b) counted 300 terns.\n")  # markdown-it-py drops file: links
    r = run("check", str(article), "--fail-on", "contradicted")
    assert r.returncode == 1 and "no source could be read (2 cited)" in r.stderr
    assert run("check", str(article), "--fail-on", "none").returncode == 0


def test_exit_0_when_clean_and_2_on_bad_format():
    assert run("check", CLAIMS, "--fail-on", "none").returncode == 0
    r = run("check", CLAIMS, "--format", "pdf")
    assert r.returncode == 2 and "Traceback" not in r.stderr


# --- output: colour, quiet, github summary, atomic files --------------------------------------------

def test_color_flags_and_env():
    assert "\x1b[" in run("check", CLAIMS, "--color", "always").stdout
    assert "\x1b[" not in run("check", CLAIMS).stdout  # a pipe, not a terminal
    assert "\x1b[" in run("check", CLAIMS, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", CLAIMS, "--color", "never", env={"FORCE_COLOR": "1"}).stdout


def test_quiet_lists_flagged_only():
    out = run("check", CLAIMS, "-q").stdout
    assert "[OK]" not in out and "[PARTIAL]" not in out and "[CONTRADICTED] forced-labour" in out


def test_github_format_appends_the_step_summary(tmp_path):
    summary = tmp_path / "step-summary.md"
    r = run("check", CLAIMS, "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1 and r.stdout.startswith("::")
    assert summary.read_text().startswith("### citecheck: 4 claims flagged")


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown", "html", "sarif", "junit", "github",
                                 "claimreview"])
def test_every_format_through_the_cli(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    r = run("check", CLAIMS, "--format", fmt, "-o", str(out))
    assert r.returncode == 1 and r.stdout == "" and out.read_text().strip()
    assert os.listdir(tmp_path) == [out.name]  # no temporary file left behind


KILLED_MID_WRITE = r"""
import os, sys, time
from citecheck import atomic
real_replace = os.replace
def stuck(src, dst):  # the temporary file is written; die before it replaces the report
    with open(src, encoding="utf-8") as fh:
        assert len(fh.read()) == 5_000_000
    print("written", flush=True)
    time.sleep(60)
atomic.os.replace = stuck
atomic.write_text_atomic(sys.argv[1], "x" * 5_000_000)
"""


def test_kill_9_mid_write_leaves_the_old_report(tmp_path):
    report = tmp_path / "report.json"
    report.write_text('{"version": 1, "old": true}\n')
    child = subprocess.Popen([sys.executable, "-c", KILLED_MID_WRITE, str(report)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "written\n"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert report.read_text() == '{"version": 1, "old": true}\n'  # whole, and the old one


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    from citecheck.atomic import write_text_atomic

    p = tmp_path / "r.txt"
    p.write_text("old")
    os.chmod(p, 0o640)
    write_text_atomic(str(p), "new \u2713")
    assert p.read_text(encoding="utf-8") == "new \u2713" and (os.stat(p).st_mode & 0o777) == 0o640
    assert os.listdir(tmp_path) == ["r.txt"]
    with pytest.raises(OSError):
        write_text_atomic(str(tmp_path / "missing-dir" / "r.txt"), "x")


# --- pre-commit hook and GitHub Action --------------------------------------------------------------

def test_pre_commit_hook_and_action_are_wired():
    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "citecheck" and hook["entry"] == "citecheck check" and hook["language"] == "python"
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    run_step = next(s for s in steps if s.get("id") == "check")
    assert "citecheck check" in run_step["run"] and "--format sarif" in run_step["run"]
    assert "${{" not in run_step["run"]  # inputs reach the script through env only
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    for step in steps:
        assert "shell" in step or "uses" in step  # composite run steps must name their shell


def test_the_readme_config_example_is_valid(tmp_path):
    import re

    readme = (ROOT / "README.md").read_text()
    block = re.search(r"### Config file.*?```toml\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(block)
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "citecheck-baseline.json").write_text('{"version": 1, "claims": []}')
    r = run("check", CLAIMS, cwd=tmp_path)
    assert r.returncode == 1, r.stderr  # read without error; the example still flags its contradiction
    assert r.stdout.startswith("### citecheck:")  # format = "markdown" from the file


# --- URL patterns -----------------------------------------------------------------------------------

def test_exclude_and_accept_url_patterns(tmp_path):
    r = run("check", CLAIMS, "--format", "json", "--exclude-url", r"whitehouse\.gov",
            "--accept-url", r"^https://www\.heritage\.org/")
    assert r.returncode == 1
    claims = {c["id"]: c for c in json.loads(r.stdout)["claims"]}
    singapore = claims["singapore-statement"]
    assert singapore["verdict"] == "ignored" and singapore["note"].startswith("its sources are excluded: https://www.whitehouse")
    heritage = claims["heritage-panel"]
    assert heritage["verdict"] == "unreachable" and heritage["accepted"] and not heritage["flagged"]
    assert {i for i, c in claims.items() if c["flagged"]} == {"forced-labour", "foreign-minister"}
    assert claims["forced-labour"]["id"] == "forced-labour"
    (tmp_path / ".citecheck.toml").write_text('exclude-url = "whitehouse"\naccept-url = ["heritage", "nowhere"]\n'
                                              'fail-on = "unreachable"\n')
    r = run("check", CLAIMS, cwd=tmp_path)
    assert r.returncode == 0, r.stdout  # from the file: one excluded, the other accepted, nothing else fails
    r = run("check", CLAIMS, "--exclude-url", "(")
    assert r.returncode == 2 and "--exclude-url '(': not a regular expression" in r.stderr
