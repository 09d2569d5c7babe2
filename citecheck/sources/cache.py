"""The disk cache of fetched sources, so a second run within `max_age` does not fetch again.

One JSON file per URL (named by its SHA-256) holding the extracted Source. Only readable sources
are kept: a dead link is tried again next run. Writes are atomic (a temporary file in the same
directory, then os.replace), so a crash or a parallel run never leaves half an entry; a damaged or
unreadable entry is a miss. Never used together with a cassette.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time

from citecheck.errors import CitecheckError
from citecheck.model import Source

# 2: entries say whether the network guard was lifted ("private") and keep the page date ("published").
FORMAT = 2
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
        """The cached Source of `url` if present and fresh; never raises.

        A page fetched with the network guard lifted (`allow_private`) is served only to runs that
        lift it too: the cache must not hand an intranet page to a run that would refuse to fetch it."""
        try:
            with open(self._path(url), encoding="utf-8") as fh:
                entry = json.load(fh)
            if entry.get("format") != FORMAT or entry.get("url") != url:
                return None
            if time.time() - float(entry["fetched_at"]) > self.max_age:
                return None
            if entry.get("private", False) and not allow_private:
                return None
            s = entry["source"]
            return Source(url=url, text=s["text"], content_type=s.get("content_type", ""),
                          final_url=s.get("final_url", ""), pages=tuple(tuple(p) for p in s.get("pages", ())),
                          archived_from=s.get("archived_from", ""), archive_date=s.get("archive_date", ""),
                          published=s.get("published", ""))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

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
