"""`citecheck batch`: check JSONL items of {id, claim, source_text | source_path | source_url}.

One output line per input line, in the same order. Evidence offsets index the item's source text
(the given `source_text`, or the text extracted from `source_path`/`source_url`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from citecheck.errors import InputError
from citecheck.match import DEFAULTS, PreparedSource, Settings, check_prepared, prepare_claim, prepare_source
from citecheck.match.judge import with_pages
from citecheck.model import UNREACHABLE, Source
from citecheck.report.json_report import figure_dict
from citecheck.sources import FetchOptions, fetch_all
from citecheck.sources.load import load_path


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


def load_sources(items: Sequence[BatchItem], fetch: FetchOptions = FetchOptions()) -> dict[str, Source]:
    """The Source of every item without source_text: local files read, URLs fetched together (in
    parallel, each distinct URL once, through the run's cassette or cache)."""
    urls = [i.source_url for i in items if i.source_text is None and not i.source_path and i.source_url]
    sources = fetch_all(urls, fetch)
    for i in items:
        if i.source_text is None and i.source_path and i.source_path not in sources:
            sources[i.source_path] = load_path(i.source_path)
    return sources


def check_items(items: Sequence[BatchItem], fetch: FetchOptions = FetchOptions(),
                settings: Settings = DEFAULTS) -> Iterator[dict]:
    """The output record of each item, in order."""
    sources = load_sources(items, fetch)
    loaded = [_source_of(item, sources) for item in items]
    # Many items may cite one source: prepare it once and keep it until its last item is checked.
    last_use = {_key(s): n for n, s in enumerate(loaded) if s.ok}
    prepared: dict[tuple, PreparedSource] = {}
    for n, (item, source) in enumerate(zip(items, loaded)):
        if source.ok:
            key = _key(source)
            if key not in prepared:
                prepared[key] = prepare_source(source.text or "", source.url, source.published)
            yield check_item(item, source, settings, prepared[key])
            if last_use[key] == n:
                del prepared[key]
        else:
            yield check_item(item, source, settings)


def _source_of(item: BatchItem, loaded: dict[str, Source]) -> Source:
    url = item.source_url or item.source_path or ""
    if item.source_text is not None:
        return Source(url=url, text=item.source_text)
    return loaded.get(item.source_path or item.source_url or "") or Source(url=url, reason="source not loaded")


def _key(source: Source) -> tuple:
    return source.text, source.url, source.published


def check_item(item: BatchItem, source: Source | None = None, settings: Settings = DEFAULTS,
               prepared: PreparedSource | None = None) -> dict:
    """The output record of one item. `source`: the loaded source_path/source_url of an item without
    source_text; `prepared`: that source already prepared for matching."""
    if source is None or item.source_text is not None:
        source = _source_of(item, {})
    if not source.ok:
        return {"id": item.id, "verdict": UNREACHABLE, "score": 0.0, "figures": [], "evidence": None,
                "reason": source.reason}
    prepared = prepared or prepare_source(source.text or "", source.url, source.published)
    r = with_pages(check_prepared(prepare_claim(item.claim), prepared, settings), source)
    return {
        "id": item.id,
        "verdict": r.verdict,
        "score": r.score,
        "figures": [figure_dict(f) for f in r.figures],
        "evidence": r.evidence.to_dict() if r.evidence else None,
        "reason": r.reason,
    }
