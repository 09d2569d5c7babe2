"""The matcher's word tables kept on disk, so that a run loads them instead of unpacking them.

The lexicon (match/lexicon.py) looks words up in simplemma's English dictionary and wordfreq's word
frequencies. Unpacking those from the libraries' own files costs about half a second of CPU in every
process that checks a claim (`citecheck check`, each `batch` worker); loading the same tables from one
marshal file takes a tenth of that. The file is derived data, like a .pyc: it sits in citecheck's user
cache dir (`~/.cache/citecheck/lexicon` on Linux), is named after the library versions and the code it
was made by, carries the SHA-256 of its contents, and is made again whenever it is missing, damaged or
from other versions. Any failure to read or write it falls back to unpacking: it can make a run faster,
never different or failing.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from array import array

from citecheck.match import lexicon
from citecheck.match.lexicon import LexiconTables

# Raised by the file's name when what is kept in it changes.
FORMAT = 3


def default_directory() -> str:
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir("citecheck"), "lexicon")


def file_name() -> str | None:
    """The file for the installed simplemma and wordfreq, this Python, this marshal format and the code that
    makes the tables (a change to it is a new file, never old tables read as new). None: versions unknown."""
    simplemma, wordfreq = installed_version("simplemma"), installed_version("wordfreq")
    if simplemma is None or wordfreq is None:
        return None
    versions = f"simplemma-{simplemma}-wordfreq-{wordfreq}"
    code = hashlib.sha256()
    for module in (lexicon.__file__, __file__):
        try:
            with open(module, "rb") as fh:
                code.update(fh.read())
        except OSError:
            return None
    return (f"en-{versions}-py{sys.version_info[0]}{sys.version_info[1]}-m{marshal.version}-f{FORMAT}"
            f"-{code.hexdigest()[:12]}.marshal")


def installed_version(name: str) -> str | None:
    """The version of the installed distribution `name` (a lower-case name without "-", "_" or "."), as
    importlib.metadata.version gives it (None: not installed). Read from the "Version:" line of its .dist-info
    folder's METADATA, in the first entry of sys.path that has one, as importlib.metadata finds it: importing
    importlib.metadata (and the e-mail parser it reads METADATA with) was a twentieth of the instructions of a run
    on one claim. (Not from the folder's name: "wordfreq-3.1.dist-info" may say "Version: 3.1.0".) Anything else
    (an .egg-info, an .egg, two folders of the name in one entry, a zip file on the path, a METADATA without a
    plain "Version:" line) is left to importlib.metadata."""
    for entry in sys.path:
        if entry.endswith(".egg"):
            return _metadata_version(name)
        try:
            children = os.listdir(entry or ".")
        except OSError:
            if os.path.isfile(entry):  # a zip file: importlib.metadata looks in it too
                return _metadata_version(name)
            continue
        found = []
        for child in children:
            low = child.lower()
            # (as importlib.metadata's Lookup names a metadata folder: its stem up to the first "-", normalised)
            if low.endswith((".dist-info", ".egg-info")) and \
                    low.rpartition(".")[0].partition("-")[0].replace("-", "_").replace(".", "_") == name:
                found.append(child)
        if found:
            if len(found) == 1 and found[0].lower().endswith(".dist-info"):
                version = _version_line(os.path.join(entry or ".", found[0], "METADATA"))
                if version:
                    return version
            return _metadata_version(name)
    return _metadata_version(name)


def _version_line(path: str) -> str | None:
    """The value of the "Version:" header of a METADATA file (its headers end at the first empty line), or None
    when there is none, it is folded onto another line, or the file cannot be read."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = iter(f)
            for line in lines:
                if not line.strip():
                    return None
                if line.startswith("Version:"):
                    nxt = next(lines, "")
                    if nxt[:1] in (" ", "\t"):  # (a folded header: the e-mail parser's to read)
                        return None
                    return line[len("Version:"):].strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _metadata_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def load_tables(directory: str | None = None) -> LexiconTables:
    """The tables from the cache file, else unpacked (and then kept in it, if the directory can be written)."""
    name = file_name()
    if name is None:
        return lexicon.build_tables()
    path = os.path.join(directory or default_directory(), name)
    tables = _read(path)
    if tables is None:
        tables = lexicon.build_tables()
        payload = marshal.dumps((FORMAT, tables.lemmas, *SortedWords.packed(tables.zipf)))
        from citecheck.atomic import write_bytes_atomic  # (only to write the file: tempfile, once per version)

        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_bytes_atomic(path, MAGIC + hashlib.sha256(payload).digest() + payload)
        except OSError:
            pass
        else:
            remove_stale(os.path.dirname(path), keep=name)
    return tables


# A file of other versions (an upgrade of citecheck, simplemma, wordfreq or Python) is 10 MB no run reads
# again. It is removed when a new file is written and it has not been written for this long: another
# install that shares the cache dir and still uses its file makes it again at most once in that time.
STALE_SECONDS = 7 * 24 * 3600


def remove_stale(directory: str, keep: str, now: float | None = None) -> None:
    """Remove the tables files in `directory` other than `keep` that are older than STALE_SECONDS."""
    now = time.time() if now is None else now
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for other in names:
        if other == keep or not (other.startswith("en-") and other.endswith(".marshal")):
            continue
        path = os.path.join(directory, other)
        try:
            if now - os.path.getmtime(path) > STALE_SECONDS:
                os.remove(path)
        except OSError:
            pass


# The file: MAGIC, the SHA-256 of the rest, then the marshalled tables. The digest is checked before marshal
# reads a byte of them: marshal trusts its input (a damaged length can ask for gigabytes).
MAGIC = b"citecheck-lexicon\n"
MAX_FILE_BYTES = 64 * 1024 * 1024  # the tables take about 10 MB


def _read(path: str) -> LexiconTables | None:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or hashlib.sha256(memoryview(data)[head:]).digest() != data[len(MAGIC):head]:
        return None
    try:
        kept = marshal.loads(memoryview(data)[head:])
        if not (isinstance(kept, tuple) and len(kept) == 5 and kept[0] == FORMAT and isinstance(kept[1], dict)
                and isinstance(kept[2], str) and isinstance(kept[3], bytes) and isinstance(kept[4], bytes)):
            return None
        return LexiconTables(kept[1], SortedWords(*kept[2:]))
    except Exception:  # (written by this code and checked whole: only another program's file gets here)
        return None


class SortedWords:
    """word -> float, for the few thousand words a run looks up among hundreds of thousands: the words
    sorted in one string, found by binary search. Loading it makes three objects, not a dict of 289,000
    entries (0.2 s to load where this takes a few ms)."""

    __slots__ = ("_text", "_starts", "_values")

    def __init__(self, text: str, starts: bytes, values: bytes) -> None:
        self._text = text  # the words, sorted, each followed by "\n"
        self._starts = array("I")  # where each word starts, and len(text) at the end
        self._starts.frombytes(starts)
        self._values = array("d")
        self._values.frombytes(values)
        if len(self._starts) != len(self._values) + 1 or (self._starts and self._starts[-1] != len(text)):
            raise ValueError("not a table of sorted words")

    @staticmethod
    def packed(table: dict[str, float]) -> tuple[str, bytes, bytes]:
        words = sorted(table)
        starts = array("I", [0])
        for w in words:
            starts.append(starts[-1] + len(w) + 1)
        return "".join(w + "\n" for w in words), starts.tobytes(), array("d", map(table.__getitem__, words)).tobytes()

    def get(self, word: str, default: float | None = None) -> float | None:
        text, starts = self._text, self._starts
        lo, hi = 0, len(self._values)
        while lo < hi:
            mid = (lo + hi) // 2
            found = text[starts[mid]:starts[mid + 1] - 1]
            if found < word:
                lo = mid + 1
            elif found > word:
                hi = mid
            else:
                return self._values[mid]
        return default


def install(directory: str | None = None) -> None:
    """Have the lexicon load its tables through the cache file (in `directory`, default: the user cache dir)."""
    lexicon.use_tables(lambda: load_tables(directory))
