"""The hostile inputs of issue 15, each run through the CLI: exit code, seconds and peak memory.

Each attack's input is built in a temporary directory; sources are served by a server on 127.0.0.1
(hence --allow-private). Every run has a time limit and an address-space limit, so a blow-up shows
as "timeout" or a MemoryError (exit 1 with a traceback) instead of taking the machine down.
Not run by pytest. To compare two checkouts, point --pythonpath at the other one (e.g. an export
of main: `git archive main | tar -x -C /tmp/main`).

    .venv/bin/python bench/attacks/run.py                          # this checkout
    .venv/bin/python bench/attacks/run.py --pythonpath /tmp/main   # another checkout's code
    .venv/bin/python bench/attacks/run.py --only divs,comments     # some attacks
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fetch_server import FaultServer  # noqa: E402

PAGE = "<p>The survey counted 4,512 nesting pairs of puffins in 2019.</p>"
CLAIM = "The survey counted 4,512 nesting pairs of puffins in 2019."


def claims_yaml(url: str, extra: str = "") -> str:
    return f"{extra}claims:\n  - id: c1\n    text: \"{CLAIM}\"\n    sources: [{url}]\n"


def billion_laughs(url: str) -> str:
    """A claim id of nine nested aliases, 9**9 "lol"s once expanded (about 400 bytes of YAML)."""
    parts = ['&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        parts.append(f"&{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return f"claims:\n  - id: [{', '.join(parts)}]\n    text: \"{CLAIM}\"\n    sources: [{url}]\n"


def serve(conn) -> None:
    """The server process: build the pages, serve them, send their URLs, stop on request. A process
    of its own, so the big pages never sit in the memory of the runs measured (a forked child's peak
    RSS counts what it inherited)."""
    server = FaultServer().start()
    conn.send(pages(server))
    conn.recv()
    server.stop()


def pages(server: FaultServer) -> dict[str, str]:
    page = server.static("/page", body=PAGE)
    big_para = "<p>The survey counted 4,512 nesting pairs of puffins in 2019, up from 3,900.</p>\n"
    prose_para = "<p>Puffins nest on the cliffs of the northern islands every spring and summer.</p>\n"
    serve = {
        "divs": ("<html><body>" + "<div>x " * 8000 + "</div>" * 8000 + PAGE),
        "comments": ("<html><body>" + PAGE + "<!--" * 50_000),
        "quoted_gt": ("<html><body>" + PAGE + "<a x='>'" * 8000),
        "page24mb": ("<html><body>" + big_para * (24_000_000 // len(big_para))),
        "page24mb_prose": ("<html><body>" + prose_para * (24_000_000 // len(prose_para)) + PAGE),
    }
    urls = {k: server.static(f"/{k}", body=v) for k, v in serve.items()}
    urls["page"] = page
    urls["slow"] = [server.slow(f"/slow{i}", 30.0, PAGE) for i in range(4)]
    return urls


def attacks(urls: dict) -> dict[str, dict]:
    """name -> {files, args, note, [sigint], [cache], [python]}."""
    page, slow = urls["page"], urls["slow"]
    fetch = ["--allow-private", "--no-cache"]
    entry = {"format": 2, "url": page, "fetched_at": time.time(), "private": True,
             "source": {"text": 5, "content_type": "text/html", "final_url": page, "pages": []}}
    return {
        "cassette-rebind": {"note": "library: rebinding resolver while recording (see tests)", "python": REBIND},
        "figures-104-groups": {"args": ["figures", "123 " * 104]},
        "md-private-use": {"files": {"a.md": f"Volunteers counted 4,512 pairs \ue0005\ue001 in 2019 [survey]({page})."},
                           "args": ["check", "{tmp}/a.md", *fetch]},
        "html-500-inline": {"files": {"a.html": "<p>" + "<b>" * 500 + f"{CLAIM} <a href='{page}'>survey</a>"
                                      + "</b>" * 500 + "</p>"},
                            "args": ["check", "{tmp}/a.html", *fetch]},
        "cassette-5": {"files": {"c.yaml": claims_yaml(page, "cassette: 5\n")}, "args": ["check", "{tmp}/c.yaml"]},
        "yaml-100k-nested": {"files": {"c.yaml": "claims: " + "[" * 100_000 + "]" * 100_000 + "\n"},
                             "args": ["check", "{tmp}/c.yaml"]},
        "yaml-billion-laughs": {"files": {"c.yaml": billion_laughs(page)}, "args": ["check", "{tmp}/c.yaml", *fetch]},
        "20k-dots": {"files": {"a.txt": f"{CLAIM} See {page} ." + "." * 20_000 + "\n"},
                     "args": ["check", "{tmp}/a.txt", *fetch]},
        "4mb-paragraph": {"files": {"a.md": ("Volunteers counted 4,512 pairs of puffins in 2019 " * 80_000)
                                    + f"[survey]({page}).\n"},
                          "args": ["check", "{tmp}/a.md", *fetch]},
        "md-footnote-30k": {"files": {"a.md": f"{CLAIM} [survey]({page})\n\n" + "[^" * 30_000 + "\n"},
                            "args": ["check", "{tmp}/a.md", *fetch]},
        "cache-text-5": {"cache": entry, "files": {"c.yaml": claims_yaml(page)},
                         "args": ["check", "{tmp}/c.yaml", "--allow-private", "--cache-dir", "{tmp}/cache"]},
        "cache-nan": {"cache": {**entry, "fetched_at": "nan", "source": {**entry["source"], "text": "stale"}},
                      "files": {"c.yaml": claims_yaml(page)},
                      "args": ["check", "{tmp}/c.yaml", "--allow-private", "--cache-dir", "{tmp}/cache",
                               "--cache-max-age", "1s"], "note": "exit 1 = stale entry served (never expires)"},
        "page-8000-divs": {"files": {"c.yaml": claims_yaml(urls["divs"])}, "args": ["check", "{tmp}/c.yaml", *fetch]},
        "page-50k-comments": {"files": {"c.yaml": claims_yaml(urls["comments"])},
                              "args": ["check", "{tmp}/c.yaml", *fetch]},
        "page-8000-quoted-gt": {"files": {"c.yaml": claims_yaml(urls["quoted_gt"])},
                                "args": ["check", "{tmp}/c.yaml", *fetch],
                                "note": "8,000 start tags never closed, '>' inside quotes"},
        "html-8000-quoted-gt": {"files": {"a.html": f"<p>{CLAIM} <a href='{page}'>survey</a></p>" + "<a x='>'" * 8000},
                                "args": ["check", "{tmp}/a.html", *fetch]},
        "page-24mb-fetch": {"python": FETCH_ONLY.replace("URL", urls["page24mb"]),
                            "note": "library: fetch + extract only (a figure in every sentence)"},
        "page-24mb-prose": {"files": {"c.yaml": claims_yaml(urls["page24mb_prose"])},
                            "args": ["check", "{tmp}/c.yaml", *fetch, "--deadline", "600", "--timeout", "600"],
                            "note": "24 MB of prose, one figure"},
        "page-24mb-figures": {"files": {"c.yaml": claims_yaml(urls["page24mb"])},
                              "args": ["check", "{tmp}/c.yaml", *fetch, "--deadline", "600", "--timeout", "600"],
                              "note": "a figure in every sentence: matching (match/, figures/) dominates"},
        "ctrl-c": {"files": {"c.yaml": "claims:\n" + "".join(
                       f"  - id: c{i}\n    text: \"{CLAIM}\"\n    sources: [{u}]\n" for i, u in enumerate(slow))},
                   "args": ["check", "{tmp}/c.yaml", *fetch, "--deadline", "30", "--timeout", "30"],
                   "sigint": 1.5, "note": "seconds from SIGINT to exit; then a 2nd SIGINT"},
    }


FETCH_ONLY = """
import sys
sys.path.insert(0, '.')
from citecheck.sources.fetch import FetchOptions, fetch_all
s = fetch_all(['URL'], FetchOptions(allow_private=True, deadline=600, timeout=600))['URL']
print(s.reason or len(s.text))
sys.exit(0 if s.ok else 3)
"""

REBIND = """
import socket, sys, tempfile
sys.path.insert(0, '.')
from citecheck.sources.fetch import FetchOptions, fetch_all
from citecheck.sources.guard import NetworkGuard
from tests.fetch_server import FaultServer
s = FaultServer().start(); url = s.static('/p', body='<p>x</p>')
answers = iter(['93.184.216.34', '127.0.0.1'])
def rebinding(host, port, *a):
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, '', (next(answers, '127.0.0.1'), port))]
d = tempfile.mkdtemp()
o = FetchOptions(guard=NetworkGuard(resolver=rebinding), retries=0, deadline=2, cassette=d + '/c.yaml',
                 record_mode='new_episodes')
r = fetch_all([f'http://localhost:{s.port}/p'], o)
hits = s.hits['/p']
print('reason', r[f'http://localhost:{s.port}/p'].reason, 'server hits', hits)
sys.exit(3 if hits else 0)
"""


def run(cmd: list[str], env: dict, timeout: float, mem_limit: int, sigint: float | None, cwd: str):
    """(exit code or "timeout", seconds, peak RSS in MB, stderr tail)."""
    def limits():
        resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))

    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=limits)
    fd = proc.stderr.fileno()
    os.set_blocking(fd, False)
    err = b""
    status = rusage = None
    interrupted_at = None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        try:
            err += os.read(fd, 1 << 16)
        except BlockingIOError:
            pass
        if pid:
            break
        now = time.monotonic()
        if sigint is not None and interrupted_at is None and now - start >= sigint:
            os.kill(proc.pid, signal.SIGINT)  # not send_signal: it reaps the child, and wait4 must
            interrupted_at = now
            time.sleep(0.05)
            os.kill(proc.pid, signal.SIGINT)  # the second Ctrl-C
        if now - start > timeout:
            proc.kill()
            os.wait4(proc.pid, 0)
            return "timeout", now - start, None, err
        time.sleep(0.01)
    try:
        err += proc.stderr.read() or b""
    except (BlockingIOError, TypeError):
        pass
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - (interrupted_at or start)
    return proc.returncode, seconds, rusage.ru_maxrss / 1024, err


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pythonpath", help="Run the citecheck package found here (another checkout).")
    ap.add_argument("--timeout", type=float, default=240.0, help="Seconds per attack.")
    ap.add_argument("--mem-limit-gb", type=float, default=6.0, help="Address-space limit per run.")
    ap.add_argument("--only", help="Comma-separated attack names.")
    ap.add_argument("--json", action="store_true", help="Print JSON lines instead of a table.")
    args = ap.parse_args()
    env = dict(os.environ)
    code_dir = args.pythonpath or str(ROOT)
    env["PYTHONPATH"] = code_dir
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(theirs,), daemon=True)
    server.start()
    urls = ours.recv()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmpdir = Path(tmp)
            for name, spec in attacks(urls).items():
                if args.only and name not in args.only.split(","):
                    continue
                work = tmpdir / name
                work.mkdir()
                env["XDG_CACHE_HOME"] = str(work / "xdg")
                for fname, text in spec.get("files", {}).items():
                    (work / fname).write_text(text, encoding="utf-8", errors="surrogatepass")
                if "cache" in spec:
                    import hashlib

                    digest = hashlib.sha256(spec["cache"]["url"].encode()).hexdigest()
                    path = work / "cache" / digest[:2] / (digest + ".json")
                    path.parent.mkdir(parents=True)
                    path.write_text(json.dumps(spec["cache"]))
                if "python" in spec:
                    cmd = [sys.executable, "-c", spec["python"].replace("sys.path.insert(0, '.')",
                                                                        f"sys.path.insert(0, {code_dir!r}); "
                                                                        f"sys.path.insert(1, {str(ROOT)!r})")]
                else:
                    cmd = [sys.executable, "-m", "citecheck", *[a.replace("{tmp}", str(work)) for a in spec["args"]]]
                code, seconds, peak, err = run(cmd, env, args.timeout, int(args.mem_limit_gb * 2**30),
                                               spec.get("sigint"), str(work))  # not ROOT: -m puts the cwd first on sys.path
                text = err.decode("utf-8", "replace").strip().splitlines()
                last = text[-1][:90] if text else ""
                row = {"attack": name, "exit": code, "seconds": round(seconds, 2),
                       "peak_mb": None if peak is None else round(peak), "traceback": "Traceback" in err.decode(
                           "utf-8", "replace"), "stderr": last, "note": spec.get("note", "")}
                rows.append(row)
                if args.json:
                    print(json.dumps(row), flush=True)
                else:
                    print(f"{name:22} exit={str(code):8} {seconds:8.2f} s  peak={row['peak_mb'] or '-':>6} MB  "
                          f"{'TRACEBACK ' if row['traceback'] else ''}{last}", flush=True)
    finally:
        ours.send("stop")
        server.join(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
