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
from bisect import bisect_right
from itertools import chain
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
    # Where each character of `text` came from, as segments: segment k starts at text offset
    # seg_text[k] and original offset seg_orig[k]. In a copied segment (seg_end[k] == -1) the
    # characters stand one for one in the original; otherwise the segment is one character that came
    # from original[seg_orig[k]:seg_end[k]] (repaired mojibake, a collapsed run of spaces, one of
    # several characters NFKC made of one). Most text is copied, so a 24 MB page needs a few
    # segments per line break instead of two integers per character (192 MB).
    seg_text: array
    seg_orig: array
    seg_end: array

    def start_of(self, i: int) -> int:
        """The original offset where text[i] begins."""
        k = bisect_right(self.seg_text, i) - 1
        return self.seg_orig[k] + (i - self.seg_text[k] if self.seg_end[k] < 0 else 0)

    def end_of(self, i: int) -> int:
        """The original offset where text[i] ends."""
        k = bisect_right(self.seg_text, i) - 1
        end = self.seg_end[k]
        return self.seg_orig[k] + (i - self.seg_text[k]) + 1 if end < 0 else end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that text[start:end] came from."""
        if not self.text:
            return 0, 0
        if end <= start:
            o = self.start_of(start) if start < len(self.text) else len(self.original)
            return o, o
        return self.start_of(start), self.end_of(end - 1)


# What normalisation does, character by character (the general road in normalize()): a character is repaired,
# translated, NFKC-normalised or dropped; whitespace joins a run that becomes one space (one line break if
# it holds one) when the next character is written, none at the start; "-" before a line break may be
# dropped with it (hyphenation); "·" may become ".". Most of a page is "plain": printable ASCII but "`"
# (which becomes "'"), which that road writes as it stands. So a stretch of plain characters and single
# spaces, with none at its ends and no "-" right before a line break, is written as one copied slice,
# exactly what the road writes char by char (a single space between written characters is written as
# itself, and mapped one for one). Such a stretch ends before the next line break, the next "  " and the
# next character that is not plain (an "odd" one): those three are found with str.find and, for odd
# characters, one check of a block at a time (below), far faster than a pattern tried at each character.
_PLAIN_CHARS = frozenset(chr(c) for c in range(0x21, 0x7F) if chr(c) != "`")
_ODD_RE = re.compile(r"[^ \n!-_a-~]")  # neither plain, nor a space, nor a line break
_NOT_ODD_BYTES = bytes(range(0x21, 0x7F)).replace(b"`", b"") + b" \n"
ODD_BLOCK = 4096  # odd characters are looked for a block at a time: a slice tells if it is all ASCII
_SPACES_RE = re.compile(r"[ \n]+")


class _OddChars:
    """Where the odd characters of a text are, found forwards: a block of ODD_BLOCK characters that is
    ASCII with only plain characters, spaces and line breaks (bytes.translate deletes those; nothing is left)
    is passed over whole; only a block that holds an odd character is searched with _ODD_RE. Linear: each
    block is checked once, and searched at most once from start to end over all calls."""

    def __init__(self, text: str) -> None:
        self.text, self.n = text, len(text)
        self.end = 0  # the end of the block checked last
        self.dirty = False  # does that block hold an odd character?

    def after(self, i: int) -> int:
        """The place of the first odd character at or after `i` (len(text) if none)."""
        text, n = self.text, self.n
        while i < n:
            if i >= self.end:
                end = self.end = min(n, i + ODD_BLOCK)
                block = text[i:end]
                self.dirty = not block.isascii() or bool(block.encode("ascii").translate(None, _NOT_ODD_BYTES))
            if self.dirty:
                m = _ODD_RE.search(text, i, self.end)
                if m is not None:
                    return m.start()
            i = self.end
        return n


class _Writer:
    """The normalised text as it is written, with its offset map; a run of whitespace becomes one
    space (a line break if it holds one) when the next character is written, none at the start."""

    def __init__(self):
        self.out: list[str] = []
        self.length = 0  # characters written
        self.seg_text = array("q")
        self.seg_orig = array("q")
        self.seg_end = array("q")
        self.pending_space = -1  # index of the first whitespace char of a run not yet written
        self.pending_newline = False
        self.last = ""  # the last character written

    def _copied(self, i: int, n: int) -> None:
        """`n` characters that stand one for one at original[i:]: a new segment unless they go on
        the copied segment before them."""
        seg_end = self.seg_end
        if not (seg_end and seg_end[-1] < 0 and self.length - self.seg_text[-1] == i - self.seg_orig[-1]):
            self.seg_text.append(self.length)
            self.seg_orig.append(i)
            seg_end.append(-1)
        self.length += n

    def _from(self, i: int, end: int) -> None:
        """One character from original[i:end]."""
        if end == i + 1:
            self._copied(i, 1)
            return
        self.seg_text.append(self.length)
        self.seg_orig.append(i)
        self.seg_end.append(end)
        self.length += 1

    def space(self, i: int, c: str) -> None:
        if self.pending_space < 0:
            self.pending_space = i
        self.pending_newline = self.pending_newline or c in "\n\r\u2028\u2029"

    def _flush(self) -> None:
        if self.pending_space >= 0:
            if self.out:
                self.out.append("\n" if self.pending_newline else " ")
                self._from(self.pending_space, self.pending_space + 1)
            self.pending_space, self.pending_newline = -1, False

    def char(self, c: str, i: int, width: int) -> None:
        """`c`, from original[i:i + width]."""
        self._flush()
        self.out.append(c)
        self.last = c
        self._from(i, i + width)


class _Stops:
    """Where a stretch of plain characters must end: the next line break, "  " and odd character, each found
    again only once the text read has passed it (so each is searched for once over the whole text: linear)."""

    def __init__(self, text: str) -> None:
        self.odd = _OddChars(text)
        self.next_break = self.next_double = self.next_odd = -1


def _plain_stretches(original: str, i: int, w: _Writer, stops: _Stops) -> int:
    """Write the stretches of plain characters from `i` (a plain character) and the runs of spaces and line
    breaks between them, as the general road would, until a character neither is; return its place.

    A stretch (see _PLAIN_CHARS) ends before the next stop, before a "-" right before a line break
    (hyphenation, on the general road) and before a space at its end (it joins the whitespace after it).

    Speed: this is most of a page, so the writer's and the stops' work is done here with local names (the
    same segments: a stretch goes on the copied segment before it if it stands right after it in the
    original)."""
    n = len(original)
    find = original.find
    out = w.out
    seg_text, seg_orig, seg_end = w.seg_text, w.seg_orig, w.seg_end
    length, pending, newline = w.length, w.pending_space, w.pending_newline
    # original offset - text offset of the copied segment written last (None if the last one is not copied)
    delta = seg_orig[-1] - seg_text[-1] if seg_end and seg_end[-1] < 0 else None
    next_break, next_double, next_odd = stops.next_break, stops.next_double, stops.next_odd
    last = ""
    while True:
        end = next_break
        if end < i:
            end = next_break = find("\n", i)
            if end < 0:
                end = next_break = n
        if next_double < i:
            next_double = find("  ", i)
            if next_double < 0:
                next_double = n
        if next_odd < i:
            next_odd = stops.odd.after(i)
        if next_double < end or next_odd < end:
            end = min(next_double, next_odd)  # > i: the plain character at i is neither
        elif original[end - 1] == "-":
            end -= 1
            if end == i:
                break
        if original[end - 1] == " ":
            end -= 1  # ("  " ends the stretch before it: only one space can stand at its end)
        if pending >= 0:  # the run of whitespace before the stretch: one character, none at the start
            if length:
                out.append("\n" if newline else " ")
                if pending - length != delta:
                    delta = pending - length
                    seg_text.append(length)
                    seg_orig.append(pending)
                    seg_end.append(-1)
                length += 1
            pending, newline = -1, False
        out.append(original[i:end])
        if i - length != delta:
            delta = i - length
            seg_text.append(length)
            seg_orig.append(i)
            seg_end.append(-1)
        length += end - i
        last = original[end - 1]
        i = end
        # The run of spaces and line breaks after it (most are one or two characters: no pattern for those).
        c = original[i:i + 1]
        if c == " " or c == "\n":
            pending = i
            newline = c == "\n"
            i += 1
            c = original[i:i + 1]
            if c == " " or c == "\n":
                newline = newline or c == "\n"
                i += 1
                c = original[i:i + 1]
                if c == " " or c == "\n":
                    end = _SPACES_RE.match(original, i).end()
                    newline = newline or find("\n", i, end) >= 0
                    i = end
                    c = original[i:i + 1]
        if c not in _PLAIN_CHARS:
            break
    w.length, w.pending_space, w.pending_newline = length, pending, newline
    stops.next_break, stops.next_double, stops.next_odd = next_break, next_double, next_odd
    if last:
        w.last = last
    return i


# The shortest text normalize writes at once when it is plain (_plain_page): below, the stretch by stretch road
# costs less than loading numpy (claims, short pages).
PLAIN_PAGE_CHARS = 1 << 16


def _plain_page(original: str) -> NormalText | None:
    """normalize(original) for a text of plain characters, spaces and line breaks only (the bench's pages; many
    an ASCII page), else None. Written at once, not stretch by stretch: on such a text the general road only
    drops the whitespace at its two ends and makes each run of spaces and line breaks one character ("\n" if it
    holds a line break), mapped to the run's first; nothing else changes ("-" before a line break, hyphenation,
    is left to the general road: none here). Its segments are where the original offset less the written one
    changes: at the start, and after each run of two or more (a run of one is copied as it stands), which is
    where the writer starts one (it goes on with the segment before only when that difference holds).

    Speed: the runs of two or more are found by numpy over the bytes (a search for "  " with str.find or a
    pattern costs some 2 ns a character, as a space is every sixth one), and so is the test for plain characters
    (rather than bytes.translate, 9 instructions a byte); no step of Python per run."""
    if not original.isascii():
        return None
    import numpy as np

    full = np.frombuffer(original.encode("ascii"), np.uint8)
    # Plain: no control character but the line break, no "`", no DEL (ASCII: nothing past it); and no "-" before a
    # line break.
    breaks = full == 10
    if ((full < 32) ^ breaks).any() or (full == 96).any() or (full == 127).any() or \
            (breaks[1:] & (full[:-1] == 45)).any():
        return None
    lead = len(original) - len(original.lstrip(" \n"))
    stop = len(original.rstrip(" \n"))
    if stop <= lead:
        return NormalText(original=original, text="", seg_text=array("q"), seg_orig=array("q"), seg_end=array("q"))
    # The runs of two or more, between the first and the last written character (which are no whitespace): the runs
    # of places where whitespace follows whitespace ("pairs": each such place is a character dropped), each one
    # shorter than its run of whitespace. (Not the runs of whitespace themselves: there is one between any two words.)
    chars, breaks = full[lead:stop], breaks[lead:stop]
    white = (chars == 32) | breaks
    pairs = white[:-1] & white[1:]  # (False at both ends: no whitespace there)
    edges = np.flatnonzero(pairs[1:] != pairs[:-1])
    rising = pairs[edges + 1]
    starts = edges[rising] + 1
    ends = edges[~rising] + 2
    # A run holds a line break when the first line break at or after its start comes before its end.
    where = np.flatnonzero(breaks)
    first = np.searchsorted(where, starts)
    held = first < len(where)
    held[held] = where[first[held]] < ends[held]
    written = np.where(held, "\n", " ").tolist()
    starts += lead
    ends += lead
    # After run r the text stands at ends[r] less the lead less what the runs up to r dropped (each all but one).
    seg_text = array("q", [0])
    seg_text.frombytes((ends - lead - np.cumsum(ends - starts - 1)).astype(np.int64).tobytes())
    seg_orig = array("q", [lead])
    seg_orig.frombytes(ends.astype(np.int64).tobytes())
    # The text from slices, joined: a copy of each stretch between runs (cheaper than numpy's copy of the kept bytes).
    starts, ends = starts.tolist(), ends.tolist()
    gaps = map(original.__getitem__, map(slice, [lead, *ends], [*starts, stop]))
    text = "".join(chain.from_iterable(zip(gaps, chain(written, ("",)))))
    return NormalText(original=original, text=text, seg_text=seg_text, seg_orig=seg_orig,
                      seg_end=array("q", [-1]) * len(seg_text))


def normalize(original: str) -> NormalText:
    fast = _plain_page(original) if len(original) >= PLAIN_PAGE_CHARS else None
    if fast is not None:
        return fast
    w = _Writer()
    i, n = 0, len(original)
    stops = _Stops(original)
    while i < n:
        c = original[i]
        if c in _PLAIN_CHARS:
            j = _plain_stretches(original, i, w, stops)
            if j > i:
                i = j
                continue
            # a "-" before a line break: the general road
        elif c == " " or c == "\n":
            # What the general road below does with a run of spaces and line breaks (no mojibake or rule
            # starts at one): they join the run of whitespace that is written when the next character is.
            if w.pending_space < 0:
                w.pending_space = i
            if original[i + 1:i + 2] in (" ", "\n"):
                end = _SPACES_RE.match(original, i).end()
                if not w.pending_newline and original.find("\n", i, end) >= 0:
                    w.pending_newline = True
                i = end
            else:
                if c == "\n":
                    w.pending_newline = True
                i += 1
            continue
        chars, width = c, 1
        # Mojibake: UTF-8 bytes decoded as cp1252 or latin-1, starting with a lead byte (Â to ô). (A match
        # holds no lead byte past its first character, so it is the match a scan of the whole text finds.)
        if "\u00c2" <= c <= "\u00f4":
            m = _MOJIBAKE_RE.match(original, i)
            if m is not None:
                fixed = _repair_mojibake(m.group())
                if fixed is not None:
                    chars, width = fixed, m.end() - i
        # Hyphenation across a line break: "inter-\nnational" -> "international".
        if chars == "-" and original[i + 1:i + 2] == "\n" and w.last.isalpha() \
                and original[i + 2:i + 3].islower():
            i += 2
            continue
        # "1·7 billion": a middle dot between digits is a decimal point (Lancet style).
        if chars == "\u00b7" and w.last.isdigit() and original[i + 1:i + 2].isdigit():
            chars = "."
        for ch in chars:
            ch = _TRANSLATE.get(ch, ch)
            if ch and ord(ch[0]) > 127:
                ch = unicodedata.normalize("NFKC", ch)
            for c in ch:
                if c.isspace():
                    w.space(i, c)
                else:
                    w.char(c, i, width)
        i += width
    return NormalText(original=original, text="".join(w.out), seg_text=w.seg_text, seg_orig=w.seg_orig,
                      seg_end=w.seg_end)
