"""Sources: fetch cited pages (live, from a cassette, the cache or an archive) and extract their text.

The names below are imported on first use (PEP 562): fetching pulls in requests and urllib3, and a run
that only reads local files (`citecheck batch` with `source_path`) need not pay for them at start-up.
"""

from importlib import import_module

_WHERE = {
    "FetchError": "citecheck.sources.errors",
    "ExtractError": "citecheck.sources.extract",
    "extract_text": "citecheck.sources.extract",
    "Fetcher": "citecheck.sources.fetch",
    "RawResponse": "citecheck.sources.fetch",
    "fetch_all": "citecheck.sources.fetch",
    "NetworkGuard": "citecheck.sources.guard",
    "FetchOptions": "citecheck.sources.options",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
