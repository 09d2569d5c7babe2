"""The whole run: inputs -> claims -> sources -> matches -> verdicts. The CLI calls `check_paths`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from citecheck.articles import Document, read_documents
from citecheck.match import DEFAULTS, PreparedSource, Settings, prepare_source
from citecheck.match.judge import judge
from citecheck.model import Claim, Source, Verdict
from citecheck.sources import FetchOptions
from citecheck.sources.fetch import fetch_each
from citecheck.sources.options import settle_record_mode
from citecheck.url_patterns import exclude_sources


@dataclass(frozen=True)
class CheckResult:
    verdicts: tuple[Verdict, ...]
    sources: dict[str, Source]


def check_claims(claims: Sequence[Claim], sources: dict[str, Source], settings: Settings = DEFAULTS) -> list[Verdict]:
    """Judge claims against already-fetched sources; each source is prepared once."""
    return judge_as_fetched(claims, sources.items(), settings)


def judge_as_fetched(claims: Sequence[Claim], arrivals: Iterable[tuple[str, Source]],
                     settings: Settings = DEFAULTS, sources: dict[str, Source] | None = None) -> list[Verdict]:
    """Judge each claim as soon as all its sources have arrived (`arrivals`: (url, Source) in any order).

    A source is prepared once when it arrives and let go after the last claim citing it is judged, so
    only the pages still wanted are held prepared. `sources`, if given, collects every Source."""
    verdicts: list[Verdict | None] = [None] * len(claims)
    waiting: dict[str, list[int]] = {}  # url -> claims still waiting for it
    missing = [len(set(c.sources)) for c in claims]
    uses: dict[str, int] = {}  # url -> claims not yet judged that cite it
    for n, c in enumerate(claims):
        for u in set(c.sources):
            waiting.setdefault(u, []).append(n)
            uses[u] = uses.get(u, 0) + 1
    arrived: dict[str, Source] = {}
    prepared: dict[str, PreparedSource | None] = {}

    def judge_claim(n: int) -> None:
        c = claims[n]
        verdicts[n] = judge(c, [(arrived[u], prepared[u]) for u in c.sources], settings)
        for u in set(c.sources):
            uses[u] -= 1
            if not uses[u]:
                prepared[u] = None  # the page's last claim is judged: let its index go

    for n, c in enumerate(claims):
        if not missing[n]:
            judge_claim(n)
    for url, source in arrivals:
        if url in arrived or url not in waiting:
            continue
        arrived[url] = source
        if sources is not None:
            sources[url] = source
        prepared[url] = replace(prepare_source(source.text, source.final_url or url, source.published), url=url) \
            if source.ok else None
        for n in waiting.pop(url):
            missing[n] -= 1
            if not missing[n]:
                judge_claim(n)
    for n, c in enumerate(claims):  # a source that never arrived (not in `arrivals`)
        if verdicts[n] is None:
            for u in c.sources:
                arrived.setdefault(u, Source(url=u, reason="source not loaded"))
                prepared.setdefault(u, None)
            judge_claim(n)
    return verdicts  # type: ignore[return-value]


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
        claims = [c for d in group for c in d.claims]
        urls = [u for c in claims for u in c.sources]
        # Claims are judged while the other pages are still being fetched.
        arrived: dict[str, Source] = {}
        found = judge_as_fetched(claims, fetch_each(urls, replace(fetch, cassette=cassette_path)), settings,
                                 arrived)
        all_sources.update((u, arrived[u]) for u in dict.fromkeys(urls))
        k = 0
        for d in group:
            results[d.path] = found[k:k + len(d.claims)]
            k += len(d.claims)
    for d in docs:
        verdicts += results[d.path]
    return CheckResult(tuple(verdicts), all_sources)


def check_paths(paths: Sequence[str], fetch: FetchOptions = FetchOptions(), settings: Settings = DEFAULTS) -> CheckResult:
    fetch = settle_record_mode(fetch)
    return check_documents(read_documents(list(paths), fetch), fetch, settings)
