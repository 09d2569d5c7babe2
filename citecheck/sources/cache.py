"""The disk cache of fetched sources, so a second run within `max_age` does not fetch again.

One JSON file per URL (named by its SHA-256) holding the extracted Source. Only readable sources
are kept: a dead link is tried again next run. Writes are atomic (a temporary file in the same
directory, then os.replace), so a crash or a parallel run never leaves half an entry; a damaged or
unreadable entry is a miss. Never used together with a cassette.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import time

from citecheck.errors import CitecheckError
from citecheck.model import Source

# 2: entries say whether the network guard was lifted ("private") and keep the page date ("published").
FORMAT = 2
# An entry is someone else's file on disk (another version, another tool, a damaged disk): it is
# checked field by field before use, and anything odd is a miss. These bounds sit well above what a
# fetch can produce (a 25 MB body, a PDF's page list) and well below what would hurt.
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TEXT_CHARS = 128 * 1024 * 1024
MAX_FIELD_CHARS = 64 * 1024  # URLs, content type, dates
MAX_PAGES = 1_000_000
_EPOCH_2000 = 946684800.0
_CLOCK_SKEW = 300.0  # an entry from a few minutes "in the future" (clock adjusted) is still fine
_TEXT_FIELDS = ("content_type", "final_url", "archived_from", "archive_date", "published")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def default_cache_dir() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("citecheck"), "sources")


def parse_age(text: str) -> float:
    """Seconds from '3600', '90s', '30m', '12h', '1d' or '2w'. Raises CitecheckError."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", str(text).lower())
    if not m:
        raise CitecheckError(f"cache max age {text!r}: give seconds or a number with s, m, h, d or w (e.g. 1d)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _short_str(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_FIELD_CHARS


def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _valid_entry(entry: object, url: str) -> Source | None:
    """The Source an entry describes, or None if any field has the wrong type, value or size."""
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("url") != url:
        return None
    fetched_at, private, s = entry.get("fetched_at"), entry.get("private", False), entry.get("source")
    if isinstance(fetched_at, bool) or not isinstance(fetched_at, (int, float)) or not math.isfinite(fetched_at):
        return None  # "nan" (a string) or NaN (a float) would never expire
    if not _EPOCH_2000 <= fetched_at <= time.time() + _CLOCK_SKEW or not isinstance(private, bool):
        return None
    if not isinstance(s, dict):
        return None
    text = s.get("text")
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
        return None
    fields = {name: s.get(name, "") for name in _TEXT_FIELDS}
    if not all(_short_str(v) for v in fields.values()):
        return None
    pages = s.get("pages", [])
    if not isinstance(pages, list) or len(pages) > MAX_PAGES:
        return None
    if not all(isinstance(p, list) and len(p) == 2 and _int(p[0]) and _int(p[1]) for p in pages):
        return None
    return Source(url=url, text=text, pages=tuple((p[0], p[1]) for p in pages), **fields)


class SourceCache:
    def __init__(self, directory: str, max_age: float):
        """Opens (and creates) `directory`. Raises CitecheckError if it cannot be used."""
        self.directory = os.path.abspath(os.path.expanduser(directory))
        self.max_age = max_age
        try:
            os.makedirs(self.directory, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=self.directory, prefix=".probe-")
            os.close(fd)
            os.remove(probe)
        except OSError as e:
            raise CitecheckError(f"{directory}: cannot use as cache directory ({e.strerror or e})") from None

    def _path(self, url: str) -> str:
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return os.path.join(self.directory, digest[:2], digest + ".json")

    def get(self, url: str, allow_private: bool = False) -> Source | None:
        """The cached Source of `url` if present, fresh and well-formed; never raises.

        A page fetched with the network guard lifted (`allow_private`) is served only to runs that
        lift it too: the cache must not hand an intranet page to a run that would refuse to fetch it."""
        try:
            with open(self._path(url), encoding="utf-8") as fh:
                if os.fstat(fh.fileno()).st_size > MAX_ENTRY_BYTES:
                    return None
                entry = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return None
        source = _valid_entry(entry, url)
        if source is None:
            return None
        age = time.time() - entry["fetched_at"]
        if age > self.max_age:
            return None
        if entry.get("private", False) and not allow_private:
            return None
        return source

    def put(self, source: Source, private: bool = False) -> None:
        """Keep a readable source; best effort (a full disk only costs a fetch next time).

        `private`: fetched with the network guard lifted (see `get`)."""
        if not source.ok:
            return
        path = self._path(source.url)
        entry = {"format": FORMAT, "url": source.url, "fetched_at": time.time(), "private": private,
                 "source": {"text": source.text, "content_type": source.content_type, "final_url": source.final_url,
                            "pages": [list(p) for p in source.pages], "archived_from": source.archived_from,
                            "archive_date": source.archive_date, "published": source.published}}
        tmp = None
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, path)
            tmp = None
        except (OSError, ValueError):
            pass
        finally:
            if tmp is not None:
                try:
                    os.remove(tmp)
                except OSError:
                    pass
