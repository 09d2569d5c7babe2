"""Check a quotation against a source text, almost verbatim. Pure: no I/O.

The quote is compared word by word with the span of the source that matches it best. Case, quote
marks, dashes, spaces and punctuation do not count; words do. An ellipsis ("...", "\u2026") in the
quote stands for any gap in the source: its fragments must appear in order. A square-bracket
insertion ("[the regime]") stands for any few words of the source, or none; brackets inside a word
("[T]he") only mark a changed letter.

- every word in place                -> supported
- most words in place, some not      -> misquoted, with the source's wording and a word diff:
                                        "[-quote's word-] {+source's word+}"
- the words are not in the source    -> unsupported

Evidence offsets index the source text as given (not its normalised copy).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from citecheck.model import MISQUOTED, SUPPORTED, UNSUPPORTED, Evidence, QuoteCheck
from citecheck.text import NormalText, normalize

WORD_RE = re.compile(r"[^\W_]+(?:['.,\-][^\W_]+)*")
ELLIPSIS_RE = re.compile(r"\.\s?\.\s?\.|\u2026")
BRACKET_RE = re.compile(r"\[[^\[\]]*\]")
IN_WORD_BRACKET_RE = re.compile(r"\[([^\W_]{1,3})\](?=[^\W_])|(?<=[^\W_])\[([^\W_]{1,3})\]")
BRACKET_GAP = 6  # a bracket insertion stands for at most this many words of the source
MISQUOTE_SIMILARITY = 0.6  # least word similarity (2*matched / (quote words + source words)) of a near miss


@dataclass(frozen=True)
class _Word:
    key: str  # lower case, letters and digits only
    text: str
    start: int  # span in the normalised text
    end: int


@dataclass(frozen=True)
class _Item:
    """One element of a quote fragment: a word, or a bracket insertion (a gap of 0..BRACKET_GAP words)."""

    key: str
    text: str
    gap: bool = False


_JOINERS = str.maketrans("", "", "'.,-")


def _key(word: str) -> str:
    """A WORD_RE word for comparing: lower case, without its inner apostrophes, dots, commas, hyphens."""
    return word.lower().translate(_JOINERS)


def _words(norm: NormalText) -> list[_Word]:
    return [_Word(_key(m.group()), m.group(), m.start(), m.end()) for m in WORD_RE.finditer(norm.text)]


@lru_cache(maxsize=8)
def _prepared(source_text: str) -> tuple[NormalText, list[_Word], str, list[int]]:
    """A source prepared once for all the quotes checked against it (a run checks many per source)."""
    norm = normalize(source_text)
    words = _words(norm)
    joined, starts = _joined(words)
    return norm, words, joined, starts


def quote_fragments(quote: str) -> list[list[_Item]]:
    """The fragments of a quote between ellipses, each as words and bracket insertions."""
    text = normalize(quote).text
    text = IN_WORD_BRACKET_RE.sub(lambda m: m.group(1) or m.group(2), text)
    fragments = []
    for part in ELLIPSIS_RE.split(text):
        items: list[_Item] = []
        pos = 0
        for m in BRACKET_RE.finditer(part):
            items += [_Item(_key(w), w) for w in WORD_RE.findall(part[pos:m.start()])]
            items.append(_Item("", m.group(), gap=True))
            pos = m.end()
        items += [_Item(_key(w), w) for w in WORD_RE.findall(part[pos:])]
        if any(not it.gap for it in items):
            fragments.append(items)
    return fragments


def check_quote(quote: str, source_text: str, url: str = "") -> QuoteCheck:
    """Find the span of `source_text` that best matches `quote` and compare them word by word."""
    fragments = quote_fragments(quote)
    n_quote = sum(1 for f in fragments for it in f if not it.gap)
    if not n_quote:
        return QuoteCheck(quote, UNSUPPORTED, 0.0, reason="the quote has no words to look for")
    norm, words, joined, starts = _prepared(source_text or "")
    if not words:
        return QuoteCheck(quote, UNSUPPORTED, 0.0, reason="the source has no text")
    after = 0  # fragments must appear in order
    aligned: list[list[tuple]] = []
    for frag in fragments:
        ops = _align_fragment(frag, words, joined, starts, after, norm.text)
        aligned.append(ops)
        used = [op[2] for op in ops if op[2] is not None]
        if used:
            after = max(used) + 1
    matched = sum(1 for ops in aligned for op in ops if op[0] == "eq")
    source_n = sum(1 for ops in aligned for op in ops if op[0] in ("eq", "sub", "ins"))
    edits = sum(1 for ops in aligned for op in ops if op[0] in ("sub", "del", "ins"))
    similarity = 2 * matched / (n_quote + source_n) if n_quote + source_n else 0.0
    spans = [_span(ops) for ops in aligned]
    found = [s for s in spans if s is not None]
    if not found or similarity < MISQUOTE_SIMILARITY:
        return QuoteCheck(quote, UNSUPPORTED, similarity,
                          reason="the quoted words are not in the source")
    first, last = found[0][0], found[-1][1]
    o_start, _ = norm.span(words[first].start, words[first].end)
    _, o_end = norm.span(words[last].start, words[last].end)
    evidence = Evidence(url, source_text[o_start:o_end], o_start, o_end)
    wording = " ... ".join(" ".join(source_text[norm.span(words[a].start, words[b].end)[0]:
                                                norm.span(words[a].start, words[b].end)[1]].split())
                           for a, b in found)
    if edits == 0 and len(found) == len(spans):
        return QuoteCheck(quote, SUPPORTED, 1.0, evidence, wording,
                          reason="the quote stands word for word in the source")
    diff = " ... ".join(_diff(frag, ops, words) for frag, ops in zip(fragments, aligned))
    return QuoteCheck(quote, MISQUOTED, similarity, evidence, wording, diff,
                      reason=f'the source words it differently: "{wording}"')


def _joined(words: list[_Word]) -> tuple[str, list[int]]:
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w.key) + 1
    return " ".join(w.key for w in words), starts


def _align_fragment(frag: list[_Item], words: list[_Word], joined: str, starts: list[int],
                    after: int, text: str) -> list[tuple]:
    """Ops aligning the fragment with the best window of the source at or after word `after`.

    Each op is (kind, fragment index or None, source word index or None) with kind one of
    eq, sub, del (a quote word the source lacks), ins (a source word the quote lacks), gap.
    """
    if after >= len(words):
        return [("del", i, None) if not it.gap else ("gap", i, None) for i, it in enumerate(frag)]
    needle = " ".join(it.key for it in frag if not it.gap)
    base = starts[after]
    hay = joined[base:]
    al = fuzz.partial_ratio_alignment(needle, hay)
    if al is None:
        lo, hi = after, len(words)
    else:
        lo = bisect.bisect_right(starts, base + al.dest_start) - 1
        hi = bisect.bisect_right(starts, base + max(al.dest_end - 1, al.dest_start))
    n_words = sum(1 for it in frag if not it.gap)
    margin = max(3, n_words // 2) + BRACKET_GAP * sum(1 for it in frag if it.gap)
    lo, hi = max(after, lo - margin), min(len(words), hi + margin)
    ops = _dp_align(frag, [w.key for w in words[lo:hi]])
    ops = [(k, p, None if s is None else s + lo) for k, p, s in ops]
    return _trailing_substitutions(ops, words, text)


def _trailing_substitutions(ops: list[tuple], words: list[_Word], text: str) -> list[tuple]:
    """Quote words missing at the end are words the source has changed, if its sentence goes on:
    "the guarantee of its [-existence-] {+survival+}" rather than "[-existence-]"."""
    n = 0
    while n < len(ops) and ops[len(ops) - 1 - n][0] == "del":
        n += 1
    used = [op[2] for op in ops if op[2] is not None]
    if not n or not used or n == len(ops):
        return ops
    last = max(used)
    if last + n >= len(words):
        return ops
    if re.search(r"[.!?;:\n]", text[words[last].end:words[last + n].start]):
        return ops  # the source's sentence ends there
    head = ops[:len(ops) - n]
    return head + [("sub", op[1], last + 1 + i) for i, op in enumerate(ops[len(ops) - n:])]


def _dp_align(frag: list[_Item], window: list[str]) -> list[tuple]:
    """Semi-global edit alignment: the whole fragment against the cheapest span of the window."""
    P, W = len(frag), len(window)
    INF = float("inf")
    cost = [[0.0] * (W + 1)] + [[INF] * (W + 1) for _ in range(P)]
    back: list[list[tuple | None]] = [[None] * (W + 1) for _ in range(P + 1)]
    for i in range(1, P + 1):
        it = frag[i - 1]
        row, prev = cost[i], cost[i - 1]
        for j in range(W + 1):
            if it.gap:
                best, arg = prev[j], ("gap", 0)
                for k in range(1, min(BRACKET_GAP, j) + 1):
                    if prev[j - k] < best:
                        best, arg = prev[j - k], ("gap", k)
            else:
                best, arg = prev[j] + 1, ("del", 0)
                if j:
                    c = prev[j - 1] + (0 if window[j - 1] == it.key else 1)
                    if c <= best:
                        best, arg = c, ("eq" if window[j - 1] == it.key else "sub", 1)
            if j and row[j - 1] + 1 < best:
                best, arg = row[j - 1] + 1, ("ins", 1)
            row[j], back[i][j] = best, arg
    end = min(range(W + 1), key=lambda j: (cost[P][j], j))
    ops: list[tuple] = []
    i, j = P, end
    while i > 0:
        kind, k = back[i][j]
        if kind == "ins":
            ops.append(("ins", None, j - 1))
            j -= 1
        elif kind == "gap":
            ops += [("gapword", None, j - d) for d in range(1, k + 1)]
            ops.append(("gap", i - 1, None))
            i, j = i - 1, j - k
        elif kind == "del":
            ops.append(("del", i - 1, None))
            i -= 1
        else:
            ops.append((kind, i - 1, j - 1))
            i, j = i - 1, j - 1
    ops.reverse()
    # Source words a bracket insertion stands for belong to the span only between matched words.
    return _trim_gap_words(ops)


def _trim_gap_words(ops: list[tuple]) -> list[tuple]:
    idx = [n for n, op in enumerate(ops) if op[0] in ("eq", "sub", "ins")]
    if not idx:
        return [op for op in ops if op[0] != "gapword"]
    first, last = idx[0], idx[-1]
    return [op for n, op in enumerate(ops) if op[0] != "gapword" or first < n < last]


def _span(ops: list[tuple]) -> tuple[int, int] | None:
    used = [op[2] for op in ops if op[2] is not None]
    return (min(used), max(used)) if used else None


def _diff(frag: list[_Item], ops: list[tuple], words: list[_Word]) -> str:
    out: list[str] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append("[-" + " ".join(dels) + "-]")
        if ins:
            out.append("{+" + " ".join(ins) + "+}")
        dels.clear()
        ins.clear()

    for kind, p, s in ops:
        if kind == "eq":
            flush()
            out.append(frag[p].text)
        elif kind == "gap":
            flush()
            out.append(frag[p].text)
        elif kind == "gapword":
            continue
        else:
            if p is not None:
                dels.append(frag[p].text)
            if s is not None:
                ins.append(words[s].text)
    flush()
    return " ".join(out)


__all__ = ["QuoteCheck", "check_quote", "quote_fragments"]
