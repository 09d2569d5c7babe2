"""Split text into sentences with offsets, the way news text needs it.

"Oct. 29", "U.S.", "U.N.", "Dr.", "No. 5", decimals, initials, ellipses and the sentences inside a
quotation ("We will not give up. Not now," Pak said.) do not end a sentence; a line break always
does (sources reach us one block or one sentence per line). `quote_spans` finds the quotations of
a text, for the splitter and for the article readers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from itertools import repeat
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "gov", "sen", "rep", "rev", "hon", "pres", "supt", "inc", "ltd", "co", "corp", "bros", "vs", "etc",
    "al", "approx", "est", "jan", "feb", "mar", "apr", "jun", "adm", "maj", "messrs", "mme", "mlle",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "ca", "cf", "op",
    "dept", "univ", "assn", "ft", "mi", "km", "lb", "lbs", "oz", "ed", "eds",
    "e.g", "i.e", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "ph.d", "d.c", "u.s.a", "u.s.s.r",
    "n.y", "l.a", "s.a", "a.d", "b.c", "viz", "mass", "calif", "fla", "ill", "tex", "wash", "ariz",
}
# Abbreviations that stand before a number only: "No. 5", "Fig. 3", "p. 12", "Art. 7".
NUMBER_ABBREVIATIONS = {"no", "nos", "vol", "vols", "fig", "figs", "p", "pp", "art", "sec", "ch", "para",
                        "ref", "refs", "nr"}
# Abbreviations that often end a sentence too ("... in the U.S. The talks ..."): they end one when
# the next word is a typical sentence opener.
FINAL_ABBREVIATIONS = {"u.s", "u.n", "u.k", "e.u", "d.c", "u.s.a", "u.s.s.r", "a.m", "p.m", "inc", "ltd",
                       "co", "corp", "jr", "sr", "etc", "al", "bros"}
SENTENCE_OPENERS = {
    "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these", "those", "but",
    "and", "in", "on", "at", "his", "her", "their", "our", "there", "as", "after", "when", "while", "if",
    "so", "yet", "however", "meanwhile", "still", "some", "many", "most", "one", "no", "for",
}
_OPEN_QUOTES = "\"'(\\[\u201c\u2018\u00ab"
_CLOSE_QUOTES = "\"')\\]\u201d\u2019\u00bb"
# End punctuation, closing quotes/brackets, then footnote markers such as "[1]" or "[^2]". Linear: a
# match starts only at the first mark of a run ("....."), and the run and the quotes after it are taken
# whole, never given back ((?=(X))\1 is an atomic X, as Python 3.10 has no possessive quantifiers).
_BOUNDARY_RE = re.compile(
    r"(?<![.!?])(?=(?P<stop>[.!?]+[" + _CLOSE_QUOTES + r"]*))(?P=stop)(?:\[\^?\w{1,5}\])*"
    r"(?=\s+[" + _OPEN_QUOTES + r"]?[A-Z0-9])")
_LIST_MARK_RE = re.compile(r"\(?\d{1,3}\)?|[a-z]")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_NEXT_WORD_RE = re.compile(r"\s+[" + _OPEN_QUOTES + r"]?([A-Za-z0-9]+)")
MAX_QUOTE_CHARS = 600  # a quotation longer than this on one line is more likely an unpaired mark


@dataclass(frozen=True, slots=True)  # slots: one per sentence of a source, 100,000s on a big page
class Span:
    start: int
    end: int
    text: str


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Quotations in text[start:end] as (start, end) spans of `text`, the marks included.

    Curly (\u201c\u201d), straight (") and guillemet (\u00ab\u00bb) double quotes and curly single quotes
    (\u2018\u2019) are paired in order. A straight quote opens after a space or an opening bracket
    and closes before a space or punctuation; a quotation never runs past a line break.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    if all(text.find(c, start, end) < 0 for c in _OPENERS):
        return spans  # Speed: no mark that opens a quotation (str.find is far cheaper than _OPENER_RE.search)
    marks = _Marks(text, start, end)
    # Speed: an opening curly quote or guillemet that finds no closing mark rules out every later one of
    # its kind up to where its search stopped (the same line break ends theirs), so those are not searched.
    dead = {"\u201d": start, "\u00bb": start}
    i = start
    while True:
        m = _OPENER_RE.search(text, i, end)  # only these marks open a quotation: jump from one to the next
        if m is None:
            return spans
        i = m.start()
        closer = _closer_for(text, i, start)
        if closer is None or (closer in dead and i < dead[closer]):
            i += 1
            continue
        j = _find_close(text, i + 1, end, text[i], closer, marks)
        if j is None:
            if closer in dead:
                dead[closer] = marks.dead_until(closer, i + 1, end)
            i += 1
            continue
        spans.append((i, j + 1))
        i = j + 1


_OPENERS = "\u201c\u00ab\"\u2018"
_OPENER_RE = re.compile(f"[{_OPENERS}]")
_CLOSE_OR_BREAK = {c: re.compile("[\n" + re.escape(c) + "]") for c in ("\u201d", "\u00bb", '"', "\u2019")}


def _closer_for(text: str, i: int, start: int) -> str | None:
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch == "\u201c":
        return "\u201d"
    if ch == "\u00ab":
        return "\u00bb"
    if ch == '"':
        return '"' if (before.isspace() or before in "([{\u2014-/:") and not after.isspace() else None
    if ch == "\u2018":
        return "\u2019" if (before.isspace() or before in "([{\u2014-/:\"\u201c") and after.isalnum() else None
    return None


class _Marks:
    """Where each closing mark (or a line break) stands in text[start:end], found once per kind of mark:
    each opening mark then looks its candidates up (bisect) instead of searching up to 600 characters
    again, which made a run of unpaired opening marks cost 600 steps each."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.at: dict[str, list[int]] = {}

    def of(self, closer: str) -> list[int]:
        where = self.at.get(closer)
        if where is None:
            where = self.at[closer] = [m.start() for m in _CLOSE_OR_BREAK[closer].finditer(self.text, self.start,
                                                                                            self.end)]
        return where

    def dead_until(self, closer: str, i: int, end: int) -> int:
        """An opening mark just before `i` found no `closer`: before which place does every later opening
        mark of that kind fail as well? Past the first candidate if it is a line break; otherwise (none
        within reach) until that candidate comes within reach."""
        where = self.of(closer)
        k = bisect_left(where, i)
        if k == len(where):
            return end
        r = where[k]
        return r if self.text[r] == "\n" else r - MAX_QUOTE_CHARS


def _find_close(text: str, i: int, end: int, opener: str, closer: str, marks: _Marks) -> int | None:
    limit = min(end, i + MAX_QUOTE_CHARS)
    where = marks.of(closer)
    k = bisect_left(where, i)
    while i < limit:
        if k == len(where) or where[k] >= limit:
            return None
        i = where[k]
        k += 1
        if text[i] == "\n":
            return None
        after = text[i + 1] if i + 1 < len(text) else " "
        if closer not in "\"\u2019":
            return i
        # A closing straight quote or curly apostrophe: not inside a word ("don\u2019t").
        if not text[i - 1].isspace() and not after.isalnum():
            return i
        if opener == '"':
            return None  # another opening mark: these quotes do not pair
        i += 1
    return None


def _is_abbreviation(text: str, dot_end: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, dot_end - 12), dot_end)
    if not m:
        return False
    raw = m.group(1)
    word = raw.lower()
    if word in NUMBER_ABBREVIATIONS:
        return _next_word(text, dot_end)[:1].isdigit()
    if word in FINAL_ABBREVIATIONS:
        return _next_word(text, dot_end).lower() not in SENTENCE_OPENERS
    if word in ABBREVIATIONS:
        return True
    if len(word) == 1:  # an initial: "J. K. Rowling", "George W. Bush", but "Plan B. The ..."
        if not raw.isupper():
            return False
        next_word = _next_word(text, dot_end)
        return next_word.lower() not in SENTENCE_OPENERS or next_word in ("A", "I")
    # Other initialisms: "U.S", "N.A.T.O" (Speed: they hold a dot; most words before a stop do not.)
    return "." in word and bool(_INITIALISM_RE.fullmatch(word))


# One more than the most letters any abbreviation above ends with ("messrs": 6, "u.s.s.r": 1): a word that
# ends in as many letters is none of them.
_PLAIN_TAIL = 1 + max(len(re.search("[a-z]*$", word).group())
                      for word in ABBREVIATIONS | NUMBER_ABBREVIATIONS | FINAL_ABBREVIATIONS)


def _next_word(text: str, dot_end: int) -> str:
    """The word after the stop that ends at `dot_end` (read only for the abbreviations it decides)."""
    nxt = _NEXT_WORD_RE.match(text, dot_end)
    return nxt.group(1) if nxt else ""


_INITIALISM_RE = re.compile(r"(?:[a-z]\.)+[a-z]")

# _word_before_stop's answers, by the word (at most WORDS_BEFORE_STOPS_KEPT: emptied when full).
_WORDS_BEFORE_STOPS: dict[str, bool | None] = {}
WORDS_BEFORE_STOPS_KEPT = 65536
_UNKNOWN = object()


def _word_before_stop(word: str) -> bool | None:
    """_is_abbreviation(text, p + 1) for a "." at p, from `word` alone, remembered: `word` is what stands after the
    last space among the 11 characters before the stop (the span _is_abbreviation searches, without the stop), and
    the search finds the same word in it (a word holds no space). None where the answer depends on the word after
    the stop (an abbreviation that stands before numbers or may end a sentence, a capital initial)."""
    if len(_WORDS_BEFORE_STOPS) >= WORDS_BEFORE_STOPS_KEPT:
        _WORDS_BEFORE_STOPS.clear()
    m = _WORD_BEFORE_RE.search(word + ".")
    if not m:
        known = False
    else:
        raw = m.group(1)
        lowered = raw.lower()
        if lowered in NUMBER_ABBREVIATIONS or lowered in FINAL_ABBREVIATIONS:
            known = None
        elif lowered in ABBREVIATIONS:
            known = True
        elif len(lowered) == 1:
            known = None if raw.isupper() else False
        else:
            known = "." in lowered and bool(_INITIALISM_RE.fullmatch(lowered))
    _WORDS_BEFORE_STOPS[word] = known
    return known


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as spans of `text` (surrounding whitespace trimmed)."""
    begins, ends = sentence_bounds(text, start, end)
    # Speed: the Spans are made and filled by map, no step of Python per sentence (each slot set through its
    # own setter, as _span does).
    spans = list(map(_NEW, repeat(Span, len(begins))))
    deque(map(_SET_START, spans, begins), 0)
    deque(map(_SET_END, spans, ends), 0)
    deque(map(_SET_TEXT, spans, map(text.__getitem__, map(slice, begins, ends))), 0)
    return spans


def sentence_bounds(text: str, start: int = 0, end: int | None = None) -> tuple[list[int], list[int]]:
    """The starts and the ends of the sentences split_sentences finds, as two lists: what preparing a source
    needs (a Span per sentence and a copy of its text cost more than finding it; a page has 100,000s)."""
    end = len(text) if end is None else end
    if end - start >= AT_ONCE_CHARS:
        return _bounds_at_once(text, start, end)
    return _bounds_by_line(text, start, end)


# The shortest text whose sentences are found at once (_bounds_at_once): below, the line by line road costs less
# than the dozens of numpy calls (a claim, a short page).
AT_ONCE_CHARS = 4096


def _bounds_by_line(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """sentence_bounds, line by line and stop by stop."""
    begins: list[int] = []
    ends: list[int] = []
    add_begin, add_end = begins.append, ends.append
    # Speed: the marks that may end a sentence, and whether a quotation may open at all, are found once for
    # the whole text, not once per line.
    marks = _mark_places(text, start, end)
    any_quote = any(text.find(c, start, end) >= 0 for c in _OPENERS)
    boundary_at = _BOUNDARY_RE.match
    abbreviations = _WORDS_BEFORE_STOPS
    find = text.find
    k = 0
    ls = start
    while ls < end:  # the lines that hold a character (_lines, written out: a generator costs a call a line)
        le = find("\n", ls, end)
        if le < 0:
            le = end
        if le == ls:
            ls += 1
            continue
        quotes = quote_spans(text, ls, le) if any_quote else []
        cut = ls
        k = bisect_left(marks, ls, k)
        j = bisect_left(marks, le, k)
        done = -1
        for p in marks[k:j]:  # (_boundaries(text, ls, le, marks[k:j]), written out: a generator costs a call a stop)
            if p < done:
                continue
            # Speed: most stops are a "." after no other mark, then a space and a capital or a digit, inside the
            # line: _BOUNDARY_RE matches just that "." there (its stop is the "."; no closing quote, footnote or
            # second space follows it), which these tests see without a match.
            if text[p + 1:p + 3] in _PLAIN_AFTER_STOP and p + 3 <= le and text[p] == "." and (
                    p == 0 or text[p - 1] not in ".!?"):
                done = p + 1
                stop = "."
            elif p + 3 > le:
                continue  # a boundary holds its mark, a space and a capital or digit: not before the line's end
            else:
                m = boundary_at(text, p, le)
                if m is None:
                    continue
                done = m.end()  # never empty: a boundary holds its mark
                # The stop's marks: the group "stop" is the marks, then closing quotes (none of which is a mark).
                stop = m.group("stop")
                if stop != ".":  # (most stops are one ".", which needs neither test)
                    stop = stop.rstrip(_CLOSE_QUOTES)
                    if stop.startswith("..") and stop.strip(".") == "":
                        continue  # an ellipsis
            # Speed: a word that ends in _PLAIN_TAIL ASCII letters before the stop is no abbreviation and no
            # initialism (which ends in a dot and one letter): most words before a stop.
            # Else the word is looked up by itself (_word_before_stop), and the text around it read only for the few
            # abbreviations that depend on the word after.
            if stop == "." and not ((tail := text[p - _PLAIN_TAIL:p] if p >= _PLAIN_TAIL else "").isalpha()
                                    and tail.isascii()):
                word = text[p - 11 if p >= 11 else 0:p].rpartition(" ")[2]
                known = abbreviations.get(word, _UNKNOWN)
                if known is _UNKNOWN:
                    known = _word_before_stop(word)
                if known is None:
                    known = _is_abbreviation(text, p + 1)
                if known:
                    continue
            # (Speed: a stop with no space at p - 1 nor at p - 6, past the line's start, follows 6 characters or more
            # that are no indent, so no list number: most first sentences of a line, no search of the indent.)
            if stop == "." and cut == ls and (p - ls < 6 or text[p - 1].isspace() or text[p - 6].isspace()) and \
                    _is_list_mark(text, _INDENT_RE.match(text, ls, le).end(), p):
                continue  # "1. Seals rose ..." at the start of a line (past its indent): a list number
            if quotes and _inside(quotes, p, done):
                continue  # inside a quotation that goes on after this point
            # The sentence, its whitespace trimmed (_trimmed, written out; the sentence after a stop opens
            # with a space).
            s, e = cut, done
            if text[s].isspace():
                s += 1
                if s < e and text[s].isspace():
                    s = _INDENT_RE.match(text, s, e).end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                add_begin(s)
                add_end(e)
            cut = done
        if cut < le:  # the rest of the line (_trimmed, written out)
            s, e = _INDENT_RE.match(text, cut, le).end(), le
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                add_begin(s)
                add_end(e)
        ls = le + 1
    return begins, ends


def _bounds_at_once(text: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """sentence_bounds(text, start, end) with numpy over the text's characters: no step of Python per sentence or
    per stop on most lines; a line holding a stop this cannot decide goes by _bounds_by_line.

    Exact: each stop (".", "!", "?") is put, from the characters around it, in one of three kinds, each as the line
    by line loop takes it on a line with no mark that opens a quotation:
    - no cut ("inert"): a mark right after another (the boundary's lookbehind fails; the loop's fast test too), one
      with fewer than two characters left on its line (the loop's `p + 3 > le`), one followed by a character that
      no boundary holds next (neither a mark, a closing quote, "[" nor whitespace), and a "." after a word of the
      abbreviations that end a sentence never (ABBREVIATIONS but NUMBER_ and FINAL_ABBREVIATIONS);
    - a cut right after it ("plain"): a "." followed by a space and a capital or a digit on its line (the loop's
      fast test), after _PLAIN_TAIL ASCII letters (the loop's tail test), or after a word of 2 to _PLAIN_TAIL - 1
      ASCII letters after neither a letter nor a "." that is no abbreviation (what _word_before_stop says of that
      word: the search of _WORD_BEFORE_RE finds it alone); a "!" or "?" after no mark, followed by a space and a
      capital or a digit (the boundary is that mark alone). Neither is a list number (that is one letter or
      digits), and the cut is at p + 1 (done);
    - any other: its line goes by _bounds_by_line, as does a line holding a mark that opens a quotation (quote_spans
      looks there only) and the first line when `start` is not where a line starts (the loop's line starts there).
    Given the cuts, each sentence is the text between two cuts or line breaks with its whitespace trimmed: the
    character at a cut is the space after the stop, which trimming drops as well."""
    import numpy as np

    piece = text[start:end]
    n = len(piece)
    try:
        c = np.frombuffer(piece.encode("latin-1"), np.uint8)
    except UnicodeEncodeError:
        c = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), np.uint32)
    codes = _AtOnceCodes.of(c.dtype)
    breaks = np.flatnonzero(c == 10)
    marks = np.flatnonzero((c == 46) | (c == 33) | (c == 63))
    # Each mark's line end, and the characters around it (clipped: what is read past the piece is ruled out below).
    line_end = np.append(breaks, n)[np.searchsorted(breaks, marks)]
    after1 = c[np.minimum(marks + 1, n - 1)]
    after2 = c[np.minimum(marks + 2, n - 1)]
    before = c[np.maximum(marks - 1, 0)]
    room = marks + 3 <= line_end
    # The run of ASCII letters just before each mark (up to _PLAIN_TAIL of them), and the word they make, packed in
    # 5 bits a letter, last letter first.
    run = np.zeros(len(marks), np.int64)
    going = np.ones(len(marks), bool)
    packed = np.zeros(len(marks), np.int64)
    for k in range(1, _PLAIN_TAIL + 1):
        x = c[np.maximum(marks - k, 0)].astype(np.int64) | 32
        going &= (marks >= k) & (x >= 97) & (x <= 122)
        run += going
        packed += np.where(going, (x - 96) << (5 * (k - 1)), 0)
    lead_at = marks - run - 1
    lead = c[np.maximum(lead_at, 0)]
    next_opens = (after1 == 32) & (((after2 >= 65) & (after2 <= 90)) | ((after2 >= 48) & (after2 <= 57))) & room
    lone = (marks == 0) | ~((before == 46) | (before == 33) | (before == 63))
    dot = c[marks] == 46
    word = dot & next_opens & (run >= 2) & (run < _PLAIN_TAIL) & (lead_at >= 0) & (lead != 46)
    listed = np.isin(packed, codes.abbreviations)
    undecided = np.isin(packed, codes.undecided)
    plain = next_opens & ((dot & (run >= _PLAIN_TAIL)) | (word & ~listed & ~undecided) | (~dot & lone))
    abbreviation = word & listed & ~undecided
    may_open = np.isin(after1, codes.after_boundary)
    others = marks[lone & room & may_open & ~plain & ~abbreviation]
    openers = np.flatnonzero(np.isin(c, codes.openers))
    # The lines by the line by line road, by number (the line breaks before them).
    slow = np.union1d(np.searchsorted(breaks, others), np.searchsorted(breaks, openers))
    if start and text[start - 1] != "\n":
        slow = np.union1d(slow, [0])
    cuts = marks[plain] + 1
    line_starts = np.append(0, breaks + 1)
    if len(slow):
        cuts = cuts[~np.isin(np.searchsorted(breaks, cuts), slow)]
    seps = np.concatenate(([-1], np.sort(np.concatenate((breaks, cuts))), [n]))
    begins = seps[:-1] + 1
    ends = seps[1:]
    if len(slow):  # (a slow line, without cuts here, is one stretch from its start)
        kept = ~np.isin(begins, line_starts[slow])
        begins, ends = begins[kept], ends[kept]
    full = begins < ends
    begins, ends = begins[full], ends[full]
    # Trimmed: only a stretch that starts or ends with whitespace (few: none on a normalised page but a slow line's).
    ragged = np.flatnonzero(np.isin(c[begins], codes.white) | np.isin(c[ends - 1], codes.white))
    if len(ragged):
        begins, ends = begins.copy(), ends.copy()
        for i in ragged.tolist():
            b, e = _trimmed(piece, int(begins[i]), int(ends[i]))
            begins[i], ends[i] = b, max(b, e)
        full = begins < ends
        begins, ends = begins[full], ends[full]
    out_begins = (begins + start).tolist()
    out_ends = (ends + start).tolist()
    if len(slow):
        line_ends = np.append(breaks, n)
        for k in slow.tolist():
            b, e = _bounds_by_line(text, start + int(line_starts[k]), start + int(line_ends[k]))
            out_begins += b
            out_ends += e
        order = sorted(range(len(out_begins)), key=out_begins.__getitem__)
        out_begins = list(map(out_begins.__getitem__, order))
        out_ends = list(map(out_ends.__getitem__, order))
    return out_begins, out_ends


class _AtOnceCodes:
    """The characters _bounds_at_once looks for, as arrays of codes of the type of the text's array (made once per
    type: latin-1 bytes or UTF-32): whitespace (str.isspace), what may follow a boundary's first mark (a mark, a
    closing quote of _BOUNDARY_RE's class, "[", whitespace), the marks that open a quotation, and the packed
    abbreviations (ASCII letters only: the others hold a "." and are never packed)."""

    _made: dict = {}

    def __init__(self, dtype) -> None:
        import numpy as np

        top = np.iinfo(dtype).max

        def codes(chars) -> object:
            return np.array(sorted({ord(ch) for ch in chars if ord(ch) <= top}), dtype)

        white = [chr(i) for i in range(min(top, LAST_SPACE) + 1) if chr(i).isspace()]
        self.white = codes(white)
        # (_CLOSE_QUOTES as _BOUNDARY_RE reads it in its class: "\\]" there is "]" alone.)
        self.after_boundary = codes([*".!?[", *white, *"\"')]\u201d\u2019\u00bb"])
        self.openers = codes(_OPENERS)
        self.abbreviations = np.array(sorted(_packed(w) for w in ABBREVIATIONS if w.isascii() and w.isalpha()),
                                      np.int64)
        self.undecided = np.array(sorted(_packed(w) for w in NUMBER_ABBREVIATIONS | FINAL_ABBREVIATIONS
                                         if w.isascii() and w.isalpha()), np.int64)

    @classmethod
    def of(cls, dtype) -> "_AtOnceCodes":
        made = cls._made.get(dtype)
        if made is None:
            made = cls._made[dtype] = cls(dtype)
        return made


LAST_SPACE = 0x3000  # the last character str.isspace calls whitespace (IDEOGRAPHIC SPACE)


def _packed(word: str) -> int:
    """A word of lower-case ASCII letters as _bounds_at_once packs the letters before a stop."""
    return sum((ord(ch) - 96) << (5 * i) for i, ch in enumerate(reversed(word)))

# A space, then a capital or a digit: what most often follows a stop (the fast road of sentence_bounds).
_PLAIN_AFTER_STOP = frozenset(" " + c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


_INDENT_RE = re.compile(r"\s*")  # (\s is what str.isspace and str.lstrip call whitespace)


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    """text[s:e] without the whitespace at its ends, as a span (start > end if it is all whitespace)."""
    s = _INDENT_RE.match(text, s, e).end()
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _lines(text: str, start: int, end: int):
    """The spans of the lines of text[start:end] that hold a character (what `[^\\n]+` finds), found with
    str.find, far faster than a pattern tried at each character."""
    i = start
    while i < end:
        j = text.find("\n", i, end)
        if j < 0:
            j = end
        if j > i:
            yield i, j
        i = j + 1


def _mark_places(text: str, start: int, end: int) -> list[int]:
    """Where ".", "!" and "?" stand in text[start:end], in order. (Speed: str.find for each mark, merged by sort,
    is three times faster than a search for the class [.!?], which the regex engine tries at every place.)"""
    return sorted(i for mark in ".!?" for i in _find_all(text, mark, start, end))


def _boundaries(text: str, start: int, end: int, places: list[int] | None = None):
    """_BOUNDARY_RE.finditer(text, start, end), faster: a boundary opens with ".", "!" or "?", so the
    pattern is tried only where str.find sees one (as starts.matches_at does for the figure reader);
    `places` are those places, if the caller has them. (split_sentences writes this loop out.)"""
    if places is None:
        places = _mark_places(text, start, end)
    done = -1
    for p in places:
        if p < done:
            continue
        m = _BOUNDARY_RE.match(text, p, end)
        if m is not None:
            done = m.end()  # never empty: a boundary holds its mark
            yield m


def _find_all(text: str, mark: str, start: int, end: int):
    i = text.find(mark, start, end)
    while i >= 0:
        yield i
        i = text.find(mark, i + 1, end)


def _is_list_mark(text: str, s: int, e: int) -> bool:
    """Is text[s:e], stripped, a list number ("1", "(2)", "a")? `s` is past the line's indent. A mark
    is a few characters: only the ends of the span are looked at, never the whole of it (a long line
    whose quotations hide every stop would make copying it at each stop quadratic)."""
    while e > s and text[e - 1].isspace():
        e -= 1
    return e - s <= 5 and _LIST_MARK_RE.fullmatch(text, s, e) is not None


def _inside(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is start..end inside one of the quotations (sorted, apart), which goes on after it?"""
    k = bisect_left(quotes, (start,)) - 1  # the last quotation opening before `start`
    return k >= 0 and end < quotes[k][1]


_SET_START, _SET_END, _SET_TEXT = (vars(Span)[name].__set__ for name in ("start", "end", "text"))
_NEW = object.__new__


def _span(start: int, end: int, text: str) -> Span:
    """Span(start, end, text), built faster: its slots set through their own setters, where a frozen
    dataclass's __init__ goes through object.__setattr__ for each field (a page has thousands of sentences)."""
    made = object.__new__(Span)
    _SET_START(made, start)
    _SET_END(made, end)
    _SET_TEXT(made, text)
    return made
