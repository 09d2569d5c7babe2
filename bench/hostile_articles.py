"""Hostile articles and claims files: exit code, seconds and peak memory of `citecheck check` on each.

    python bench/hostile_articles.py [--only NAME,...] [--timeout S] [--pythonpath DIR]

Each attack is built in a temporary folder and checked offline (`--no-cache`, a cassette-less run
whose articles cite nothing fetchable). `--pythonpath` runs another checkout's code (say, an export
of main) with this interpreter, for before/after figures. Prints one line per attack:
name, exit code, seconds, peak resident memory (MB, from /usr/bin/time -v), first stderr line.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

CLAIM = "Officials counted 5 rail bridges in 2019.\n\n"


def billion_laughs() -> str:
    """A claims file of ~400 bytes whose claim id stands for 9**9 "lol"s once its aliases expand."""
    levels = ['&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"&{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return ("claims:\n  - text: It cost 5 dollars.\n    x: [" + ", ".join(levels) + "]\n    id: *i\n")


def docx_bomb(path: str, unpacked: int) -> None:
    """A small .docx whose document part unpacks to `unpacked` bytes (mostly spaces in one run)."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
          'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
          '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
          'document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    head = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>It cost 5 dollars.')
    tail = "</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head.encode())
            chunk = b" " * (1 << 20)
            for _ in range(unpacked // len(chunk)):
                fh.write(chunk)
            fh.write(tail.encode())


def paragraph(size: int) -> str:
    line = "The survey counted 5 rail bridges and 7 road bridges in the county that year,\n"
    return line * (size // len(line))


ATTACKS = {
    "md-private-use": ("a.md", lambda: "Officials counted \ue000 5 rail\ue001 bridges \ue0001\ue001.\n"),
    "html-500-nested-inline": ("a.html", lambda: "<html><body><p>" + "<b>" * 500 + "It cost 5 dollars."
                               + "</b>" * 500 + "</p></body></html>"),
    "html-8000-nested-div": ("a.html", lambda: "<html><body>" + "<div>" * 8000 + "<p>It cost 5 dollars.</p>"
                             + "</div>" * 8000 + "</body></html>"),
    "md-4MB-paragraph": ("a.md", lambda: paragraph(4 << 20)),
    "txt-4MB-paragraph": ("a.txt", lambda: paragraph(4 << 20)),
    "html-4MB-paragraph": ("a.html", lambda: "<p>" + paragraph(4 << 20) + "</p>"),
    "html-50k-comment-open": ("a.html", lambda: "<p>It cost 5 dollars.</p>" + "<!--" * 50_000),
    "md-30k-footnote-open": ("a.md", lambda: CLAIM + "[^" * 30_000),
    "md-20k-a-href": ("a.md", lambda: CLAIM + "<a href='x'>" * 20_000),
    "yaml-billion-laughs": ("c.yaml", billion_laughs),
    "yaml-100k-nested-lists": ("c.yaml", lambda: "claims: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    "yaml-cassette-5": ("c.yaml", lambda: "cassette: 5\nclaims:\n  - text: It cost 5 dollars.\n"),
    "yaml-article-list": ("c.yaml", lambda: "article: [1, 2]\nclaims:\n  - text: It cost 5 dollars.\n"),
    "docx-1GiB-part": ("a.docx", None),
    "md-50MB": ("a.md", lambda: (CLAIM * ((50 << 20) // len(CLAIM)))),
}


def run(path: str, timeout: float, pythonpath: str | None) -> tuple[str, float, float, str]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "citecheck", "check", path, "--no-cache"]
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=tempfile.gettempdir())
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - t0, float("nan"), f"killed after {timeout:.0f} s"
    seconds = time.monotonic() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    peak = int(m.group(1)) / 1024 if m else float("nan")
    err = [ln for ln in p.stderr.splitlines() if ln.strip() and not ln.startswith("\t")]
    last = err[-1] if err and "Traceback" in p.stderr else (err[0] if err else "")
    if "Command exited with non-zero status" in last:
        last = err[-2] if len(err) > 1 else ""
    return str(p.returncode), seconds, peak, last[:110]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--pythonpath")
    args = ap.parse_args()
    names = [n for n in ATTACKS if not args.only or n in args.only.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'attack':26} {'exit':>7} {'seconds':>8} {'peak MB':>8}  stderr")
        for name in names:
            filename, build = ATTACKS[name]
            path = os.path.join(tmp, name + os.path.splitext(filename)[1])
            if build is None:
                docx_bomb(path, 1 << 30)
            else:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(build())
            code, seconds, peak, line = run(path, args.timeout, args.pythonpath)
            print(f"{name:26} {code:>7} {seconds:8.2f} {peak:8.0f}  {line}", flush=True)
            os.remove(path)


if __name__ == "__main__":
    main()
