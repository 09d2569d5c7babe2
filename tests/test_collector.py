"""The garbage collector is set for a run by the CLI and its workers, never by the library."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from click.testing import CliRunner

from citecheck import collector
from citecheck.batch import BatchItem, check_items
from citecheck.cli import cli


def test_tune_sets_the_youngest_threshold_and_sets_apart_what_is_held():
    _, middle, oldest = gc.get_threshold()
    collector.tune()
    assert gc.get_threshold() == (collector.YOUNGEST, middle, oldest)
    assert gc.get_freeze_count() > 0
    assert collector.tuned()


def test_the_library_leaves_the_collector_as_it_is():
    before = gc.get_threshold()
    items = [BatchItem(1, "1", "About 4,512 puffins nest there.", "About 4,512 puffins nest there.", None, None)]
    assert [r["verdict"] for r in check_items(items, workers=2)] == ["supported"]
    assert gc.get_threshold() == before and not collector.tuned()


def test_the_cli_and_its_workers_run_with_it_set(tmp_path):
    item = {"id": "a", "claim": "About 4,512 puffins nest there.", "source_text": "About 4,512 puffins nest there."}
    (tmp_path / "in.jsonl").write_text(json.dumps(item) + "\n")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in.jsonl"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold()[0] == collector.YOUNGEST
    # A worker (forked, or spawned and told by warm_up) runs with the parent's setting.
    code = ("import gc, json, sys; from citecheck import collector; from citecheck.batch import _pool; "
            "collector.tune(); pool = _pool(2); print(json.dumps(pool.submit(gc.get_threshold).result()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert json.loads(out.stdout)[0] == collector.YOUNGEST, out.stderr
