"""Ctrl-C: `citecheck check` waiting on slow servers exits 130 at once, with one line and no traceback.

The CLI runs in a subprocess (signals go to a whole process); the servers are on 127.0.0.1 and take
30 s to answer, far longer than the test waits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

SLOW = 30.0


def _start(server, tmp_path, n_sources: int, jobs: int) -> subprocess.Popen:
    urls = [server.slow(f"/slow{i}", SLOW) for i in range(n_sources)]
    lines = ["claims:"]
    for i, url in enumerate(urls):
        lines += [f"  - id: c{i}", f"    text: \"The survey counted {i + 1},512 pairs in 2019.\"", f"    sources: [{url}]"]
    claims = tmp_path / "claims.yaml"
    claims.write_text("\n".join(lines) + "\n")
    cmd = [sys.executable, "-m", "citecheck", "check", str(claims), "--allow-private", "--no-cache",
           "--timeout", "60", "--deadline", "60", "--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    end = time.monotonic() + 20
    while sum(server.hits.values()) < min(n_sources, jobs) and time.monotonic() < end:
        time.sleep(0.02)  # wait until the fetches are really waiting on the server
    assert sum(server.hits.values()) >= 1, proc.communicate(timeout=30)
    time.sleep(0.2)
    return proc


@pytest.mark.parametrize("n_sources,jobs", [(4, 4), (1, 1), (3, 1)])
@pytest.mark.parametrize("twice", [False, True])
def test_ctrl_c_exits_130_at_once(server, tmp_path, n_sources, jobs, twice):
    proc = _start(server, tmp_path, n_sources, jobs)
    started = time.monotonic()
    os.kill(proc.pid, signal.SIGINT)
    if twice:
        time.sleep(0.01)
        os.kill(proc.pid, signal.SIGINT)  # a second Ctrl-C while the first is handled
    try:
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    elapsed = time.monotonic() - started
    assert proc.returncode == 130, err
    assert elapsed < 2.0
    assert "Traceback" not in err
    assert err.strip().splitlines() == ["citecheck: interrupted"]
