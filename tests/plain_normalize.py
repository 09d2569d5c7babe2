"""The normalisation main had before its fast path (citecheck.text.normalize at c3f8376), kept verbatim as the
plain reference the tests compare the fast path with: it matches runs of plain characters with a regular
expression, RUN_CHARS at a time, and walks every other character one by one. (The writer is the
module's own, which did not change, with the copying of a whole run that only this walk uses.)"""

from __future__ import annotations

import re
import unicodedata

from citecheck.text.normalize import _MOJIBAKE_RE, _TRANSLATE, NormalText, _repair_mojibake, _Writer

# A run of characters normalisation leaves as they are: printable ASCII but "`", a "-" not before a line
# break (hyphenation), and single spaces and single line breaks between such characters (a lone space or
# line break is written as it stands). Copied whole, not char by char: a text of short lines no longer
# leaves the run at each line break.
# (Speed: "[...]+" in the loop takes a stretch of plain characters in one step of the engine, not one
# alternation per character; it matches what "[...]" alone did, as nothing follows the loop.)
_PLAIN = r"[!-,.-_a-~]|-(?!\n)"
RUN_CHARS = 1 << 16
_RUN_RE = re.compile(r"(?:" + _PLAIN + r")(?:[!-,.-_a-~]+|-(?!\n)|[ \n](?=[!-,.-~]|-(?!\n)))*")


class _RunWriter(_Writer):
    def run(self, text: str, i: int) -> None:
        """`text`, copied as it stands at original[i:]."""
        self._flush()
        self.out.append(text)
        self._copied(i, len(text))
        self.last = text[-1]


def normalize(original: str) -> NormalText:
    w = _RunWriter()
    i, n = 0, len(original)
    # Mojibake is made of characters past ASCII: an ASCII text is not searched for it.
    moji = {} if original.isascii() else {m.start(): m for m in _MOJIBAKE_RE.finditer(original)}
    run_at = _RUN_RE.match
    while i < n:
        # Memory: the regex engine keeps a backtracking mark per step of a run's loop, so a run is matched
        # RUN_CHARS at a time (a 24 MB page of short lines is one run: 1.1 GB). The next piece starts a run
        # where this one stops, which writes and maps the text as one run would; but not right after a "-"
        # before a line break, where one run would have stopped for the hyphenation rule below.
        stop = n
        if n - i > RUN_CHARS:
            stop = i + RUN_CHARS
            if original[stop - 1] == "-" and original[stop] == "\n":
                stop += 1
        run = run_at(original, i, stop)
        if run is not None:
            w.run(run.group(), i)
            i = run.end()
            continue
        c = original[i]
        if c == " " or c == "\n":
            # Speed: what the general road below does with a plain space or line break (no mojibake or rule
            # starts at one): it joins the run of whitespace that is written when the next character is.
            if w.pending_space < 0:
                w.pending_space = i
            if c == "\n":
                w.pending_newline = True
            i += 1
            continue
        m = moji.get(i)
        chars, width = original[i], 1
        if m is not None:
            fixed = _repair_mojibake(m.group())
            if fixed is not None:
                chars, width = fixed, m.end() - m.start()
        # Hyphenation across a line break: "inter-\nnational" -> "international".
        if chars == "-" and original[i + 1:i + 2] == "\n" and w.last.isalpha() \
                and original[i + 2:i + 3].islower():
            i += 2
            continue
        # "1·7 billion": a middle dot between digits is a decimal point (Lancet style).
        if chars == "\u00b7" and w.last.isdigit() and original[i + 1:i + 2].isdigit():
            chars = "."
        for ch in chars:
            ch = _TRANSLATE.get(ch, ch)
            if ch and ord(ch[0]) > 127:
                ch = unicodedata.normalize("NFKC", ch)
            for c in ch:
                if c.isspace():
                    w.space(i, c)
                else:
                    w.char(c, i, width)
        i += width
    return NormalText(original=original, text="".join(w.out), seg_text=w.seg_text, seg_orig=w.seg_orig,
                      seg_end=w.seg_end)
