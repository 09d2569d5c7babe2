"""Preparing a piece of a source as main had it before its per-sentence loops were made of maps
(citecheck.match.prepare at dd8c095): prepare_piece with a Span per sentence, the stems read sentence by
sentence, the figures blanked by a loop, the posting lists filled by a loop and the passages made one by one.
Kept as the plain reference tests/test_prepare_fast_path.py compares the fast ones with. The helpers it calls
(the figure reader, _undotted, _dotted_at, _word_keys) are the module's own: they did not change."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import chain

from citecheck.figures.read import read_piece
from citecheck.figures.table import FigureTable
from citecheck.match.prepare import _TOKEN_RE, Passage, SourcePiece, _dotted_at, _undotted, _word_keys
from tests.plain_sentences import split_sentences


def prepare_piece(text: str, bounds: tuple[tuple[int, int], ...]) -> SourcePiece:
    start, end = bounds[0][0], bounds[-1][1]
    read = FigureTable(text, chain.from_iterable(read_piece(text, a, b) for a, b in bounds))
    spans = split_sentences(text, start, end)
    begins, ends = [span.start for span in spans], [span.end for span in spans]
    sentence_of = array("q", (sentence_at(begins, ends, at) for at in read.starts))
    words = blanked(text, start, end, ((read.starts[k], min(read.ends[k], ends[i]))
                                       for k, i in enumerate(sentence_of) if i >= 0))
    stems = sentence_stems(words, start, spans)
    read.text = ""
    return SourcePiece(read, array("q", (x for span in spans for x in (span.start, span.end))), sentence_of, stems)


def sentence_at(begins, ends, at: int) -> int:
    i = bisect_right(begins, at) - 1
    return i if i >= 0 and at < ends[i] else -1


def blanked(text: str, start: int, end: int, spans) -> str:
    pieces, at = [], start
    for s, e in spans:
        lo, hi = max(s, at), min(e, end)
        if hi <= lo:
            continue
        pieces.append(text[at:lo])
        pieces.append(" " * (hi - lo))
        at = hi
    pieces.append(text[at:end])
    return "".join(pieces)


class _WordKeys(dict):
    def __missing__(self, word: str) -> tuple[str, ...]:
        keys = self[word] = _word_keys(word)
        return keys


def sentence_stems(words: str, offset: int, spans) -> list[frozenset[str]]:
    out = []
    read: dict[str, frozenset[str]] = {}
    stem_sets: dict[frozenset[str], frozenset[str]] = {}
    word_keys = _WordKeys()
    dotted = _dotted_at(words)
    at = next(dotted, None)
    findall = _TOKEN_RE.findall
    for span in spans:
        s, e = span.start - offset, span.end - offset
        sentence = words[s:e]
        stems = read.get(sentence)
        if stems is None:
            while at is not None and at < s:
                at = next(dotted, None)
            found = findall(_undotted(sentence) if at is not None and at + 4 <= e else sentence)
            stems = frozenset(chain.from_iterable(map(word_keys.__getitem__, set(found))))
            stems = read[sentence] = stem_sets.setdefault(stems, stems)
        out.append(stems)
    return out


def postings(stems: list[frozenset[str]], first: int = 0, into: dict | None = None) -> dict[str, array]:
    """The posting lists as _Joined.add filled them, sentence by sentence and stem by stem."""
    out = {} if into is None else into
    for i, sentence in enumerate(stems, first):
        for t in sentence:
            ids = out.get(t)
            if ids is None:
                out[t] = ids = array("I")
            ids.append(i)
    return out


def passages_of(starts, ends, stems, first: int = 0) -> tuple[Passage, ...]:
    return tuple(Passage(i, s, e, x) for i, s, e, x in zip(range(first, first + len(stems)), starts, ends, stems))
