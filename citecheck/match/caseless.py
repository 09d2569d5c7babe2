"""Case-insensitive word patterns, searched fast in ASCII text.

The matcher asks a few patterns of alternative words ("may|might|could ...", "no|not|never ...") of every
claim and of the passage most about it, compiled with re.IGNORECASE. Python's regex engine tries such a
pattern at every position of the text and, ignoring case, compares each alternative letter by letter (its
quick first-letter test only serves patterns that heed case): 20-50 us for a sentence, a sixth of the
instructions of checking a claim on a page of short sentences.

For ASCII text, the same pattern compiled to heed case finds the same matches in the text in lower case:
ignoring case, an ASCII letter matches only itself and its other case (the other letters that match one,
such as the Kelvin sign for "k", are not ASCII), lower-casing ASCII text changes no other character and no
length, and a pattern written in lower case with no upper-case escape (\\W, \\B, \\S, \\D) reads the same
classes (\\w, \\b, \\s) in both texts. Text with any other character is searched with the pattern as it
was compiled, ignoring case.
"""

from __future__ import annotations

import re


class Caseless:
    """`pattern` compiled with re.IGNORECASE (`.regex`), with found(), blanked() and split() faster on
    ASCII text."""

    __slots__ = ("regex", "_heeding")

    def __init__(self, pattern: str):
        if pattern != pattern.lower():
            # An upper-case letter (a literal, or \W, \B, \S, \D) would read otherwise in lower-case text.
            raise ValueError("a Caseless pattern is written in lower case")
        self.regex = re.compile(pattern, re.IGNORECASE)
        self._heeding = re.compile(pattern)
        if self.regex.groups:
            raise ValueError("a Caseless pattern has no group (split would return them)")

    def found(self, text: str) -> bool:
        """self.regex.search(text) is not None."""
        if text.isascii():
            return self._heeding.search(text.lower()) is not None
        return self.regex.search(text) is not None

    def blanked(self, text: str) -> str:
        """self.regex.sub(" ", text): each match replaced by one space."""
        if not text.isascii():
            return self.regex.sub(" ", text)
        pieces = self._between(text)
        return " ".join(pieces) if len(pieces) > 1 else text

    def split(self, text: str) -> list[str]:
        """self.regex.split(text) (the pattern has no group: the pieces between the matches)."""
        if not text.isascii():
            return self.regex.split(text)
        return self._between(text)

    def _between(self, text: str) -> list[str]:
        """The pieces of ASCII `text` between the matches: the same matches at the same places in the text in
        lower case (see the module's docstring), so the original text is cut there."""
        out, at = [], 0
        for m in self._heeding.finditer(text.lower()):
            s, e = m.span()
            out.append(text[at:s])
            at = e
        out.append(text[at:])
        return out
