"""Patterns that end where a figure starts ("about", "more than", "page"), tried by the last word alone.

The reader asks, for each figure, whether a hedge, a bound or a label ends right before it. Each of
those patterns is a long list of phrases, `(?:\\b(?:about|around|...)|~)\\s*$`, and a search for one tries
every phrase at every word of the window before the figure: several microseconds for each figure, more
than all the rest of reading it. `EndingPhrases` finds the same match with only the phrases that can end
with the window's last word ("than" keeps "more than" and "slightly more than", drops "about").

Exactness: a match runs to the end of the window, so its last characters are the last word's (`closing`).
A phrase's source is letters and escaped dots; the literal letters it ends with are one of its source
words (say "than", or "imum" in "max(?:imum)?"), so a phrase can end a window only if the window's last
word, its dots taken off, ends with one of the phrase's source words. Keeping every phrase that passes
that test keeps every phrase that can match, in its place, so the search finds the match it found before.
"""

from __future__ import annotations

import re

from citecheck.figures.words import top_alternatives


def closing(before: str, symbols: str) -> str:
    """What `before` ends with, spaces aside: its last character if one of `symbols`, else its last word
    in lower case without opening brackets or quotes; "" for nothing."""
    tail = before.rstrip()
    return closing_of_chunk(tail.rsplit(None, 1)[-1] if tail else "", symbols)


def closing_of_chunk(chunk: str, symbols: str) -> str:
    """`closing` of a window whose last chunk (run of non-space, spaces after it aside) is `chunk`: a caller
    that asks two windows ending at one place, whose last chunk both hold whole, splits the text once."""
    if not chunk:
        return ""
    if chunk[-1] in symbols:
        return chunk[-1]
    return chunk.lstrip("([{\"'").lower()


def last_chunks(before: str, k: int) -> int:
    """Where the last `k` chunks (runs of non-space) of `before` start, or rather the end of the chunk before
    them (0 if there are no more than `k`): `rx.search(before, last_chunks(before, k))` is `rx.search(before)`
    when no match of `rx` can start before its last `k` chunks, that is when a match runs to the end
    ("\\s*$") over at most `k` chunks ("rose by 5% from", "compared with"). The search then tries those
    places alone (the characters before them still count for "\\b")."""
    parts = before.rsplit(None, k)
    return len(parts[0]) if len(parts) > k else 0


def _source_words(phrase: str) -> list[str]:
    """The literal words of a phrase's pattern: "slightly\\s+(?:more|less)" gives slightly, more, less."""
    return re.findall(r"[a-z]+", re.sub(r"\\[a-zA-Z]", " ", phrase).lower())


class EndingPhrases:
    """`template` with `phrases` in the place of "{}", compiled, searched by the last word of the window.

    `template` holds the phrases' place and whatever else the pattern matches (symbols);
    `words` are the last words worth a search and `symbols` the last characters that take the whole
    pattern (the reader's own gates, which stay as they were); `phrases` are letters, escaped dots,
    groups, `?` and spaces (`\\s`): no classes or `\\w`, whose letters could not be told from the source."""

    def __init__(self, template: str, phrases: str, flags: int, words: frozenset[str], symbols: str) -> None:
        if "[" in phrases or "\\w" in phrases:
            raise ValueError("phrases must spell their letters out")
        self.template, self.flags, self.words, self.symbols = template, flags, words, symbols
        self.full = re.compile(template.replace("{}", phrases), flags)
        self._phrases = [(p, _source_words(p)) for p in top_alternatives(phrases)]
        self._by_word: dict[str, re.Pattern | None] = {}

    def search(self, text: str, key: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """self.full.search(text, pos, endpos), where `key` is `closing(text[pos:endpos], ...)`; None when
        `key` is neither one of `words` nor one of `symbols` (the search is not worth it there).

        Speed: after a word, the search starts at the last chunks of the window that a kept phrase can span
        (`last_chunks`): each word of a phrase is letters and dots, the words are parted by `\\s+`, and
        what follows the last one is `\\s*` to the end, so a match of n words lies in the last n chunks, and
        its start can be nowhere before them (the patterns start with no word match could hold a space,
        `_most_chunks`). The engine tried the pattern at every place of the window: its alternatives open
        with `\\b`, which gives it no first character to skip to."""
        end = len(text) if endpos is None else endpos
        if key in self.words:
            found = self._by_word.get(key)
            if found is None:
                found = self._by_word[key] = self._for_word(key)
            rx, chunks = found
            if rx is None:
                return None
            if chunks:
                window = text if pos == 0 and end == len(text) else text[pos:end]
                pos += last_chunks(window, chunks)
            return rx.search(text, pos, end)
        if key and key in self.symbols:
            return self.full.search(text, pos, end)
        return None

    def _for_word(self, word: str) -> tuple[re.Pattern | None, int]:
        """The pattern with only the phrases that can end with `word` (None if no phrase can), and the most
        chunks a match of it can span (0: unknown, search the whole window)."""
        bare = word.rstrip(".")
        kept = [p for p, source in self._phrases if any(bare.endswith(w) for w in source)]
        if not kept:
            return None, 0
        return re.compile(self.template.replace("{}", "|".join(kept)), self.flags), _most_chunks(self.template, kept)


def _most_chunks(template: str, phrases: list[str]) -> int:
    """How many chunks (runs of non-space) a match of `template` with `phrases` in its place can span, at
    most, or 0 if that cannot be told. A phrase is words of letters and dots parted by `\\s+`: no more
    words than the `\\s` it holds, plus one. The template's own alternatives (symbols) and its `\\s*` at
    the end take no more than the last chunk; a template with another `\\s` is not told."""
    rest = template.replace("{}", "")
    for trailing in ("\\s*)$", "\\s*$", "\\s*|"):
        rest = rest.replace(trailing, "")
    if "\\s" in rest or "\\S" in rest or "." in rest.replace("\\.", ""):
        return 0
    for p in phrases:
        bare = p.replace("\\s+", "").replace("\\s*", "").replace("\\.", "")
        if any(c in bare for c in " .*+{\\"):  # (another class, a repeat or a space: not told)
            return 0
    return max(p.count("\\s") + 1 for p in phrases)
