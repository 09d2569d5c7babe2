"""Words after a figure that carry no unit, scale, currency or percent: known once, then skipped.

After most numbers of a page comes an ordinary word ("41 wolves", "669,951 library"). The reader asks
each time, pattern after pattern, whether a scale word, a percent, a currency or a unit of measure starts
there (a dozen microseconds a number). `NoSuffixWords` remembers the words after which every one of those
patterns found nothing, and answers for them with one small match and one set lookup.

Exactness: the remembered key is the space, the word (a run of ASCII letters) and the character that ends
it, one of `ENDINGS` (or the end of the text). A word is remembered only when it opens no alternative
that goes on past it (`continuing_words`: "square" of "square metres", "per" of "per cent", "sq" of
"sq. km" are never remembered). Every other alternative that holds letters ends with a boundary (`\\b`,
`(?![\\w°/])`), so a match of any of them takes the whole word and looks at one character after it: the
ending, which is in the key. So the patterns find nothing after a remembered key wherever it stands, as
they found nothing where it was remembered.
"""

from __future__ import annotations

import re

try:  # the parser of the re module (Python 3.11 on); Python 3.10 names it sre_parse
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover (Python 3.10)
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

# What may end the word of a key: none of them a word character, "°" or "/", which the patterns' last
# lookaheads turn on, nor a letter under re.IGNORECASE.
ENDINGS = " \n,.;:)"
MAX_WORD = 30  # the word and its ending stay inside the 40 characters the reader looks at after a number
WORD_AFTER_RE = re.compile(r" [A-Za-z]{1,%d}(?:[%s]|\Z)" % (MAX_WORD, re.escape(ENDINGS)))
MAX_KEYS = 100_000  # memory: a page of made-up words fills no more than this


class _Unsupported(ValueError):
    pass


def continuing_words(pattern: re.Pattern) -> set[str]:
    """The words (lower case, ASCII letters) that open an alternative of `pattern` (after its leading
    optional spaces) and that something other than the pattern's end or an assertion follows: "square"
    in "square\\s+met(?:re|er)s?". A superset: assertions inside are taken as passing. Raises ValueError
    for a pattern it cannot read so (letters repeated without bound, a class of word characters)."""
    out: set[str] = set()
    for word, goes_on in _words(list(P.parse(pattern.pattern, pattern.flags)), ""):
        if goes_on and word:
            out.add(word)
    return out


def _words(items: list, prefix: str):
    """(word, goes_on) for each way `items` can be read, from `prefix` (the letters read so far): the
    letters read to the first other item, and whether one follows (True) or the items end (False)."""
    if not items:
        yield prefix, False
        return
    op, av = items[0]
    rest = items[1:]
    if op is C.LITERAL:
        c = chr(av)
        if c.isascii() and c.isalpha():
            yield from _words(rest, prefix + c.lower())
        elif not c.isascii() and any(re.match(re.escape(c), a, re.I) for a in "abcdefghijklmnopqrstuvwxyz"):
            raise _Unsupported(f"letter {c!r} matches an ASCII one")
        elif prefix:
            yield prefix, True
        elif c.isspace():
            yield from _words(rest, prefix)  # the space before the word, leading
        # (any other character where the word would start: this alternative cannot open with a word)
    elif op is C.IN:
        chars = []
        for kind, val in av:
            if kind is C.LITERAL:
                chars.append(chr(val))
            elif kind is C.RANGE:
                chars.extend(chr(x) for x in range(val[0], val[1] + 1))
            elif kind is C.CATEGORY and val is C.CATEGORY_SPACE:
                chars.append(" ")
            else:
                raise _Unsupported(f"class item {kind}")
        for c in dict.fromkeys(chars):
            yield from _words([(C.LITERAL, ord(c)), *rest], prefix)
    elif op is C.BRANCH:
        for branch in av[1]:
            yield from _words(list(branch) + rest, prefix)
    elif op is C.SUBPATTERN:
        yield from _words(list(av[-1]) + rest, prefix)
    elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, sub = av
        sub = list(sub)
        if hi > 4:
            if prefix or any(w for w, _ in _words(sub, "")):
                if not prefix:
                    raise _Unsupported("letters repeated without bound")
                yield prefix, True
                return
            hi = 1  # spaces repeated: one stands for them all (they end no word and hold none)
        for n in range(lo, hi + 1):
            yield from _words(sub * n + rest, prefix)
    elif op is C.AT:
        yield from _words(rest, prefix)  # (a boundary taken as passing: a superset; it reads one character)
    elif op in (C.ASSERT, C.ASSERT_NOT):
        if prefix and av[1].getwidth()[1] > 1:
            yield prefix, True  # "percentage(?!\\s*points?)": it reads past the word's ending
        else:
            yield from _words(rest, prefix)  # (taken as passing: a superset)
    elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
        yield from _words([(C.LITERAL, 32), *rest], prefix)
    else:
        raise _Unsupported(f"item {op}")


class NoSuffixWords:
    """The keys (a space, a word, its ending) after which `patterns` all found nothing."""

    def __init__(self, patterns: list[re.Pattern]) -> None:
        self.patterns = patterns
        try:
            self.continuing = frozenset().union(*(continuing_words(p) for p in patterns))
            self.on = True
        except ValueError:
            # A pattern this cannot read (a new unit pattern, another Python's parser): no word is remembered,
            # and every number is read the long way, as right as before and slower (a test asserts it is on).
            self.continuing, self.on = frozenset(), False
        self.keys: set[str] = set()
        # Keys after which a pattern did find something, or that were not worth remembering (" million,",
        # " per "): answered False at once. (Always exact: False only sends the reader the long way, which
        # asks every pattern itself; a scale word after money came back through every pattern each time.)
        self.others: set[str] = set()

    def none_at(self, text: str, pos: int, window: int) -> bool:
        """Do all the patterns find nothing at text[pos:pos + window] (the reader's look after a number),
        where a space, then a word and its ending, stand at `pos`? Remembered when the word may be."""
        m = WORD_AFTER_RE.match(text, pos) if self.on else None
        if m is None:
            return False
        key = m.group()
        if key in self.keys:
            return True
        if key in self.others:
            return False
        if len(key) > window:
            return False  # (the look must hold the word and its ending)
        word = key[1:] if key[-1].isalpha() else key[1:-1]
        if word.lower() in self.continuing or any(p.match(text[pos:pos + window]) for p in self.patterns):
            if len(self.others) < MAX_KEYS:
                self.others.add(key)
            return False
        if len(self.keys) < MAX_KEYS:
            self.keys.add(key)
        return True
