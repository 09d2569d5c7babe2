"""Normalise text for matching while keeping a map back to the original offsets.

Evidence offsets must index the source text the user can see, but matching works best on a
cleaned copy: NFKC, one kind of quote and dash, no soft hyphens, words re-joined across
line-break hyphenation, collapsed spaces, and UTF-8 mojibake ("400â\\x80¯000") repaired.
`NormalText.span(i, j)` turns a span of the cleaned copy back into a span of the original.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

# UTF-8 bytes that were decoded as cp1252/latin-1: a lead byte then 1-3 continuation bytes.
_MOJIBAKE_RE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}")
_TRANSLATE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
}


def _repair_mojibake(chunk: str) -> str | None:
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = chunk.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if len(fixed) == 1:
            return fixed
    return None


@dataclass(frozen=True)
class NormalText:
    original: str
    text: str
    # text[i] came from original[starts[i]:ends[i]] (several characters for repaired mojibake).
    # Arrays of machine integers, not tuples of ints: 8 bytes a character instead of about 36, which
    # is what made a page near the 25 MB cap take gigabytes.
    starts: Sequence[int]
    ends: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that text[start:end] came from."""
        if not self.text:
            return 0, 0
        if end <= start:
            o = self.starts[start] if start < len(self.starts) else len(self.original)
            return o, o
        return self.starts[start], self.ends[end - 1]


def normalize(original: str) -> NormalText:
    out: list[str] = []
    starts = array("q")
    ends = array("q")
    i, n = 0, len(original)
    moji = {m.start(): m for m in _MOJIBAKE_RE.finditer(original)}
    pending_space = -1  # index of the first whitespace char of a run not yet written
    pending_newline = False
    while i < n:
        m = moji.get(i)
        chars, width = original[i], 1
        if m is not None:
            fixed = _repair_mojibake(m.group())
            if fixed is not None:
                chars, width = fixed, m.end() - m.start()
        # Hyphenation across a line break: "inter-\nnational" -> "international".
        if chars == "-" and original[i + 1:i + 2] == "\n" and out and out[-1].isalpha() \
                and original[i + 2:i + 3].islower():
            i += 2
            continue
        # "1·7 billion": a middle dot between digits is a decimal point (Lancet style).
        if chars == "\u00b7" and out and out[-1].isdigit() and original[i + 1:i + 2].isdigit():
            chars = "."
        for ch in chars:
            ch = _TRANSLATE.get(ch, ch)
            if ch and ord(ch[0]) > 127:
                ch = unicodedata.normalize("NFKC", ch)
            for c in ch:
                if c.isspace():
                    if pending_space < 0:
                        pending_space = i
                    pending_newline = pending_newline or c in "\n\r\u2028\u2029"
                    continue
                if pending_space >= 0:
                    if out:
                        out.append("\n" if pending_newline else " ")
                        starts.append(pending_space)
                        ends.append(pending_space + 1)
                    pending_space, pending_newline = -1, False
                out.append(c)
                starts.append(i)
                ends.append(i + width)
        i += width
    return NormalText(original=original, text="".join(out), starts=starts, ends=ends)
