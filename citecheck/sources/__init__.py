"""Sources: fetch cited pages (live, from a cassette, the cache or an archive) and extract their text."""

from citecheck.sources.errors import FetchError
from citecheck.sources.extract import ExtractError, extract_text
from citecheck.sources.fetch import Fetcher, RawResponse, fetch_all
from citecheck.sources.guard import NetworkGuard
from citecheck.sources.options import FetchOptions

__all__ = ["ExtractError", "FetchError", "FetchOptions", "Fetcher", "NetworkGuard", "RawResponse", "extract_text",
           "fetch_all"]
