"""Split text into sentences with offsets, the way news text needs it.

"Oct. 29", "U.S.", "U.N.", "Dr.", "No. 5", decimals, initials and ellipses do not end a sentence;
a line break always does (sources reach us one block or one sentence per line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "gov", "sen", "rep", "rev", "hon", "pres", "supt", "inc", "ltd", "co", "corp", "bros", "vs", "etc",
    "al", "approx", "est", "no", "nos", "vol", "vols", "fig", "figs", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "ca", "cf", "pp", "p", "op",
    "dept", "univ", "assn", "ft", "mi", "km", "lb", "lbs", "oz", "ed", "eds", "ref", "refs", "art",
    "sec", "ch", "para", "e.g", "i.e", "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "ph.d", "d.c", "u.s.a",
    "n.y", "l.a", "s.a", "a.d", "b.c", "viz", "no", "mass", "calif", "fla", "ill", "tex", "wash", "ariz",
}
_BOUNDARY_RE = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot_end: int) -> bool:
    m = _WORD_BEFORE_RE.search(text[max(0, dot_end - 12):dot_end])
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))  # initials: "J. K.", "U.S"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as spans of `text` (surrounding whitespace trimmed)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + line.start(), start + line.end()
        cut = ls
        for m in _BOUNDARY_RE.finditer(text, ls, le):
            if m.group().startswith(".") and len(m.group().rstrip("\"')]")) == 1 and _is_abbreviation(text, m.start() + 1):
                continue
            _add(text, cut, m.end(), spans)
            cut = m.end()
        _add(text, cut, le, spans)
    return spans


def _add(text: str, s: int, e: int, spans: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append(Span(s, e, text[s:e]))
