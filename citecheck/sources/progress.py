"""A one-line progress bar on stderr while sources are fetched (only on a terminal, only for many)."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

MIN_SOURCES = 6  # fewer sources than this are quick: no bar


class Progress:
    def __init__(self, total: int, enabled: bool | None = None, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and total >= MIN_SOURCES
        self.enabled = enabled
        self.total = total
        self.done = 0
        self._lock = threading.Lock()
        self._width = 0

    def advance(self) -> None:
        with self._lock:
            self.done += 1
            if self.enabled:
                filled = int(20 * self.done / max(self.total, 1))
                line = f"\rfetching sources [{'#' * filled}{'.' * (20 - filled)}] {self.done}/{self.total}"
                self._width = max(self._width, len(line))
                self.stream.write(line)
                self.stream.flush()

    def close(self) -> None:
        with self._lock:
            if self.enabled and self._width:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self._width = 0
