"""The whole run: inputs -> claims -> sources -> matches -> verdicts. The CLI calls `check_paths`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from citecheck.articles import Document, read_documents
from citecheck.match import DEFAULTS, Settings, prepare_source
from citecheck.match.judge import judge
from citecheck.model import Claim, Source, Verdict
from citecheck.sources import FetchOptions, fetch_all
from citecheck.sources.fetch import settle_record_mode
from citecheck.url_patterns import exclude_sources


@dataclass(frozen=True)
class CheckResult:
    verdicts: tuple[Verdict, ...]
    sources: dict[str, Source]


def check_claims(claims: Sequence[Claim], sources: dict[str, Source], settings: Settings = DEFAULTS) -> list[Verdict]:
    """Judge claims against already-fetched sources; each source is prepared once."""
    prepared = {url: prepare_source(s.text, s.final_url or url, s.published) if s.ok else None for url, s in sources.items()}
    prepared = {url: (replace(p, url=url) if p is not None else None) for url, p in prepared.items()}
    return [judge(c, [(sources[u], prepared[u]) for u in c.sources], settings) for c in claims]


def check_documents(docs: Sequence[Document], fetch: FetchOptions = FetchOptions(),
                    settings: Settings = DEFAULTS, exclude: Sequence[re.Pattern] = ()) -> CheckResult:
    """`exclude`: URL patterns never fetched (see url_patterns.exclude_sources)."""
    if exclude:
        docs = [replace(d, claims=tuple(exclude_sources(d.claims, exclude))) for d in docs]
    verdicts: list[Verdict] = []
    all_sources: dict[str, Source] = {}
    # Documents that name different cassettes are fetched separately; the rest together.
    groups: dict[str | None, list[Document]] = {}
    for d in docs:
        groups.setdefault(fetch.cassette or d.cassette, []).append(d)
    results: dict[str, list[Verdict]] = {}
    for cassette_path, group in groups.items():
        urls = [u for d in group for c in d.claims for u in c.sources]
        sources = fetch_all(urls, replace(fetch, cassette=cassette_path))
        all_sources.update(sources)
        for d in group:
            results[d.path] = check_claims(d.claims, sources, settings)
    for d in docs:
        verdicts += results[d.path]
    return CheckResult(tuple(verdicts), all_sources)


def check_paths(paths: Sequence[str], fetch: FetchOptions = FetchOptions(), settings: Settings = DEFAULTS) -> CheckResult:
    fetch = settle_record_mode(fetch)
    return check_documents(read_documents(list(paths), fetch), fetch, settings)
