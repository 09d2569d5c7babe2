"""Where a figure can start in a text, found in one scan, so that each pattern runs only there.

Most patterns of the reader hold a digit at a fixed, short distance from where their match starts
("$5", "FY 2019", "(555) 123-4567"), and may start only where a run of digits starts, or a few
characters before one. `digit_runs` finds the runs in one pass; `matches_at` then tries a pattern at
those places alone and yields exactly what `rx.finditer(text)` would, at a small share of the cost of
one pass over the whole text per pattern (the reader has a dozen such patterns).

Exactness: `rx.match(text, p)` sees the whole text around `p` (lookbehinds and `\\b` read the characters
before `p`, lookaheads those after the match), which is the very attempt `finditer` makes at `p`; and
`finditer`'s matches never overlap, so a place inside the previous match is skipped as it would be.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from collections.abc import Callable, Iterable, Iterator

# (Speed: "\d\d*" is "\d+", written so that the pattern opens with a class: the engine then skips to the
# next digit in a tight loop instead of trying the pattern at each character; a third faster.)
DIGIT_RUN_RE = re.compile(r"\d\d*")
# The same runs in the bytes of a text written in Latin-1 (the only decimal digits there are 0-9): the engine
# scans bytes twice as fast as a str, where it must ask of each character whether it is a Unicode digit.
LATIN1_DIGIT_RUN_RE = re.compile(rb"[0-9][0-9]*")
START = _START = re.Match.start  # (list(map(_START, matches)): the starts without a step of Python for each match)


# Latin-1 bytes with each digit made "0": a run of digits is a run of "0", which a pattern that opens with that
# literal finds with the engine's quickest scan (it looks for one byte), where a class is tested byte by byte.
_DIGITS_AS_ZERO = bytes(48 if 48 <= c <= 57 else c for c in range(256))
_ZERO_RUN_RE = re.compile(rb"(00*)")


class DigitRuns:
    """The runs of digits of a text (`\\d`, as the patterns read digits), found in one scan."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            latin1 = text.encode("latin-1")  # one byte a character: same places
        except UnicodeEncodeError:
            latin1 = None
        if latin1 is not None and _BYTES_ROAD:
            # Speed: the text cut at its runs of digits in one call of C (re.split with the runs kept: gaps and
            # runs by turns), and the places where each part starts summed up from their lengths: no match
            # object and no step of Python for each run (a page of figures holds twenty thousand a megabyte).
            # Half the time of finditer and a list of spans.
            self._zeros = latin1.translate(_DIGITS_AS_ZERO)
            bounds = list(accumulate(map(len, _ZERO_RUN_RE.split(self._zeros)), initial=0))
            self.starts = bounds[1:-1:2]
            self.spans = list(zip(self.starts, bounds[2::2]))
        else:
            self._zeros = None
            found = DIGIT_RUN_RE.finditer(text) if latin1 is None else LATIN1_DIGIT_RUN_RE.finditer(latin1)
            self.spans = [m.span() for m in found]
            self.starts = [s for s, _ in self.spans]
        self._by_next: dict[str, list[tuple[int, int]]] | None = None

    def followed_by(self, chars: str, space: bool = False, shortest: int = 1, longest: int = 10**9) -> list[int]:
        """Starts of the runs of `shortest` to `longest` digits that one of `chars` (or, with `space`, any
        whitespace) follows: what a pattern needs right after its first digits ("12:30", "1/3", "2019-")."""
        by_next = self._by_next
        if by_next is None:
            by_next = self._by_next = self._runs_by_next()
        keys = [c for c in dict.fromkeys(chars) if c in by_next]
        if space:
            keys += [c for c in by_next if c.isspace() and c not in chars]
        found = [s for c in keys for s, e in by_next[c] if shortest <= e - s <= longest]
        if len(keys) > 1:
            found.sort()
        return found

    def _runs_by_next(self) -> dict[str, list[tuple[int, int]]]:
        """The runs, in order, by the character that follows each ("" after the last character of the text).
        Speed: made once, so that each pattern looks only at the runs its next characters pick (most want a
        rare one: ":", "/", "'"), where a pass over every run for each pattern cost more than the scan."""
        text, out = self.text, {}
        for s, e in self.spans:
            c = text[e:e + 1]
            runs = out.get(c)
            if runs is None:
                out[c] = runs = []
            runs.append((s, e))
        return out

    def with_lead(self, runs: list[int], lead: str, most: int) -> list[int]:
        """`runs` (sorted starts of runs), and the places that hold one of `lead` (no digit) with a digit at
        most `most` characters on: where a pattern that opens with one of those characters ("(", "FY") may
        start, the places `[lead](?=\\D{0,most-1}\\d)` matches. The first digit after such a place starts a
        run, so the places are found by looking back from each run, at most `most` characters: one step of
        Python per run, where looking for each "." or capital "F" of the text took one per character found."""
        text, starts = self.text, self.starts
        if not any(c in text for c in lead):
            return runs  # (Speed: none of `lead` in the text, as for "+(" in most prose: no place to look back at)
        if self._zeros is not None and lead.isascii() and lead.isprintable() and not any(c.isdigit() for c in lead):
            # Speed: in the bytes with the digits made "0", the places `[c](?=[^0]{0,most-1}0)` matches for each
            # character c of `lead`: a pattern that opens with one literal byte is searched for with the engine's
            # quickest scan, where a step of Python for each run and each k cost three times as much.
            leads = []
            for c in dict.fromkeys(lead):
                if c in text:
                    rx = _LEAD_RES.get((c, most))
                    if rx is None:
                        rx = _LEAD_RES[c, most] = re.compile(re.escape(c.encode("ascii")) + b"(?=[^0]{0,%d}0)" % (most - 1))
                    leads += map(_START, rx.finditer(self._zeros))
            if len(lead) > 1:
                leads.sort()  # (one place holds one character: no place twice)
            return sorted(runs + leads) if leads else runs
        leads = [s - 1 for s in starts if s and text[s - 1] in lead]
        if most > 1:
            leads = list(set(leads).union(*([s - k for s in starts if s >= k and text[s - k] in lead]
                                            for k in range(2, most + 1))))
        return sorted(runs + leads) if leads else runs


# The lead patterns of with_lead by (character, most): made once (re.compile's own cache costs a few
# microseconds a call, paid for each text, where a claim's whole reading takes a hundred or two).
_LEAD_RES: dict[tuple[str, int], re.Pattern] = {}
_BYTES_ROAD = True  # (tests turn the bytes road of DigitRuns off to compare it with the plain one)


def matches_at(rx: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """`rx.finditer(text)`, given sorted places that hold every place a match of `rx` may start."""
    end = -1
    for p in starts:
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            end = m.end()
            if end == p:
                end += 1  # an empty match: finditer moves on by one
            yield m


def merged(*lists: list[int]) -> list[int]:
    """Sorted places of several lists, each place once."""
    return sorted(set().union(*lists))


def find_words(text: str, words: Iterable[str]) -> list[int]:
    """Sorted places where one of `words` starts in `text`, each place once."""
    return merged(*(find_all(text, w) for w in words))


class Scan:
    """Where a pattern of plain ASCII words matches in a text, fast: in the text's bytes when it is written
    in Latin-1 (one byte a character, so the same places; the engine scans bytes twice as fast), else in
    the text itself. One pass, where str.find would take one per word."""

    def __init__(self, pattern: str) -> None:
        self.str_re = re.compile(pattern)
        self.bytes_re = re.compile(pattern.encode("ascii"))

    def starts(self, text: str) -> list[int]:
        """[m.start() for m in finditer(text)]."""
        try:
            latin1 = text.encode("latin-1")
        except UnicodeEncodeError:
            return [m.start() for m in self.str_re.finditer(text)]
        return list(map(_START, self.bytes_re.finditer(latin1)))


class OpeningScan:
    """Places that hold every place where one of some ASCII words starts with no ASCII letter right before it
    (and a few more: the caller tries its own pattern at each). Speed: in a text written in Latin-1, the
    letters that open the words are all made one byte, \\x01, in one `translate` (the text's own \\x01 made
    \\x02), and the words, written the same way, are looked for after it: a pattern that opens with one literal
    byte lets the engine jump from one such letter to the next, where a class of first letters ([ADFJMNOS] for
    the months) made it test each byte of the text (a tenth of the cost, on prose with figures).
    Exact: where a word w starts at i with no ASCII letter before it, the translated text holds w translated
    at i; a match of the scan that would hold i without starting there starts at a byte that comes from an
    ASCII letter (each byte of a translated word does), which is text[i - 1] or before, so it would run
    through text[i - 1], a letter: there is none, and finditer, which skips only what it has matched, tries i.
    (Not Latin-1: the words looked for as they are, which finds each such place by the same reasoning.)"""

    def __init__(self, words: list[str], trie: Callable[[list[str]], str]) -> None:
        firsts = "".join(sorted({w[0] for w in words}))
        if not all(w.isascii() and w.isalpha() for w in words):
            raise ValueError("OpeningScan takes ASCII words")
        self._table = bytes(1 if chr(c) in firsts else 2 if c == 1 else c for c in range(256))
        marked = sorted({w.encode("ascii").translate(self._table).decode("latin-1") for w in words})
        self.bytes_re = re.compile(trie(marked).encode("latin-1"))
        self.str_re = re.compile(trie(list(words)))

    def starts(self, text: str) -> list[int]:
        try:
            latin1 = text.encode("latin-1")
        except UnicodeEncodeError:
            return [m.start() for m in self.str_re.finditer(text)]
        return list(map(_START, self.bytes_re.finditer(latin1.translate(self._table))))


# Letters that match an ASCII letter under re.IGNORECASE though lower() does not make them one ("ſ" is "s").
_ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")


def plain_case(text: str, lower: str) -> bool:
    """Does a case-blind pattern match `text` where a plain one matches `lower` (each letter in its place)?"""
    return len(lower) == len(text) and not any(c in text for c in _ODD_CASE)


# Latin-1 bytes with every byte but an ASCII lower-case letter made a space.
_SPACE_BUT_LOWER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


class WordStartScan:
    """Where one of some lower-case ASCII words starts in a lower-case text with no ASCII letter before it:
    `[m.start() for m in re.finditer("(?<![a-z])(?:words)", lower)]`, three times faster. In the text's
    Latin-1 bytes with every other byte made a space (one `translate`) and a space put before them, a
    pattern that opens with a literal space lets the engine jump from space to space, where the lookbehind
    made it try every place. (A word's match holds letters only, so no later start falls inside the space
    it takes; the words match the same letters, so the same alternative wins.)"""

    def __init__(self, words_pattern: str) -> None:
        self.str_re = re.compile("(?<![a-z])(?:" + words_pattern + ")")
        self.bytes_re = re.compile((" (?:" + words_pattern + ")").encode("ascii"))

    def starts(self, lower: str) -> list[int]:
        try:
            latin1 = lower.encode("latin-1")
        except UnicodeEncodeError:
            return [m.start() for m in self.str_re.finditer(lower)]
        return list(map(_START, self.bytes_re.finditer(b" " + latin1.translate(_SPACE_BUT_LOWER))))


def find_all(text: str, word: str) -> list[int]:
    """Every place `word` starts in `text` (str.find: far faster than a regex that must try each place)."""
    out = []
    i = text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def matches_in_windows(rx: re.Pattern, text: str, windows: list[tuple[int, int]], starts: list[int]) -> Iterator[re.Match]:
    """`rx.finditer(text, lo, hi)` for each window (lo, hi) in turn (sorted, apart), given sorted places
    that hold every place a match of `rx` may start: as `matches_at`, each window's end is the end of
    the text for the pattern (`rx.match(text, p, hi)` is the very attempt `finditer` makes at p)."""
    k, n = 0, len(starts)
    for lo, hi in windows:
        k = bisect_left(starts, lo, k)
        end = -1
        while k < n and starts[k] < hi:
            p = starts[k]
            k += 1
            if p < end:
                continue
            m = rx.match(text, p, hi)
            if m is not None:
                end = m.end() if m.end() > p else p + 1
                yield m

