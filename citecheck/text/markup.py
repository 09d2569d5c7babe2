"""HTML markup made safe for html.parser in one linear pass; shared by the page extractor
(sources/) and the HTML article reader (articles/).

html.parser searches to the end of its input for the terminator of a construct that is never
closed (`<!--` without `-->`, `<a` without `>`, `<![CDATA[` without `]]>`), once per opener, and
then reads the opener as text: 50,000 unclosed `<!--` took minutes, and 8,000 `<a x='>'` (each
tag's `>` hides in a quoted value, so no tag ever ends) more than a minute. `bound_markup` finds
every construct that would not close and writes its `<`, and any `<` up to the next `>`, as
`&lt;`: the text html.parser makes of it anyway (at the end of its input it reads such a construct,
up to the next `>`, as text). Or, for an unclosed comment when the caller asks, it ends the markup
there (a browser hides the rest too). Constructs that close are left as they are, except that a
`<` inside a start tag (in a quoted value) is written `&lt;` as well: html.parser unescapes
attribute values, so the value it reports is the same, and no later reading takes it for a tag.

Linear: every search for a terminator either starts past where the previous search of its kind
started, or reuses that search's answer; a start tag is scanned as html.parser reads it (a quoted
value after `name=` may hold `>` and `<`), and a scan that runs off the end marks the stretches it
read outside quotes; a later scan that reaches a marked place stops there and runs off the end too.
(Reaching the same place outside quotes, it would read the rest the same way; only a tag name
holding `='`, absurd markup, can differ, and that tag is then read as text.) So each character is
read outside quotes by at most one scan that runs off the end, and a scan that ends at a `>`
swallows the tags inside it, so they are never scanned.
"""

from __future__ import annotations

import re
from array import array
from typing import Callable

# Where each construct ends, by html.parser's own rules (html.parser and _markupbase, Python 3.10-3.12).
_COMMENT_END_RE = re.compile(r"--\s*>")
_TAG_END_RE = re.compile(">")
_MARKED_SECTION_RE = re.compile(r"<!\[\s*(?:cdata|temp|ignore|include|rcdata)", re.I)
_MARKED_SECTION_END_RE = re.compile(r"\]\s*\]\s*>")
_MS_SECTION_END_RE = re.compile(r"\]\s*>")
_RAW_TEXT_END_RE = {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I)}
_TAG_NAME_RE = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*")
# A start tag as most are written: attributes after spaces, values quoted or not, no '<' anywhere.
# Each attribute starts with a space and a name, and a value ends at a space, so the pattern cannot
# split a stretch two ways (no backtracking blow-up), and it cannot read past the next '<': trying
# it at every tag is linear. At most 64 attributes: the regex engine keeps state per repetition
# (a tag of 500,000 attributes took 300 MB). Other tags take the slower, exact `_StartTags` scan.
# An end tag without '<' matches too (html.parser ends it at its first '>'); group 1 is a start
# tag's name.
_PLAIN_TAG_RE = re.compile(
    r"""<(?:([a-zA-Z][^\t\n\r\f />\x00<]*)"""
    r"""(?:\s+[^\s/>"'=<]+(?:\s*=+\s*(?:"[^"<]*"|'[^'<]*'|[^\s>"'<=][^\s<>]*))?){0,64}\s*/?>"""
    r"""|/[a-zA-Z][^<>]*>)""")
# What ends a stretch of a start tag read outside quotes: its '>' (group 1), a quote that opens a
# value (group 2: after a name character, '=' and optional spaces, as html.parser's
# `name\s*=+\s*`; a '=' right after a space, '/' or a closing quote starts a name), or another quote.
_IN_TAG_RE = re.compile(r"""(>)|[^\s/=>]\s*=+\s*(["'])|["']""")
_CHECK_EVERY = 4096  # constructs between two looks at the deadline
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class _Search:
    """Searches for one pattern from positions that mostly grow: a search from a position between
    the previous start and the match found then has the same answer (or none, if none was found)."""

    __slots__ = ("pattern", "text", "start", "found")

    def __init__(self, pattern: re.Pattern, text: str):
        self.pattern, self.text = pattern, text
        self.start, self.found = len(text) + 1, None  # nothing searched yet

    def after(self, pos: int) -> re.Match | None:
        """The first match starting at or after `pos`."""
        if self.start <= pos and (self.found is None or pos <= self.found.start()):
            return self.found
        self.start, self.found = pos, self.pattern.search(self.text, pos)
        return self.found


class _StartTags:
    """Where start tags end, read as html.parser reads them: the name, then up to the first `>`
    that is not inside a quoted value (a quote after an attribute name, `=` and optional spaces)."""

    def __init__(self, text: str):
        self.text = text
        self.runs_off: bytearray | None = None  # 1 where a scan that ran off the end read outside quotes

    def end(self, i: int) -> int:
        """The position after the `>` that closes the start tag at `i`, or -1 if none does."""
        text, runs_off, n = self.text, self.runs_off, len(self.text)
        if runs_off is not None and runs_off[i + 1]:
            return -1  # an earlier scan ran off the end from here
        pos = _TAG_NAME_RE.match(text, i + 1).end()
        read = array("q", (i + 1, pos))  # stretches read outside quotes, as (start, end) pairs
        while True:
            if runs_off is not None and runs_off[pos]:
                break  # from here on, an earlier scan ran off the end
            m = _IN_TAG_RE.search(text, pos)
            if m is None:
                read += array("q", (pos, n))
                break
            if m.group(1):  # '>'
                return m.end()
            read += array("q", (pos, m.end()))
            if m.group(2) is None:  # a quote in a name or an unquoted value: a character
                pos = m.end()
                continue
            close = text.find(m.group(2), m.end())
            if close == -1:
                break
            pos = close + 1
        if self.runs_off is None:
            self.runs_off = runs_off = bytearray(n + 1)
        for k in range(0, len(read), 2):
            runs_off[read[k]:read[k + 1]] = b"\x01" * (read[k + 1] - read[k])
        return -1


class _Escaped:
    """The output: `text` with some '<' written `&lt;`, built from slices joined in batches (a list
    of millions of slices took more memory than the text itself)."""

    BATCH = 4096

    def __init__(self, text: str):
        self.text = text
        self.pos = 0  # text[:pos] is settled
        self.pieces: list[str] = []
        self.batches: list[str] = []

    def escape(self, at: int, end: int | None = None) -> None:
        """Write the '<' at `at` as `&lt;`, and with `end`, every '<' before `end`."""
        text, pieces = self.text, self.pieces
        while at != -1:
            pieces.append(text[self.pos:at])
            pieces.append("&lt;")
            self.pos = at + 1
            at = -1 if end is None else text.find("<", at + 1, end)
        if len(pieces) > self.BATCH:
            self.batches.append("".join(pieces))
            pieces.clear()

    def result(self, end: int | None = None) -> str:
        """Everything, or with `end` everything before it."""
        self.pieces.append(self.text[self.pos:end])
        return "".join(self.batches + self.pieces)


def bound_markup(text: str, drop_unclosed_comment: bool = False,
                 expired: Callable[[], bool] | None = None) -> str:
    """`text` with every construct html.parser could not close written as text (`&lt;`), and `<`
    inside start tags written `&lt;` (see the module docstring). With `drop_unclosed_comment`,
    an unclosed comment ends the markup instead. Well-formed markup without `<` in attribute
    values comes out unchanged. Raises TimeoutError once `expired()` says so (asked every few
    thousand constructs)."""
    out = _Escaped(text)
    comment_end = _Search(_COMMENT_END_RE, text)
    tag_end = _Search(_TAG_END_RE, text)
    section_end = _Search(_MARKED_SECTION_END_RE, text)
    ms_section_end = _Search(_MS_SECTION_END_RE, text)
    raw_end = {name: _Search(pattern, text) for name, pattern in _RAW_TEXT_END_RE.items()}
    start_tags = _StartTags(text)
    i = text.find("<")
    count = 0
    while i != -1:
        count += 1
        if expired is not None and not count % _CHECK_EVERY and expired():
            raise TimeoutError("reading the markup ran past its deadline")
        m = _PLAIN_TAG_RE.match(text, i)  # most tags: no '<' inside, quotes after '=' only
        c = text[i + 1:i + 2]
        if m is not None and m.group(1) is None:  # an end tag
            end = m.end()
        elif c in _ASCII_LETTERS:
            if m is not None:
                end, name = m.end(), m.group(1)
            else:
                end = start_tags.end(i)
                if end != -1:
                    out.escape(text.find("<", i + 1, end), end)  # a '<' in a quoted value
                    name = _TAG_NAME_RE.match(text, i + 1).group()
            # script or style: its text may hold any '<' (not `<script/>`: html.parser reads no text in it)
            if end != -1 and name.lower() in raw_end and not text.startswith("/>", end - 2):
                close = raw_end[name.lower()].after(end)
                if close is None:
                    break
                end = close.start()
        elif text.startswith("<!--", i):
            found = comment_end.after(i + 4)
            if found is None and drop_unclosed_comment:
                return out.result(i)
            end = -1 if found is None else found.end()
        elif c == "!" and text.startswith("<![", i):
            found = (section_end if _MARKED_SECTION_RE.match(text, i) else ms_section_end).after(i + 3)
            end = -1 if found is None else found.end()
        elif c in ("!", "?", "/"):
            found = tag_end.after(i + 2)
            end = -1 if found is None else found.end()
        else:
            end = i + 1  # a lone '<' in text: html.parser reads it as text at once
        if end == -1:  # html.parser reads it, and what follows up to the next '>', as text
            found = tag_end.after(i + 1)
            end = i + 1 if found is None else found.end()
            out.escape(i, end)
        i = text.find("<", end)
    return out.result()
