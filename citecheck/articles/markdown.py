"""Markdown articles, read the way CommonMark defines them: paragraphs and their links, with line numbers.

The parsing is markdown-it-py's (CommonMark, with GFM tables and strikethrough, and the footnote and
front-matter plugins of mdit-py-plugins); this module only walks its tokens. Read: inline links,
reference links, autolinks, inline `<a href>`, bare URLs and footnotes (`[^1]` cites the URLs of its
definition). Skipped: front matter, fenced and indented code, HTML comments, images, struck-out text
(`~~...~~`), link and footnote definitions. Code spans are text but never a claim's figure.
`<!-- citecheck: ignore REASON -->` as an HTML block marks the next paragraph, inside a paragraph
the sentence after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from citecheck.articles.blocks import Block, directive_note, find_bare_urls

COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
A_OPEN_RE = re.compile(r"""<a\s[^>]*?href\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""", re.I)
A_CLOSE_RE = re.compile(r"</a\s*>", re.I)
BR_RE = re.compile(r"<br\s*/?>", re.I)
UNDEFINED_FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]{1,100}\]")  # a footnote mark with no definition adds nothing
NOT_SOURCES = ("#", "mailto:", "javascript:", "tel:", "data:")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
            .use(front_matter_plugin).use(footnote_plugin))


def read_markdown(text: str) -> list[Block]:
    tokens = parser().parse(bound_brackets(text))
    footnotes = _footnote_urls(tokens)
    return _Reader(footnotes).read(tokens)


BLANK_LINE_RE = re.compile(r"\n[ \t]*(?:\n|$)")


def bound_brackets(text: str) -> str:
    """The text with every '[' that no ']' closes in its paragraph escaped, in one linear pass.

    markdown-it-py looks for the end of a link label or footnote mark from each '[' to the end of
    the paragraph: 30,000 '[^' took half a minute. An unclosed '[' can open neither, so escaping
    it changes nothing a reader sees; each search starts where the last one ended."""
    out: list[str] = []
    pos = 0
    close = para_end = -1
    i = text.find("[")
    while i != -1:
        if close < i:
            close = text.find("]", i)
            if close == -1:
                close = len(text) + 1
        if para_end < i:
            m = BLANK_LINE_RE.search(text, i)
            para_end = m.start() if m else len(text)
        if close > para_end and not text.startswith("\\", i - 1):
            out += [text[pos:i], "\\["]
            pos = i + 1
        i = text.find("[", i + 1)
    out.append(text[pos:])
    return "".join(out)


def _footnote_urls(tokens: list[Token]) -> dict[int, list[str]]:
    """Footnote id -> the URLs its definition holds (links and bare URLs)."""
    out: dict[int, list[str]] = {}
    note: int | None = None
    block = Block()
    for t in tokens:
        if t.type == "footnote_open":
            note, block = t.meta["id"], Block()
        elif t.type == "footnote_close" and note is not None:
            find_bare_urls(block)
            out[note] = list(dict.fromkeys(url for _, _, url in block.links))
            note = None
        elif note is not None and t.type == "inline":
            _Inline(block, 0, {}).read(t.children or [])
            block.add(" ", 0)
    return out


class _Reader:
    """Block tokens to Blocks: a paragraph, heading, list item paragraph or table row is a Block."""

    def __init__(self, footnotes: dict[int, list[str]]):
        self.footnotes = footnotes
        self.blocks: list[Block] = []
        self.pending: str | None = None  # an ignore directive waiting for the next paragraph
        self.item: int | None = None  # the number of the ordered-list item whose first paragraph comes next
        self.row: Block | None = None

    def new_block(self, **kw) -> Block:
        b = Block(**kw)
        if self.pending is not None:
            b.ignore, self.pending = self.pending, None
        self.blocks.append(b)
        return b

    def read(self, tokens: list[Token]) -> list[Block]:
        heading = False
        in_notes = 0
        for t in tokens:
            kind = t.type
            if kind == "footnote_block_open":
                in_notes += 1
            elif kind == "footnote_block_close":
                in_notes -= 1
            if in_notes:
                continue
            if kind == "list_item_open":
                self.item = int(t.info) if t.info.isdigit() else None
            elif kind == "heading_open":
                heading = True
            elif kind == "heading_close":
                heading = False
            elif kind == "tr_open":
                self.row = self.new_block()
            elif kind == "tr_close":
                self.row = None
            elif kind == "html_block":
                self.html_block(t)
            elif kind == "inline":
                line = t.map[0] + 1 if t.map else None
                if self.row is not None:
                    if self.row.length and (t.children or []):
                        self.row.add(" ; ", line)
                    _Inline(self.row, line, self.footnotes).read(t.children or [])
                    continue
                block = self.new_block(heading=heading, item=self.item)
                self.item = None
                _Inline(block, line, self.footnotes).read(t.children or [])
            # fence, code_block, front_matter, hr, images: nothing to read
        return [b for b in self.blocks if b.text.strip()]

    def html_block(self, t: Token) -> None:
        """An HTML block: its comments may be ignore directives; its text is read like inline HTML."""
        notes = [directive_note(m.group(1)) for m in COMMENT_RE.finditer(t.content)]
        rest = COMMENT_RE.sub("", t.content)
        if "<!--" in rest:  # an unclosed comment hides the rest of the block, as in a browser
            notes.append(directive_note(rest[rest.index("<!--") + 4:]))
            rest = rest[:rest.index("<!--")]
        for note in notes:
            if note is not None:
                self.pending = note
        text = re.sub(r"<[^<>]{0,2000}>", " ", rest)
        if text.strip():
            from citecheck.articles.html import read_html

            line = t.map[0] + 1 if t.map else None
            for b in read_html(rest):
                moved = self.new_block(heading=b.heading, item=b.item)
                _Inline(moved, line, self.footnotes).add_html_text(b)


class _Inline:
    """Inline tokens of one paragraph into its Block: text, links, footnote marks, ignore marks."""

    def __init__(self, block: Block, line: int | None, footnotes: dict[int, list[str]]):
        self.block = block
        self.line = line
        self.footnotes = footnotes
        self.link: tuple[int, str | None] | None = None  # (start offset, url) of the open link
        self.struck = 0

    def read(self, children: list[Token]) -> None:
        b = self.block
        for c in children:
            kind = c.type
            if kind in ("softbreak", "hardbreak"):
                b.add(" ", self.line)
                if self.line is not None:
                    self.line += 1
            elif self.struck and kind != "s_close":
                if kind == "s_open":
                    self.struck += 1
            elif kind == "text":
                b.add(UNDEFINED_FOOTNOTE_RE.sub("", c.content), self.line)
            elif kind == "code_inline":
                b.add_code(c.content, self.line)
            elif kind == "link_open":
                self.open_link(str(c.attrs.get("href", "")))
            elif kind == "link_close":
                self.close_link()
            elif kind == "footnote_ref":
                for url in self.footnotes.get(c.meta["id"], []):
                    b.add_ref(url)
            elif kind == "s_open":
                self.struck += 1
            elif kind == "s_close":
                self.struck = max(0, self.struck - 1)
            elif kind == "html_inline":
                self.html_inline(c.content)
            # image: alt text is not article text; em/strong marks add nothing

    def open_link(self, url: str) -> None:
        self.close_link()
        self.link = (self.block.length, None if not url or url.lower().startswith(NOT_SOURCES) else url)

    def close_link(self) -> None:
        if self.link is None:
            return
        start, url = self.link
        self.link = None
        text = self.block.text
        while start < self.block.length and text[start] == " ":
            start += 1
        if url is not None:  # a link around nothing but an image still cites its URL, at that point
            self.block.links.append((min(start, self.block.length), self.block.length, url))

    def html_inline(self, content: str) -> None:
        if content.startswith("<!--"):
            note = directive_note(content[4:-3] if content.endswith("-->") else content[4:])
            if note is not None:
                self.block.mark_ignore(note)
        elif A_CLOSE_RE.match(content):
            self.close_link()
        elif (m := A_OPEN_RE.match(content)) is not None:
            import html

            self.open_link(html.unescape(m.group("dq") or m.group("sq") or m.group("bare") or ""))
        elif BR_RE.match(content):
            self.block.add(" ", self.line)
        if self.line is not None:
            self.line += content.count("\n")

    def add_html_text(self, b: Block) -> None:
        """A Block the HTML reader made of an HTML block: its text and links, on this block's lines."""
        base = self.block.length
        self.block.add(b.text, self.line)
        self.block.links += [(base + s, base + e, u) for s, e, u in b.links]
        self.block.code += [(base + s, base + e) for s, e in b.code]  # a URL in code cites nothing
        self.block.ignores += [(base + i, n) for i, n in b.ignores]
        if b.ignore is not None and self.block.ignore is None:
            self.block.ignore = b.ignore
