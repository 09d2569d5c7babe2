"""Read the figures of a text: counts, percentages, money, ranges, bounds, years and dates.

`read_figures(text)` is pure: it returns `Figure`s whose `start`/`end` index `text`. It expects
text already normalised by `citecheck.text.normalize` (dashes as "-", no-break and thin spaces as
plain spaces), which is how the matcher calls it; raw text mostly works too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from citecheck.figures import words as W
from citecheck.model import Figure

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# Month names must be capitalised: "may" and "march" are also ordinary words.
_MONTH = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)\b"
DATE_RES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?"),  # October 29, 2018 / Oct. 29
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),  # 29 October 2018
    re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}"),  # February 2017
    re.compile(r"\b(?P<year>1[5-9]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),  # 2017-02-13
]
DECADE_RE = re.compile(r"(?<![\w.,])(?:the\s+)?(?P<y>1[5-9]\d0|20\d0)'?s\b")

NUMBER_RE = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d,])|\d+)(?:\.\d+)?(?!\d)"
    r"|(?<![\w.,])\.\d+(?!\d)"
)
CURRENCY_PREFIX_RE = re.compile(
    r"(?:(?P<sym>US\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₩)"
    r"|(?P<code>USD|EUR|GBP|JPY|CNY|RMB|INR|CAD|AUD|CHF|KRW|Rs\.?)\s?)\s?$"
)
SYMBOLS = {"$": "USD", "US$": "USD", "U.S.$": "USD", "U.S. $": "USD", "A$": "AUD", "AU$": "AUD",
           "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL",
           "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "RMB": "CNY", "Rs": "INR",
           "Rs.": "INR"}
SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
               "mn": 1e6, "bn": 1e9, "tn": 1e12, "mln": 1e6, "bln": 1e9}
SCALE_RE = re.compile(r"\s?(?P<w>thousand|million|billion|trillion|mn|bn|tn|mln|bln)\b", re.I)
GLUED_SCALE_RE = re.compile(r"(?P<w>[kKmMbB])\b")
PERCENT_RE = re.compile(r"\s?(?:%|per\s?cent\b|pct\b)", re.I)
POINTS_RE = re.compile(r"\s?(?:percentage[\s-]points?|pp\b|%\s?points?\b)", re.I)
CURRENCY_SUFFIX_RE = re.compile(
    r"\s?(?:(?P<us>US\s|U\.S\.\s|American\s|Australian\s|Canadian\s|Hong\sKong\s)?(?P<word>dollars?|euros?)"
    r"|(?P<gbp>pounds?\s+sterling|British\s+pounds?)|(?P<yen>yen|yuan|renminbi|rupees?)"
    r"|(?P<code>USD|EUR|GBP|JPY|CNY|INR|CAD|AUD|CHF|KRW))\b",
    re.I,
)
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b")

HEDGE_RE = re.compile(
    r"(?:\b(?:about|around|roughly|approximately|approx\.?|some|circa|c\.|an\s+estimated|estimated|"
    r"est\.|nearly|almost|close\s+to|just\s+(?:over|under|below|above)|more\s+or\s+less)|~)\s*$",
    re.I,
)
BELOW_HEDGES = ("nearly", "almost", "close to", "just under", "just below")
MIN_RE = re.compile(
    r"(?:\b(?:more\s+than|over|at\s+least|exceeding|upwards\s+of|in\s+excess\s+of|above|greater\s+than|"
    r"no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|well\s+over|well\s+above|as\s+(?:few|little)\s+as)|>=?|≥)\s*$",
    re.I,
)
MAX_RE = re.compile(
    r"(?:\b(?:less\s+than|under|up\s+to|at\s+most|fewer\s+than|below|no\s+more\s+than|as\s+many\s+as|"
    r"a\s+maximum\s+of|as\s+much\s+as|as\s+high\s+as|not\s+exceeding)|<=?|≤)\s*$",
    re.I,
)
MIN_SUFFIX_RE = re.compile(r"(?:\+|-plus\b|\s+or\s+more\b|\s+and\s+(?:over|above|up)\b)")
MAX_SUFFIX_RE = re.compile(r"\s+or\s+(?:less|fewer)\b")
HEDGE_SUFFIX_RE = re.compile(r"\s+or\s+so\b")

# A number right after one of these is a label, not a quantity: "Article 25", "page 4", "No. 5".
LABEL_BEFORE_RE = re.compile(
    r"\b(?:article|section|chapter|part|page|pages|p\.|pp\.|no\.|nos\.|number|figure|fig\.|table|"
    r"appendix|vol\.|volume|resolution|rule|amendment|title|route|highway|interstate|flight|room|"
    r"suite|box|ext\.|version|episode|season|level|grade|phase|stage|class|type|category|act|"
    r"paragraph|para\.|clause|item|step|lot|unit|apartment|apt\.|floor|platform|gate|channel|"
    r"district|ward|precinct|exit|bus|line|track|verse|psalm|op\.|opus|ref\.|id|code|model|mark|mk\.?)"
    r"\s*$|[#§¶]\s*$",
    re.I,
)
# Prefixes that keep a year a year even when glued with a hyphen: "mid-2019", "post-2008".
YEAR_PREFIX_RE = re.compile(r"\b(?:mid|pre|post|late|early|end|fiscal|FY|Q[1-4])-?$", re.I)
PHONE_RE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])"
    r"|(?<![\w.])\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?![\w])"
)
URL_RE = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
TIME_RE = re.compile(r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?|\b\d{1,2}\s?[ap]\.m\.(?!\w)|\b\d{1,2}\s?[ap]m\b", re.I)
REF_RE = re.compile(r"\[\d+(?:[,\u2013-]\s?\d+)*\]")
VERSION_RE = re.compile(r"(?<![\w.])\d+(?:\.\d+){2,}(?![\w])")
FRACTION_DIGITS_RE = re.compile(r"(?<![\w/])\d+/\d+(?:/\d+)?(?![\w/])")
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|\u2013|\u2014|to|and|through|thru)\s*$", re.I)


@dataclass
class _Atom:
    """A figure being read; frozen into a Figure once ranges are joined."""

    start: int
    end: int
    raw: float
    scale: float = 1.0
    decimals: int = 0
    trailing_zeros: int = 0
    kind: str = "count"
    unit: str = ""
    approx: bool = False
    below: bool = False
    bound: str = ""
    vague: tuple[float, float] | None = None
    words: bool = False  # written in words: "six", "a dozen"
    tol: float | None = None  # a tolerance fixed by the form: "one in five" is 19-21%
    range_with: "_Atom | None" = None

    @property
    def value(self) -> float:
        return self.raw * self.scale


def read_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order of position."""
    blocked = _blocked_spans(text)
    taken: list[tuple[int, int]] = []
    figures: list[Figure] = []

    def free(s: int, e: int) -> bool:
        return not any(s < be and bs < e for bs, be in blocked + taken)

    for fig in _read_dates(text):
        if free(fig.start, fig.end):
            figures.append(fig)
            taken.append((fig.start, fig.end))
    atoms = [a for a in _read_atoms(text, blocked + taken) if free(a.start, a.end)]
    for a in _join_ranges(text, atoms):
        figures.append(_freeze(text, a))
    figures.sort(key=lambda f: f.start)
    return figures


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for rx in (URL_RE, PHONE_RE, TIME_RE, REF_RE, VERSION_RE, FRACTION_DIGITS_RE):
        spans += [m.span() for m in rx.finditer(text)]
    return spans


def _date_figure(text: str, start: int, end: int, y: int, m: int = 0, d: int = 0) -> Figure:
    code = y * 10000 + m * 100 + d
    return Figure(text=text[start:end], start=start, end=end, kind="date", value=code, low=code, high=code)


def _read_dates(text: str) -> list[Figure]:
    out: list[Figure] = []
    spans: list[tuple[int, int]] = []
    for rx in DATE_RES:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < pe and ps < e for ps, pe in spans):
                continue
            gd = m.groupdict()
            month = MONTHS.get(gd["month"].rstrip(".").lower(), 0) if gd.get("month") else int(gd.get("m") or 0)
            day = int(gd.get("day") or gd.get("d") or 0)
            year = int(gd["year"]) if gd.get("year") else 0
            if day > 31 or month > 12:
                continue
            if gd.get("month") and gd["month"] == "May" and not day and not year:
                continue
            out.append(_date_figure(text, s, e, year, month, day))
            spans.append((s, e))
    for m in DECADE_RE.finditer(text):
        s, e = m.span()
        if any(s < pe and ps < e for ps, pe in spans):
            continue
        y = int(m.group("y"))
        lo, hi = y * 10000, (y + 9) * 10000 + 1231
        s = m.start("y")
        out.append(Figure(text=text[s:e], start=s, end=e, kind="date", value=lo, low=lo, high=hi,
                          is_range=True, high_value=hi))
    return out


def _read_atoms(text: str, blocked: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in NUMBER_RE.finditer(text):
        s, e = m.span()
        if any(s < be and bs < e for bs, be in blocked):
            continue
        atom = _digits_atom(text, m.group(), s, e)
        if atom is not None:
            atoms.append(atom)
    atoms += _word_atoms(text, blocked + [(a.start, a.end) for a in atoms])
    atoms.sort(key=lambda a: a.start)
    for a in atoms:
        _qualify(text, a)
    return atoms


def _digits_atom(text: str, digits: str, s: int, e: int) -> _Atom | None:
    before = text[max(0, s - 30):s]
    plain = digits.replace(",", "").replace(" ", "")
    raw = float(plain)
    int_part, _, frac = plain.partition(".")
    atom = _Atom(start=s, end=e, raw=raw, decimals=len(frac),
                 trailing_zeros=(len(int_part) - len(int_part.rstrip("0"))) if int_part.strip("0") else 0)
    cur = CURRENCY_PREFIX_RE.search(before)
    if cur:
        atom.kind = "money"
        atom.unit = SYMBOLS.get((cur.group("sym") or cur.group("code") or "").strip(), (cur.group("code") or "").strip())
        atom.start = s - (len(before) - cur.start())
    elif s > 0 and (text[s - 1].isalpha() or (text[s - 1] == "-" and s > 1 and text[s - 2].isalpha())):
        # Glued to a word: COVID-19, IL-6, H1N1, F-35 are names. mid-2019 is still a year.
        if not (len(plain) == 4 and YEAR_PREFIX_RE.search(text[:s])):
            return None
    elif LABEL_BEFORE_RE.search(before):
        return None
    rest = text[e:e + 40]
    glued = re.match(r"[A-Za-z]+", rest)
    if glued:
        g = glued.group()
        gm = GLUED_SCALE_RE.fullmatch(g)
        if ORDINAL_RE.fullmatch(g):
            atom.kind, atom.end = "ordinal", e + len(g)
            return atom
        if gm and (g in "kKMB" or atom.kind == "money") or g.lower() in SCALE_WORDS:
            atom.scale = {"k": 1e3, "m": 1e6, "b": 1e9}.get(g.lower(), SCALE_WORDS.get(g.lower(), 1))
            atom.end = e + len(g)
        else:
            return None  # 3D, 5G, 10am, 4x4, 12kg: a name or a unit we do not read
    else:
        sm = SCALE_RE.match(rest)
        if sm:
            atom.scale = SCALE_WORDS[sm.group("w").lower()]
            atom.end = e + sm.end()
    _read_unit_suffix(text, atom)
    if atom.kind == "count" and "." not in plain and "," not in plain and " " not in digits \
            and len(plain) == 4 and 1500 <= raw <= 2100 and atom.scale == 1:
        atom.kind = "date"  # a year
    return atom


def _read_unit_suffix(text: str, atom: _Atom) -> None:
    rest = text[atom.end:atom.end + 40]
    pm = POINTS_RE.match(rest)
    if pm and atom.kind != "money":
        atom.kind, atom.unit, atom.end = "points", "pp", atom.end + pm.end()
        return
    pm = PERCENT_RE.match(rest)
    if pm and atom.kind != "money":
        atom.kind, atom.unit, atom.end = "percent", "%", atom.end + pm.end()
        return
    cm = CURRENCY_SUFFIX_RE.match(rest)
    if cm and cm.group("word") and cm.group("word").lower().startswith("euro"):
        atom.kind, atom.unit = "money", "EUR"
    elif cm and cm.group("word"):
        us = (cm.group("us") or "").strip().lower()
        atom.kind, atom.unit = "money", {"australian": "AUD", "canadian": "CAD", "hong kong": "HKD"}.get(us, "USD")
    elif cm and cm.group("gbp"):
        atom.kind, atom.unit = "money", "GBP"
    elif cm and cm.group("yen"):
        w = cm.group("yen").lower()
        atom.kind, atom.unit = "money", "JPY" if w == "yen" else "INR" if w.startswith("rupee") else "CNY"
    elif cm and cm.group("code"):
        atom.kind, atom.unit = "money", SYMBOLS.get(cm.group("code"), cm.group("code").upper())
    else:
        return
    if atom.unit and not atom.kind == "money":
        return
    atom.end += cm.end()


def _word_atoms(text: str, blocked: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []

    def free(s: int, e: int) -> bool:
        return not any(s < be and bs < e for bs, be in blocked) and not any(
            s < a.end and a.start < e for a in atoms)

    for m in W.VAGUE_RE.finditer(text):
        key = (m.group("pre").lower() + " of " if m.group("pre") else "") + m.group("word").lower()
        lo, hi = W.VAGUE.get(key, W.VAGUE[m.group("word").lower()])
        s, e = m.start(), m.end("word")
        if free(s, e):
            atoms.append(_Atom(start=s, end=e, raw=lo, vague=(lo, hi), words=True))
    for m in W.FRACTION_RE.finditer(text):
        v = W.fraction_value(m.group("num"), m.group("den"))
        if v is not None and free(*m.span()):
            atoms.append(_Atom(start=m.start(), end=m.end(), raw=round(v * 100, 2), kind="percent", unit="%",
                               approx=True, words=True, tol=max(1.0, 2 * v)))
    for m in W.ONE_IN_RE.finditer(text):
        n, d = W.small_number(m.group("num")), W.small_number(m.group("den"))
        if n and d and n < d and free(*m.span()):
            atoms.append(_Atom(start=m.start(), end=m.end(), raw=round(100 * n / d, 2), kind="percent", unit="%",
                               approx=True, words=True, tol=max(1.0, 2 * n / d)))
    for m in re.finditer(r"\bhalf\s+an?\s+(million|billion|thousand|dozen)\b", text, re.I):
        if free(*m.span()):
            v = 0.5 * (12 if m.group(1).lower() == "dozen" else SCALE_WORDS[m.group(1).lower()])
            atoms.append(_Atom(start=m.start(), end=m.end(), raw=v, words=True))
    for m in W.NUMBER_WORDS_RE.finditer(text):
        s, e = m.span()
        phrase = m.group()
        v = W.words_value(phrase)
        low = phrase.lower()
        if v is None or low in ("one", "a hundred", "an") or not free(s, e):
            continue
        if re.fullmatch(r"(?:a|an)\s+(?:thousand|million|billion|trillion)", low) and \
                not re.match(r"\s+(?:people|dollars|times|years)", text[e:e + 10]):
            pass
        if low in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
            continue  # a bare scale word: "the million-strong march" is not a figure we read
        # Scale words after a digit run are read by the digits ("2.6 million"); here only words.
        atom = _Atom(start=s, end=e, raw=v, words=True, approx=low.startswith(("a dozen", "dozen")))
        _read_unit_suffix(text, atom)
        atoms.append(atom)
    return atoms


def _qualify(text: str, a: _Atom) -> None:
    before = text[max(0, a.start - 30):a.start]
    after = text[a.end:a.end + 20]
    hm = HEDGE_RE.search(before)
    if hm:
        a.approx = True
        a.below = any(hm.group().lower().strip().startswith(b) for b in BELOW_HEDGES)
        a.start -= len(before) - hm.start()
        before = text[max(0, a.start - 30):a.start]
    if a.kind in ("count", "money", "percent", "points"):
        mm, xm = MIN_RE.search(before), MAX_RE.search(before)
        if mm:
            a.bound = "min"
            a.start -= len(before) - mm.start()
        elif xm:
            a.bound = "max"
            a.start -= len(before) - xm.start()
        sm = MIN_SUFFIX_RE.match(after)
        if sm and not a.bound:
            a.bound, a.end = "min", a.end + sm.end()
        sm = MAX_SUFFIX_RE.match(after)
        if sm and not a.bound:
            a.bound, a.end = "max", a.end + sm.end()
    sm = HEDGE_SUFFIX_RE.match(text[a.end:a.end + 10])
    if sm:
        a.approx, a.end = True, a.end + sm.end()


def _join_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and _is_range(text, a, b):
            if a.kind == "date":
                # "2014-15": the second year is short for 2015. Keep the two years apart.
                if b.kind == "count" and b.raw < 100 and b.end - b.start == 2:
                    b.kind, b.raw = "date", (a.raw // 100) * 100 + b.raw
                out += [a, b]
                i += 2
                continue
            _share_units(a, b)
            if a.value < b.value and a.kind == b.kind and a.unit == b.unit:
                between = text[max(0, a.start - 12):a.start]
                m = re.search(r"\b(?:between|from)\s*$", between, re.I)
                if m:
                    a.start -= len(between) - m.start()
                a.range_with = b
                a.end = b.end
                a.approx = a.approx or b.approx
                out.append(a)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _is_range(text: str, a: _Atom, b: _Atom) -> bool:
    gap = text[a.end:b.start]
    m = RANGE_JOIN_RE.match(gap)
    if not m or a.bound or b.bound or a.vague or b.vague:
        return False
    word = gap.strip().lower()
    if word == "and":
        return bool(re.search(r"\bbetween\s*(?:\$|€|£|¥)?\s*$", text[max(0, a.start - 12):a.start], re.I)) \
            or bool(re.search(r"\bbetween\s*$", text[max(0, a.start - 20):a.start], re.I))
    if word in ("-",) and (a.kind == "ordinal" or b.kind == "ordinal"):
        return False
    return True


def _share_units(a: _Atom, b: _Atom) -> None:
    """'$5-6 million', '5 to 10%', '80-120 thousand': the first figure takes the second's units."""
    if b.kind in ("percent", "points", "money") and a.kind == "count":
        a.kind, a.unit = b.kind, b.unit
    if a.kind == "money" and b.kind == "count":
        b.kind, b.unit = a.kind, a.unit
    if a.scale == 1 and b.scale > 1 and a.raw < b.raw:
        a.scale = b.scale
        if a.decimals == 0 and not a.words:
            a.decimals = 0


def _tolerance(a: _Atom) -> float:
    """Half the unit of the last digit written: '2.6 million' is 2.6e6 +- 5e4; '117' is exact."""
    if a.tol is not None:
        return a.tol
    if a.words and not a.approx:
        return 0.0
    if a.decimals:
        written = 10 ** -a.decimals * a.scale / 2
    elif a.scale > 1:
        written = a.scale / 2
    else:
        written = 0.0
    if not a.approx:
        return written
    if a.decimals:
        rounding = 10 ** -a.decimals * a.scale
    else:
        rounding = 10 ** a.trailing_zeros * a.scale
    v = abs(a.value)
    return max(written, min(rounding / 2, 0.1 * v), 0.02 * v)


def _interval(a: _Atom) -> tuple[float, float]:
    if a.vague:
        return a.vague
    tol = _tolerance(a)
    lo, hi = a.value - tol, a.value + tol
    if a.approx and a.below:
        lo, hi = a.value - max(tol, 0.1 * abs(a.value)), a.value
    if a.bound == "min":
        hi = math.inf
        lo = a.value - tol if a.approx else a.value
    elif a.bound == "max":
        lo = 0.0 if a.value >= 0 else -math.inf
        hi = a.value + tol if a.approx else a.value
    return lo, hi


def _freeze(text: str, a: _Atom) -> Figure:
    lo, hi = _interval(a)
    fig = Figure(text=text[a.start:a.end], start=a.start, end=a.end, kind=a.kind,
                 value=_clean(a.value), low=_clean(lo), high=_clean(hi), unit=a.unit, bound=a.bound,
                 approx=a.approx, vague=a.vague is not None)
    if a.kind == "date":
        code = int(a.raw) * 10000
        fig = replace(fig, value=code, low=code, high=code, approx=False, bound="")
    if a.range_with is not None:
        b = a.range_with
        blo, bhi = _interval(b)
        fig = replace(fig, is_range=True, high_value=_clean(b.value), low=_clean(lo), high=_clean(bhi))
    return fig


def _clean(x: float) -> float:
    """Round away float noise so 2.6 * 1e6 prints as 2600000."""
    if math.isinf(x):
        return x
    return float(f"{x:.12g}")
