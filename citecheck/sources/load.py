"""Load a source from a local file (HTML, PDF, text), as a fetched page would be read."""

from __future__ import annotations

import os

from citecheck.model import Source
from citecheck.sources.extract import ExtractError, extract_text

_MEDIA = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html", ".txt": "text/plain",
          ".md": "text/plain"}


def load_path(path: str) -> Source:
    try:
        with open(path, "rb") as fh:
            body = fh.read()
    except OSError as e:
        return Source(url=path, reason=f"cannot read file ({e.strerror})")
    return source_from_bytes(path, body)


def source_from_bytes(path: str, body: bytes) -> Source:
    """The Source of a file's bytes, read elsewhere (a cluster's client sends them to a worker)."""
    try:
        ex = extract_text(body, _MEDIA.get(os.path.splitext(path)[1].lower(), ""))
    except ExtractError as e:
        return Source(url=path, reason=str(e))
    return Source(url=path, text=ex.text, pages=ex.pages, published=ex.published)
