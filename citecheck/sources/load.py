"""Load the source of a batch item: a local file (HTML, PDF, text) or a URL fetched like `check` does."""

from __future__ import annotations

import os

from citecheck.model import Source
from citecheck.sources.extract import ExtractError, extract_text
from citecheck.sources.fetch import Fetcher

_fetcher: Fetcher | None = None
_MEDIA = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
          ".md": "text/plain"}


def load_path(path: str) -> Source:
    try:
        with open(path, "rb") as fh:
            body = fh.read()
    except OSError as e:
        return Source(url=path, reason=f"cannot read file ({e.strerror})")
    try:
        ex = extract_text(body, _MEDIA.get(os.path.splitext(path)[1].lower(), ""))
    except ExtractError as e:
        return Source(url=path, reason=str(e))
    return Source(url=path, text=ex.text, pages=ex.pages, published=ex.published)


def load_item(item) -> Source:
    global _fetcher
    if item.source_path:
        return load_path(item.source_path)
    if _fetcher is None:
        _fetcher = Fetcher()
    return _fetcher.fetch(item.source_url)
