"""Dates a page gives only relative to its own date: "died Monday", "on May 7", "later this year".

News is written on a day and dates its events from that day. A page published on 10 May 2018 that
says "Russell died Monday in Calgary" says he died on 7 May 2018, and "on May 7" in it means
7 May 2018. An editor checking "died on May 7, 2018" against that page would read it so; so does
citecheck, when it knows the page's date.

The page's date comes from the page's metadata (`<meta property="article:published_time">` and
the like, read by the HTML extractor) or, failing that, from a dated line of its text ("Published
7:33 a.m. ET Aug. 10, 2014", "Posted on April 12, 2019", "Date: Saturday, September 14, 2019").
Without one, nothing is anchored.

An anchored figure keeps what was written (`value` is the date as written, year 0 when the year is
missing, 0 for "Monday") and carries the date the page's day gives it in `anchored`, with the page
date in `anchor`. Comparison lets an anchored date *back* a claim's date and never *contradict*
one: "On June 6, the troops landed" in an article of 2019 may well be about 1944.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from citecheck.figures import starts as S
from citecheck.model import Figure

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# A line that dates the page: a keyword, then (on the same line, soon after) a full date; or a byline
# with its date on the same line or the next ("By Neil Genzlinger\nMay 10, 2018").
_DATED_LINE_RE = re.compile(
    r"(?im)(?:^|\b)(?P<kw>published(?:\s+datetime)?|first\s+published|posted|date:|released:|"
    r"(?-i:[Bb]y(?:\s+[A-Z][\w.'-]*){1,4}(?:\s+and(?:\s+[A-Z][\w.'-]*){1,4})?)(?:\s+@\w+)?(?:\s+on\b|\s*[|,]|\s*\n))"
    r"[^\n]{0,60}")
# Speed: a match of _DATED_LINE_RE starts with one of its keywords (the case-blind ones, or "By"/"by"), so it
# is tried only where the lower-case text holds one (str.find), not at every word boundary of the page.
_DATED_LINE_KEYWORDS = ("published", "first", "posted", "date:", "released:", "by")
# At most this many dates date a page: crawled metadata and the byline may disagree, and then either
# may be the day the text counts from.
MAX_PAGE_DATES = 2
# A dated line is short, and its keyword comes early ("Tavia Grant Published February 3, 2013").
MAX_LEAD, MAX_DATED_LINE = 40, 160
# Words of a sentence that put a weekday in the days after the page's date.
_FUTURE_RE = re.compile(r"\b(?:will|shall|'ll|set to|scheduled|is to|are to|to be held|expected to|plans? to|"
                        r"planning to|upcoming|going to|next|this coming)\b", re.I)
_WEEKDAY_RE = re.compile(r"\b(?:(?P<mod>last|next|this|this coming|on|until|by|since)\s+)?"
                         r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s)?\b")
# "Super Tuesday", "Black Friday", "Good Friday": names of days, not dates relative to the page; "a
# Friday", "every Monday", "the following Tuesday": any such day, or one counted from another date.
_NAMED_DAY_RE = re.compile(r"\b(?:Super|Black|Good|Cyber|Ash|Holy|Easter|Palm|Bloody|Maundy|Giving|Small Business|"
                           r"Fat|Shrove|Whit|Low|Trinity|Pentecost|Mothering|Remembrance|[Aa]n?|[Ee]very|[Ee]ach|"
                           r"[Aa]ny|[Oo]ne|[Ff]ollowing|[Ss]ame|[Pp]revious|[Pp]receding|[Ss]ubsequent)\s+$")
# Capitalised or not, never in capitals: "USA TODAY" is a name.
_DAY_WORD_RE = re.compile(r"\b(?P<word>[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|[Yy]esterday|"
                          r"[Ll]ast night|[Tt]omorrow)\b")
_PERIOD_RE = re.compile(r"\b(?P<mod>this|last|next|earlier this|later this|this past|this coming)\s+"
                        r"(?P<unit>year|month|spring|summer|fall|autumn|winter)\b", re.I)
_SHIFT = {"yesterday": -1, "last night": -1, "tomorrow": 1}


def page_dates(text: str, figures: list[Figure]) -> list[dt.date]:
    """The dates a page gives itself on a dated line or in its byline, first first, at most MAX_PAGE_DATES.

    `figures` are the figures read in `text`; only a full date (day, month and year) dates a page.
    """
    return [day for day, _ in dating_figures(text, figures)]


def dating_figures(text: str, figures: Sequence[Figure]) -> list[tuple[dt.date, Figure]]:
    """The page's dates (as `page_dates`) with the figures that give them. `figures` in order of position."""
    found, _ = dating_in(text, figures)
    return [(day, figures[k]) for day, k in found]


def dating_in(text: str, figures: Sequence[Figure], start: int = 0,
              end: int | None = None) -> tuple[list[tuple[dt.date, int]], bool]:
    """What dating_figures finds on the dated lines that start in text[start:end], as (day, index in `figures`),
    and whether it stopped at a match that runs past `end` (spilled). `figures`: those that start in
    text[start:end] (or more), in order of position.

    Why a piece of a text can be dated on its own (figures read piece by piece, each on its own process): the
    dated-line pattern is tried on the whole text (its lookbehinds and the line it stands on are the text's), at
    the places finditer would try after `start`, which are the same as for the whole text as long as no match of
    the pieces before runs past `start` (then it would have skipped places of this one): a piece whose match runs
    past its end says so (spilled) and stops there, and the caller dates the whole text instead. Such a match
    may also hold a figure of the next piece, which this one does not have. A piece reports its first
    MAX_PAGE_DATES distinct days, each with its first figure: the first MAX_PAGE_DATES distinct days of the pieces'
    lists in order are those of the whole text (a piece's list stops early only once it holds that many). A piece
    that ends before the text does and whose letters the fast road cannot take (_dated_lines) says spilled at
    once, with what it found: none."""
    end = len(text) if end is None else end
    out: list[tuple[dt.date, int]] = []
    # Positions to bisect: a FigureTable's column as it is (a key function would make a Figure per probe).
    starts = getattr(figures, "starts", None)
    if starts is None:
        starts = [f.start for f in figures]
    lines = _dated_lines(text, start, end)
    if lines is None:  # (a piece the pattern would have to run to the end of the text from: the caller dates it all)
        return out, True
    for m in lines:
        if m.start() >= end:
            break
        if m.end() > end:
            return out, True
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        line_end = len(text) if line_end < 0 else line_end
        if m.start() - line_start > MAX_LEAD or line_end - line_start > MAX_DATED_LINE:
            continue  # prose that happens to say "posted" or "by": not a line that dates the page
        # The first figure within the line after its keyword (a bisect: a page has a million figures).
        k = bisect_left(starts, m.end("kw"))
        while k < len(starts) and starts[k] < m.end():
            f = figures[k]
            if f.end <= m.end() and f.kind == "date" and not f.is_range:
                day = _as_date(f.value)
                if day and day not in [d for d, _ in out]:
                    out.append((day, k))
                break
            k += 1
        if len(out) >= MAX_PAGE_DATES:
            break
    return out, False


# The longest keyword of _DATED_LINE_KEYWORDS, less one: how far past a piece's end its lower-case copy reaches,
# so that a keyword starting in the piece is found whole.
_KEYWORD_REACH = max(map(len, _DATED_LINE_KEYWORDS)) - 1


def _dated_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match] | None:
    """_DATED_LINE_RE.finditer(text, start) (up to matches starting before `end`, and maybe a few after), faster:
    tried only where a keyword starts (starts.matches_at). Where lower() moves letters or re.IGNORECASE matches
    letters it does not make ASCII ("ſ" is "s"), the pattern runs whole from `start`; but for a piece that ends
    before the text does, None: the pattern would run on to the end of the text where no dated line follows
    (each of a page's pieces would pass over the rest of the page: 1.6 s of CPU for 0.5 s of a 3.8 MB page cut
    in 6). Only text[start:end] (and the few characters a keyword starting in it may take past `end`) is put in
    lower case."""
    last = end is None or end >= len(text)
    piece = text if not start and last else text[start:len(text) if end is None else end + _KEYWORD_REACH]
    lower = piece.lower()
    if not S.plain_case(piece, lower):
        return _DATED_LINE_RE.finditer(text, start) if last else None
    places = S.find_words(lower, _DATED_LINE_KEYWORDS)
    if start:
        places = [p + start for p in places]
    return S.matches_at(_DATED_LINE_RE, text, places)


def parse_iso_date(value: str) -> dt.date | None:
    """'2018-05-10', '2018-05-10T18:04:43+00:00' -> the date; anything else -> None."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def anchor_figures(text: str, figures: list[Figure], pages: list[dt.date]) -> list[Figure]:
    """`figures`, plus yearless dates given the page's year and relative dates, in order of position.

    With two page dates a relative date is read once from each: either may be the day the text counts from.
    """
    if not pages:
        return figures
    dates = [f for f in figures if f.kind == "date"]
    out = list(figures) + anchored_figures(text, DateSpans((f.start, f.end) for f in dates), dates, pages)
    out.sort(key=_start)
    return out


def anchored_figures(text: str, spans: DateSpans, dates: Iterable[Figure], pages: list[dt.date]) -> list[Figure]:
    """The figures that anchor_figures adds, in order of position (equal positions in the order made).

    `spans` are where the text's dates stand, `dates` its date figures (only yearless ones matter): what a
    caller holding a million figures in columns (figures/table.py) can give without making them all."""
    yearless = [f for f in dates if f.kind == "date" and not f.is_range and int(f.value) // 10000 == 0]
    out: list[Figure] = []
    for page in pages:
        out.extend(a for a in (_complete_year(f, page) for f in yearless) if a is not None)
        out.extend(_relative_dates(text, spans, page))
    out.sort(key=_start)
    return out


class DateSpans:
    """Where a text's dates stand, to ask whether a phrase is next to one (a bisect, not a scan)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        pairs = sorted(spans)
        self.starts = [s for s, _ in pairs]
        self.ends = [e for _, e in pairs]
        self.longest = max((e - s for s, e in pairs), default=0)

    def free(self, s: int, e: int) -> bool:
        """No date within 3 characters of text[s:e]."""
        k = bisect_left(self.starts, s - 3 - self.longest)
        while k < len(self.starts) and self.starts[k] < e + 3:
            if self.ends[k] + 3 > s:
                return False
            k += 1
        return True


def relative_phrases(text: str, figures: list[Figure]) -> list[tuple[int, int]]:
    """Where `text` dates something relative to its own day ("this year", "Monday", "yesterday").

    `figures` are those read in `text`: a weekday next to a written date ("Wednesday 27 February")
    belongs to that date."""
    spans = DateSpans((f.start, f.end) for f in figures if f.kind == "date")
    return sorted(span for _, _, span in _relative_matches(text, spans))


def date_code(day: dt.date, parts: int = 3) -> int:
    """The figure value of a date: yyyymmdd, with the month and day 0 when `parts` leaves them out."""
    return day.year * 10000 + (day.month * 100 if parts >= 2 else 0) + (day.day if parts >= 3 else 0)


# ------------------------------------------------------------------------------------------ internals

def _as_date(code: float) -> dt.date | None:
    n = int(code)
    y, m, d = n // 10000, (n // 100) % 100, n % 100
    if not (y and m and d):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _complete_year(f: Figure, page: dt.date) -> Figure | None:
    """'May 7' on a page of 10 May 2018 is 7 May 2018: the year that puts it nearest the page's date."""
    if f.kind != "date" or f.is_range:
        return None
    n = int(f.value)
    y, m, d = n // 10000, (n // 100) % 100, n % 100
    if y or not m:
        return None
    candidates = []
    for year in (page.year - 1, page.year, page.year + 1):
        try:
            candidates.append(dt.date(year, m, d or 15))
        except ValueError:
            continue
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((c - page).days))
    return replace(f, anchored=float(nearest.year * 10000 + m * 100 + d), anchor=page.isoformat())


def _relative_matches(text: str, dates: DateSpans) -> Iterator[tuple[str, re.Match, tuple[int, int]]]:
    """Each relative date of `text`: its kind ("weekday", "day" or "period"), its match and its span.

    Days that are names ("Super Tuesday") or any such day ("a Friday") are left out, and so is a
    weekday next to a written date ("Thursday 18 October"), which belongs to that date."""
    free = dates.free
    for m in _WEEKDAY_RE.finditer(text):
        if free(*m.span("day")) and not _NAMED_DAY_RE.search(text, max(0, m.start() - 20), m.start("day")):
            yield "weekday", m, m.span("day")
    for kind, rx in (("day", _DAY_WORD_RE), ("period", _PERIOD_RE)):
        for m in rx.finditer(text):
            if free(*m.span()):
                yield kind, m, m.span()


def _relative_dates(text: str, dates: DateSpans, page: dt.date) -> Iterator[Figure]:
    """The relative dates of `text` as figures, each with the date that `page` gives it."""
    for kind, m, (s, e) in _relative_matches(text, dates):
        if kind == "weekday":
            mod = (m.group("mod") or "").lower()
            future = mod in ("next", "this coming", "until") or (mod != "last" and _FUTURE_RE.search(_before(text, s)))
            day, parts = _weekday_near(page, WEEKDAYS.index(m.group("day").lower()), bool(future)), 3
        elif kind == "day":
            day, parts = page + dt.timedelta(days=_SHIFT.get(m.group("word").lower(), 0)), 3
        else:
            mod, unit = m.group("mod").lower(), m.group("unit").lower()
            step = -1 if mod == "last" else 1 if mod == "next" else 0
            if unit == "month":
                month = page.month + step
                day, parts = dt.date(page.year + (month - 1) // 12, (month - 1) % 12 + 1, 1), 2
            elif unit == "year" or mod in ("this", "earlier this", "later this", "this past", "this coming"):
                day, parts = dt.date(page.year + step, 1, 1), 1
            else:
                continue  # "last winter" may straddle two years: only "this <season>" is dated
        yield Figure(text=text[s:e], start=s, end=e, kind="date", value=0.0, low=0.0, high=0.0,
                     anchored=float(date_code(day, parts)), anchor=page.isoformat())


def _weekday_near(page: dt.date, weekday: int, future: bool) -> dt.date:
    """The nearest such weekday on or before the page's date, or on or after it for future events."""
    if future:
        return page + dt.timedelta(days=(weekday - page.weekday()) % 7)
    return page - dt.timedelta(days=(page.weekday() - weekday) % 7)


def _before(text: str, at: int) -> str:
    """The words of the sentence that lead up to `at` (at most 80 characters): where "will" would stand."""
    lo = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at), at - 80) + 1
    return text[lo:at]


def _start(f: Figure) -> int:
    return f.start
