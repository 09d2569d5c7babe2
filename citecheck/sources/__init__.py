"""Sources: fetch cited pages (live, from a cassette, or from disk) and extract their text."""

from citecheck.sources.extract import ExtractError, extract_text
from citecheck.sources.fetch import FetchOptions, Fetcher, fetch_all

__all__ = ["ExtractError", "FetchOptions", "Fetcher", "extract_text", "fetch_all"]
