"""Where a claim starts on its line: the column an editor, a SARIF viewer or a GitHub annotation
points at. Readers give the line; the column is found here once, from the article's raw text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from citecheck.model import Claim

_WORD_RE = re.compile(r"\w+")


def with_columns(claims: Iterable[Claim], raw: str) -> list[Claim]:
    """Each claim without a column gets `column` (1-based) where its first words stand on its line of
    `raw`; claims whose words cannot be found there keep no column."""
    lines = raw.splitlines()
    out: list[Claim] = []
    for c in claims:
        if c.column:  # the reader knew it (HTML: its own sentence's place)
            out.append(c)
            continue
        col = None
        if c.line and 0 < c.line <= len(lines):
            col = _column(c.text, lines[c.line - 1])
        out.append(replace(c, column=col) if col else c)
    return out


def _column(text: str, line: str) -> int | None:
    words = _WORD_RE.findall(text)
    # The first three words, then the first word alone: markup (links, emphasis) may stand between words.
    for n in (3, 1):
        if len(words) < n:
            continue
        pattern = r"\W+".join(re.escape(w) for w in words[:n])
        m = re.search(pattern, line)
        if m:
            return m.start() + 1
    return None
