"""Write a file so that it is either the old one or the whole new one, never half of it.

A report or a baseline is written to a temporary file in the same directory and renamed over the
target (os.replace is atomic on POSIX and Windows): a run killed mid-write (kill -9, a full disk,
a CI timeout) leaves the previous file, never a truncated one that CI would then trust.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import IO


def _mode(path: str) -> int:
    """The target's permissions if it exists, else what the umask gives a new file (mkstemp's 0600
    would hide a report from the people meant to read it)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def open_atomic(path: str, binary: bool = False) -> Iterator[IO]:
    """A text file (UTF-8; bytes with `binary`) to write `path` through: it replaces `path` only when the
    block ends without an error, so a streamed output (batch) is as safe as a report written at once.
    Raises OSError like open() would."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def write_text_atomic(path: str, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically. Raises OSError like open() would."""
    with open_atomic(path) as fh:
        fh.write(text)


def write_bytes_atomic(path: str, data: bytes) -> None:
    """Write `data` to `path` atomically: a reader sees the old file or all of the new one."""
    with open_atomic(path, binary=True) as fh:
        fh.write(data)
