"""`citecheck batch`: check JSONL items of {id, claim, source_text | source_path | source_url}.

One output line per input line, in the same order. Evidence offsets index the item's source text
(the given `source_text`, or the text extracted from `source_path`/`source_url`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from citecheck.errors import InputError
from citecheck.match import DEFAULTS, Settings, check_text
from citecheck.model import UNREACHABLE, Source
from citecheck.report.json_report import figure_dict


@dataclass(frozen=True)
class BatchItem:
    line: int
    id: str
    claim: str
    source_text: str | None
    source_path: str | None
    source_url: str | None


def read_items(lines: Iterable[str], name: str = "input") -> Iterator[BatchItem]:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except ValueError as e:
            raise InputError(f"{name}:{n}: not a JSON object ({e.msg})") from None
        if not isinstance(d, dict) or "claim" not in d:
            raise InputError(f"{name}:{n}: each line needs an object with \"claim\" and a source")
        if not any(d.get(k) is not None for k in ("source_text", "source_path", "source_url")):
            raise InputError(f"{name}:{n}: give one of source_text, source_path or source_url")
        yield BatchItem(n, str(d.get("id", n)), str(d["claim"]), d.get("source_text"), d.get("source_path"),
                        d.get("source_url"))


def check_item(item: BatchItem, load: Callable[[BatchItem], Source] | None = None,
               settings: Settings = DEFAULTS) -> dict:
    """The output record of one item. `load` reads source_path/source_url items into a Source."""
    if item.source_text is not None:
        source = Source(url=item.source_url or item.source_path or "", text=item.source_text)
    elif load is not None:
        source = load(item)
    else:
        source = Source(url=item.source_url or item.source_path or "", reason="no loader for this source")
    if not source.ok:
        return {"id": item.id, "verdict": UNREACHABLE, "score": 0.0, "figures": [], "evidence": None,
                "reason": source.reason}
    r = check_text(item.claim, source.text or "", source.url, settings)
    return {
        "id": item.id,
        "verdict": r.verdict,
        "score": r.score,
        "figures": [figure_dict(f) for f in r.figures],
        "evidence": r.evidence.to_dict() if r.evidence else None,
        "reason": r.reason,
    }
