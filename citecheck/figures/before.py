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
        `key` is neither one of `words` nor one of `symbols` (the search is not worth it there)."""
        end = len(text) if endpos is None else endpos
        if key in self.words:
            rx = self._by_word.get(key, False)
            if rx is False:
                rx = self._by_word[key] = self._for_word(key)
            return rx.search(text, pos, end) if rx is not None else None
        if key and key in self.symbols:
            return self.full.search(text, pos, end)
        return None

    def _for_word(self, word: str) -> re.Pattern | None:
        """The pattern with only the phrases that can end with `word` (None if no phrase can)."""
        bare = word.rstrip(".")
        kept = [p for p, source in self._phrases if any(bare.endswith(w) for w in source)]
        return re.compile(self.template.replace("{}", "|".join(kept)), self.flags) if kept else None
