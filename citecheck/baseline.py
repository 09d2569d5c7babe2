"""Baselines, as linters keep them: `--write-baseline FILE` records the claims flagged today, and
`--baseline FILE` accepts them on later runs, so only new problems fail. Claims are recorded by
their stable id (claim_ids), which changes exactly when the claim's text or sources change.

    {"version": 1, "claims": [{"id": "c-1a2b3c4d5e", "verdict": "contradicted", "file": "...",
                               "line": 17, "text": "..."}]}

`file`, `line`, `text` and `verdict` are there for the people reading a diff of the baseline; only
`id` is matched.
"""

from __future__ import annotations

import json

from citecheck.atomic import write_text_atomic
from citecheck.errors import InputError
from citecheck.model import Verdict

VERSION = 1


def baseline_text(verdicts: list[Verdict]) -> str:
    claims = [{"id": v.claim.id, "verdict": v.verdict, "file": v.claim.file, "line": v.claim.line,
               "text": v.claim.text} for v in verdicts]
    claims.sort(key=lambda c: (c["file"], c["line"] or 0, c["id"]))
    return json.dumps({"version": VERSION, "claims": claims}, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str, verdicts: list[Verdict]) -> None:
    try:
        write_text_atomic(path, baseline_text(verdicts))
    except OSError as e:
        raise InputError(f"{path}: cannot write the baseline ({e.strerror})") from None


def read_baseline(path: str) -> frozenset[str]:
    """The claim ids a baseline accepts."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: no such baseline (write one with --write-baseline)") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read the baseline ({e.strerror})") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not a citecheck baseline (bad JSON: {e})") from None
    claims = doc.get("claims") if isinstance(doc, dict) else None
    if not isinstance(claims, list) or not all(isinstance(c, dict) and isinstance(c.get("id"), str) for c in claims):
        raise InputError(f"{path}: not a citecheck baseline (needs a 'claims' list of objects with an 'id')")
    if doc.get("version") != VERSION:
        raise InputError(f"{path}: baseline version {doc.get('version')!r} is not {VERSION}")
    return frozenset(c["id"] for c in claims)
