"""JSON Lines: one claim a line, as in the JSON report, for pipelines (`jq`, `grep`, a database load)."""

from __future__ import annotations

import json

from citecheck.report.base import Report
from citecheck.report.json_report import claim_dicts


def render(report: Report) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in claim_dicts(report))
