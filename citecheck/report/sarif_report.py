"""SARIF 2.1.0, for code scanning (GitHub, GitLab, editors): a rule per verdict with help text, a
result per flagged claim at its file, line and column. Claims the baseline accepts are results too,
with a suppression, so a viewer shows them as dismissed rather than losing them."""

from __future__ import annotations

import json
from urllib.parse import quote

from citecheck import __version__
from citecheck.model import VERDICTS, Verdict
from citecheck.report.base import HELP, Report, message, relative_path

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/citecheck/citecheck"


def _rule(verdict: str, report: Report) -> dict:
    summary = HELP[verdict].split(". ")[0].rstrip(".") + "."
    return {
        "id": verdict,
        "name": verdict.capitalize(),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": HELP[verdict]},
        "help": {"text": HELP[verdict], "markdown": f"**{verdict}**: {HELP[verdict]}"},
        "helpUri": f"{INFORMATION_URI}#readme",
        "defaultConfiguration": {"level": "error" if verdict in report.fail_on else "note"},
    }


def _uri(path: str) -> str:
    return path if "://" in path else quote(relative_path(path))


def _result(v: Verdict, report: Report, rule_index: dict[str, int]) -> dict:
    c = v.claim
    region = {"startLine": c.line or 1}
    if c.column:
        region["startColumn"] = c.column
    result = {
        "ruleId": v.verdict,
        "ruleIndex": rule_index[v.verdict],
        "level": "error",
        "message": {"text": message(v)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(c.file)}, "region": region}}],
        # The stable claim id lets a viewer follow one claim across runs and edits elsewhere in the file.
        "partialFingerprints": {"citecheckClaimId/v1": c.id},
        "properties": {"claimId": c.id, "score": v.score, "sources": list(c.sources)},
    }
    if report.is_accepted(v):
        result["suppressions"] = [{"kind": "external", "justification": report.acceptance(v)}]
    return result


def render(report: Report) -> str:
    rules = [_rule(verdict, report) for verdict in VERDICTS]
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    results = [_result(v, report, rule_index) for v in report.verdicts
               if report.is_flagged(v) or report.is_accepted(v)]
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "citecheck", "version": __version__, "informationUri": INFORMATION_URI,
                                "rules": rules}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
