"""What the command line takes as inputs: stdin, directories, globs, URLs, size limits. Data-driven:
each case lays out files, runs `citecheck check`, and names the exit code and the files read (or the
error's words)."""

import json
import os
import subprocess
import sys

import pytest

from citecheck.articles import read_documents
from citecheck.articles.inputs import expand_inputs, sniff_format
from citecheck.errors import InputError

MD = "Officials counted 5 rail bridges in 2019.\n"
HTML = "<html><body><article><p>Officials counted 5 rail bridges in 2019.</p></article></body></html>"
CLAIMS = "claims:\n  - id: bridges\n    text: Officials counted 5 rail bridges in 2019.\n"
CASSETTE = "interactions: []\nversion: 1\n"
TREE = {
    "a.md": MD, "b.markdown": MD, "c.html": HTML, "d.htm": HTML, "e.txt": MD, "f.yaml": CLAIMS,
    "cassette.yaml": CASSETTE,  # a YAML file that is no claims file is passed over
    "notes.rst": MD, "image.png": "not an article",
    "sub/g.md": MD, "sub/deeper/h.md": MD,
    ".hidden/i.md": MD,  # hidden folders are not walked
    "drafts/j.md": MD, "build/k.md": MD, "sub/l.md": MD,
    ".gitignore": "drafts/\n", "sub/.gitignore": "l.md\n",
}

CASES = [
    # (name, args, expected exit, files read (relative, in order) or the words of the one error line)
    ("a directory is walked", ["."], 0,
     ["a.md", "b.markdown", "c.html", "d.htm", "e.txt", "f.yaml", "build/k.md", "sub/g.md", "sub/deeper/h.md"]),
    ("--exclude, .gitignore syntax", [".", "--exclude", "build/", "--exclude", "*.htm*"], 0,
     ["a.md", "b.markdown", "e.txt", "f.yaml", "sub/g.md", "sub/deeper/h.md"]),
    ("a quoted glob is expanded", ["*.md"], 0, ["a.md"]),
    ("a recursive glob", ["**/*.md"], 0,
     ["a.md", "build/k.md", "drafts/j.md", "sub/deeper/h.md", "sub/g.md", "sub/l.md"]),
    ("a glob that matches nothing", ["*.docx"], 2, "no file matches this pattern"),
    ("a file named twice is read once", ["a.md", "./a.md", "a.md"], 0, ["a.md", "./a.md"]),
    ("an empty folder", ["empty"], 2, "holds no article or claims file"),
    ("an ftp URL", ["ftp://example.org/a.html"], 2, "ftp: URLs are not read; only http and https"),
    ("a file URL", ["file:///etc/passwd"], 2, "file: URLs are not read; only http and https"),
    ("over the size limit", ["a.md", "--max-article-bytes", "10"], 2, "is over the article size limit"),
]


def lay_out(root, tree):
    for rel, content in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    (root / "empty").mkdir(exist_ok=True)


def run(args, cwd, stdin=None):
    return subprocess.run([sys.executable, "-m", "citecheck", "check", "--no-cache", "--format", "json", *args],
                          capture_output=True, text=True, cwd=cwd, input=stdin,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})


@pytest.mark.parametrize("name,args,code,expected", CASES, ids=[c[0] for c in CASES])
def test_inputs(tmp_path, name, args, code, expected):
    lay_out(tmp_path, TREE)
    r = run(args, tmp_path)
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr
    if isinstance(expected, str):
        assert expected in r.stderr and len(r.stderr.strip().splitlines()) == 1
    else:
        files = list(dict.fromkeys(c["file"] for c in json.loads(r.stdout)["claims"]))
        assert files == [os.path.join(*f.split("/")) for f in expected]


@pytest.mark.parametrize("text,args,fmt", [
    ("# Bridges\n\nOfficials counted [5 rail bridges](https://x.example/) in 2019.\n", [], "md"),
    (HTML, [], "html"),
    ("Officials counted 5 rail bridges in 2019, https://x.example/ says.\n", [], "txt"),
    ("<p>Officials counted 5 rail bridges in 2019.</p>", ["--stdin-format", "txt"], "txt"),
])
def test_stdin(tmp_path, text, args, fmt):
    # Every URL excluded: nothing is fetched (no test touches the network), the claim is read all the same.
    r = run(["-", *args, "--exclude-url", "."], tmp_path, stdin=text)
    assert r.returncode == 0, r.stderr
    [claim] = json.loads(r.stdout)["claims"]
    assert claim["file"] == "<stdin>"
    if fmt == "txt" and text.startswith("<p>"):
        assert claim["text"].startswith("<p>")  # read as plain text, as told
    else:
        assert claim["text"].startswith("Officials counted 5 rail bridges")
    assert sniff_format(text) == fmt or args


def test_stdin_over_the_limit_and_empty(tmp_path):
    r = run(["-", "--max-article-bytes", "20"], tmp_path, stdin=MD * 5)
    assert r.returncode == 2 and "<stdin>: is over the article size limit" in r.stderr
    r = run(["-"], tmp_path, stdin="  \n")
    assert r.returncode == 2 and "<stdin>: is empty" in r.stderr


def test_a_50_MB_article_is_refused_from_its_size(tmp_path):
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:  # sparse: the size is there, the bytes need not be
        fh.truncate(50 * 1024 * 1024)
    r = run([str(big)], tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"citecheck: {big}: is over the article size limit (52,428,800 bytes > 10,485,760; "
                                f"see --max-article-bytes)")


def test_library_expand_and_read(tmp_path):
    lay_out(tmp_path, TREE)
    paths = expand_inputs([str(tmp_path / "sub")])
    assert [os.path.relpath(p, tmp_path) for p in paths] == [os.path.join("sub", "g.md"),
                                                             os.path.join("sub", "deeper", "h.md")]
    assert [len(d.claims) for d in read_documents(paths)] == [1, 1]
    with pytest.raises(InputError, match="over the article size limit"):
        read_documents([str(tmp_path / "a.md")], limit=5)
