"""split_sentences as main had it before its loop was written out (citecheck.text.sentences at c3f8376),
kept as the plain reference tests/test_sentences_fast_path.py compares the fast one with. The helpers are
the module's own: they did not change (but _is_abbreviation, which lost its dot-free shortcut to the caller)."""

from __future__ import annotations

from bisect import bisect_left

from citecheck.text.sentences import (
    _BOUNDARY_RE, _CLOSE_QUOTES, _OPENERS, Span, _inside, _is_abbreviation, _is_list_mark, _lines, _mark_places,
    _span, quote_spans,
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    end = len(text) if end is None else end
    spans: list[Span] = []
    marks = _mark_places(text, start, end)
    any_quote = any(text.find(c, start, end) >= 0 for c in _OPENERS)
    k = 0
    for ls, le in _lines(text, start, end):
        quotes = quote_spans(text, ls, le) if any_quote else []
        cut = ls
        k = bisect_left(marks, ls, k)
        j = bisect_left(marks, le, k)
        done = -1
        for p in marks[k:j]:
            if p < done:
                continue
            m = _BOUNDARY_RE.match(text, p, le)
            if m is None:
                continue
            done = m.end()
            stop = m.group("stop").rstrip(_CLOSE_QUOTES)
            if stop.startswith("..") and stop.strip(".") == "":
                continue
            if stop == "." and _is_abbreviation(text, p + 1):
                continue
            if stop == "." and cut == ls and _is_list_mark(text, le - len(text[ls:le].lstrip()), p):
                continue
            if quotes and _inside(quotes, p, done):
                continue
            _add(text, cut, done, spans)
            cut = done
        _add(text, cut, le, spans)
    return spans


def _add(text: str, s: int, e: int, spans: list[Span]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append(_span(s, e, text[s:e]))
