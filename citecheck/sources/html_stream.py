"""Read HTML as a stream of tags and strings, in linear time and without building a tree.

Beautiful Soup's tree of a 24 MB page took 3.3 GB, and walking or searching it cost time per
subtree. A reader here sees the same tags and strings as that tree would hold, in document order,
with the same open elements around each one, but nothing is kept unless the reader keeps it:

- Tokens come from Beautiful Soup's own html.parser adapter (character references, entities,
  CDATA and empty elements exactly as before); only the tree building is replaced by `TagSink`,
  which keeps the stack of open element names and closes elements as Beautiful Soup does (an end
  tag closes the nearest open element of its name and everything inside it; one with no open
  element of its name is ignored), with O(1) bookkeeping per tag.
- html.parser searches to the end of the input for the terminator of a construct that is never
  closed (`<!--` without `-->`, `<x` without `>`, `<![CDATA[` without `]]>`), once per opener: 50,000
  of them took minutes. `citecheck.text.markup.bound_markup` escapes such openers first, in one
  linear pass, which gives the text html.parser makes of them anyway (it reads an unclosed
  construct as text); the HTML article reader uses the same pass.
- The markup is fed in pieces, and the deadline is checked between them.
- Nesting is bounded (MAX_DEPTH open elements); deeper is refused, never recursed into.
"""

from __future__ import annotations

from functools import lru_cache

from citecheck.sources.limits import Deadline
from citecheck.text.markup import bound_markup

MAX_DEPTH = 100_000
PIECE = 256 * 1024  # characters fed to the parser between deadline checks

# Elements whose strings Beautiful Soup files as something other than text (scripts, styles,
# templates and ruby annotations): their strings are not part of what a page says.
STRING_CONTAINERS = frozenset({"script", "style", "template", "rt", "rp"})
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem",
                           "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "command", "frame",
                           "image", "isindex", "nextid", "spacer"})


class TooDeep(Exception):
    """More than MAX_DEPTH elements open at once."""


class PastDeadline(Exception):
    """Reading the markup ran past its deadline."""


class _Opened:
    """What html.parser's adapter needs to know of a new element."""

    __slots__ = ("is_empty_element",)

    def __init__(self, empty: bool):
        self.is_empty_element = empty


_EMPTY, _NOT_EMPTY = _Opened(True), _Opened(False)


class _Builder:
    attribute_dict_class = dict
    store_line_numbers = False


class TagSink:
    """Stands in for the BeautifulSoup object the adapter builds a tree in. Subclasses implement
    `opened`, `closed` and `string`."""

    builder = _Builder()

    def __init__(self) -> None:
        self.contains_replacement_characters = False
        self._names: list[str] = []  # open elements, outermost first
        self._marks: list[bool] = []  # what `opened` returned for each
        self._attrs: list[dict | None] = []  # attributes, kept for string containers only
        self._open_count: dict[str, int] = {}
        self._containers = 0  # open string containers
        self._data: list[str] = []
        self._interned: dict[str, str] = {}

    # -- what a reader implements ------------------------------------------------------------------

    def opened(self, name: str, attrs: dict[str, str]) -> bool:
        """An element starts; the value returned is handed back to `closed`."""
        raise NotImplementedError

    def closed(self, name: str, mark: bool) -> None:
        raise NotImplementedError

    def string(self, data: str, visible: bool, inside: str | None, attrs: dict[str, str] | None) -> None:
        """A string; `visible` unless it is a comment, declaration or a string container's content.
        `inside`: the innermost open element; `attrs` its attributes if it is a string container."""
        raise NotImplementedError

    # -- the tree-building calls of Beautiful Soup's html.parser adapter ---------------------------

    def handle_starttag(self, name, namespace, nsprefix, attrs, sourceline=None, sourcepos=None, namespaces=None):
        self.endData()
        if len(self._names) >= MAX_DEPTH:
            raise TooDeep
        name = self._interned.setdefault(name, name)  # one string per tag name: 8 bytes per open element
        self._marks.append(self.opened(name, attrs))
        self._names.append(name)
        container = name in STRING_CONTAINERS
        self._attrs.append(attrs if container else None)
        self._containers += container
        self._open_count[name] = self._open_count.get(name, 0) + 1
        return _EMPTY if name in VOID_ELEMENTS else _NOT_EMPTY

    def handle_endtag(self, name, nsprefix=None):
        self.endData()
        if not self._open_count.get(name):
            return  # nothing of that name is open: ignored
        while self._pop() != name:
            pass

    def handle_data(self, data: str) -> None:
        self._data.append(data)

    def endData(self, containerClass=None) -> None:  # noqa: N802 - Beautiful Soup's name
        if not self._data:
            return
        data = "".join(self._data)
        self._data = []
        visible = (containerClass is None and not self._containers) or \
            (containerClass is not None and containerClass is _html_parser().CData)
        inside = self._names[-1] if self._names else None
        self.string(data, visible, inside, self._attrs[-1] if self._attrs else None)

    def close(self) -> None:
        self.endData()
        while self._names:
            self._pop()

    def _pop(self) -> str:
        name = self._names.pop()
        self._attrs.pop()
        self._open_count[name] -= 1
        self._containers -= name in STRING_CONTAINERS
        self.closed(name, self._marks.pop())
        return name


@lru_cache(maxsize=1)
def _html_parser():
    """html_parser.Parser, imported when a page is first read: Beautiful Soup costs a tenth of a second of
    start-up, which a run that reads no HTML need not pay."""
    from citecheck.sources import html_parser

    return html_parser


def stream_html(markup: str, sink: TagSink, deadline: Deadline | None = None) -> None:
    """Feed `markup` to `sink`. Raises TooDeep, PastDeadline, or what html.parser raises."""
    parser = _html_parser().Parser(sink)
    try:
        markup = bound_markup(markup, expired=None if deadline is None else deadline.expired)
    except TimeoutError:
        raise PastDeadline from None
    for start in range(0, len(markup), PIECE):
        if deadline is not None and deadline.expired():
            raise PastDeadline
        parser.feed(markup[start:start + PIECE])
    if deadline is not None and deadline.expired():
        raise PastDeadline
    parser.close()
    sink.close()
    parser.already_closed_empty_element = []
    del parser.rawdata

