"""From paragraphs with links to claims: every sentence that holds a figure or a quotation is a claim.

Each reader (Markdown, HTML, plain text, Word) turns its input into `Block`s: the plain text of a
paragraph, the line each character came from, its links with their spans (a footnote or numbered
reference is a zero-length link at the point it is cited), and its `citecheck: ignore` marks. This
module is the one place that decides what a claim is and which sources it cites:

- a claim is a sentence that holds a figure or an attributed quotation of 5 words or more;
- its sources are the links in that sentence, else the nearest link before it in its paragraph,
  else the links of its paragraph; with none, the claim is `unsourced`;
- numbered references ("[3]" in the text, "[3] https://..." or "3. Author, Title, https://..."
  under a "References" heading) cite the URLs of their entry; the entries are not claims.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from citecheck.articles.quotations import find_quote
from citecheck.figures import read_figures
from citecheck.model import IGNORED, Claim
from citecheck.text import split_sentences

BARE_URL_RE = re.compile(r"https?://[^\s<>()\"'\u201c\u201d\u2018\u2019]+[^\s<>()\"'.,;:!?\u201c\u201d\u2018\u2019\]]")
DIRECTIVE_RE = re.compile(r"^\s*citecheck\s*:\s*ignore\b[\s:,\-\u2013\u2014]*(?P<note>.*?)\s*$", re.I | re.S)
COMMENT_DIRECTIVE_RE = re.compile(r"<!--(?P<body>\s*citecheck\s*:\s*ignore\b.*?)-->", re.I | re.S)
REF_HEADING_RE = re.compile(r"^\s*(references|sources|notes|endnotes|footnotes|bibliography|works cited|"
                            r"citations|literature|sources and notes|notes and references)\s*:?\s*$", re.I)
REF_ENTRY_RE = re.compile(r"^\s*(?:\[(?P<br>\d{1,3})\]|\((?P<pa>\d{1,3})\)|(?P<dot>\d{1,3})[.)])\s+")
REF_MARK_RE = re.compile(r"[ \u00a0]?\[(?P<nums>\d{1,3}(?:\s*[,;\u2013-]\s*\d{1,3})*)\]")


def directive_note(comment: str) -> str | None:
    """The reason of a `citecheck: ignore REASON` comment ("" when it gives none); None if not one."""
    m = DIRECTIVE_RE.match(comment)
    return " ".join(m.group("note").split()) if m else None


class Block:
    """A paragraph being built: text, where each character came from, links and ignore marks.

    Text is collected in pieces and joined once (appending to one string is quadratic on a long
    paragraph). Positions are kept per piece, not per character: `(offset, line, column)` for each
    piece added, a column of None when the reader does not know it.
    """

    def __init__(self, heading: bool = False, item: int | None = None, ignore: str | None = None) -> None:
        self._parts: list[str] = []
        self.length = 0
        self._starts: list[int] = []  # offset of each position piece, ascending
        self._where: list[tuple[int, int | None]] = []  # (line, column) at that offset
        self.links: list[tuple[int, int, str]] = []  # (start, end, url) in text
        self.ignore = ignore  # the whole paragraph is ignored, with this note
        self.ignores: list[tuple[int, str]] = []  # the sentence at or after offset is ignored
        self.code: list[tuple[int, int]] = []  # (start, end) of code spans: text, but never a figure
        self.heading = heading
        self.item = item  # the number of an ordered-list item

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @text.setter
    def text(self, value: str) -> None:
        self._parts = [value] if value else []
        self.length = len(value)

    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def add(self, s: str, line: int | None, column: int | None = None) -> None:
        if not s:
            return
        if not self._where or self._where[-1] != (line, None) or column is not None:
            self._starts.append(self.length)
            self._where.append((line, column))
        self._parts.append(s)
        self.length += len(s)

    def position(self, offset: int) -> tuple[int | None, int | None]:
        """The (line, column) the character at `offset` came from; column None when unknown."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return (self._where[0] if self._where else (None, None))
        line, column = self._where[i]
        return line, (None if column is None else column + offset - self._starts[i])

    def add_ref(self, url: str) -> None:
        """A source cited at this point by a footnote or reference mark (which adds no text)."""
        self.links.append((self.length, self.length, url))

    def add_code(self, s: str, line: int | None) -> None:
        start = self.length
        self.add(s, line)
        self.code.append((start, self.length))

    def mark_ignore(self, note: str) -> None:
        self.ignores.append((self.length, note))

    def cut(self, start: int, end: int) -> None:
        """Remove text[start:end], moving links, marks and positions after it."""
        n = end - start
        if n <= 0:
            return
        after = self.position(end) if end < self.length else None
        text = self.text
        self.text = text[:start] + text[end:]

        def move(i: int) -> int:
            return i if i <= start else max(start, i - n)

        where = [(s, w) for s, w in zip(self._starts, self._where) if s < start or s >= end]
        where = [(move(s), w) for s, w in where]
        if after is not None:
            where = [x for x in where if x[0] != start] + [(start, after)]
            where.sort(key=lambda x: x[0])
        self._starts = [s for s, _ in where]
        self._where = [w for _, w in where]
        self.links = [(move(s), move(e), u) for s, e, u in self.links]
        self.ignores = [(move(i), note) for i, note in self.ignores]
        self.code = [(move(s), move(e)) for s, e in self.code]


def find_bare_urls(block: Block) -> None:
    """Bare URLs in the text are links too (unless already inside a link)."""
    for m in BARE_URL_RE.finditer(block.text):
        if not any(s <= m.start() < e for s, e, _ in block.links) and \
                not any(s <= m.start() < e for s, e in block.code):  # a URL in code is not a citation
            block.links.append((m.start(), m.end(), m.group()))
    block.links.sort(key=lambda link: (link[0], link[1]))


def apply_comment_directives(blocks: list[Block]) -> list[Block]:
    """`<!-- citecheck: ignore REASON -->` written in the text (plain text, Word): a mark where it stands,
    or, alone in its paragraph, an ignore of the next paragraph."""
    out: list[Block] = []
    pending: str | None = None
    for b in blocks:
        for m in reversed(list(COMMENT_DIRECTIVE_RE.finditer(b.text))):
            note = directive_note(m.group("body")) or ""
            b.cut(m.start(), m.end())
            b.ignores.append((m.start(), note))
        if not b.text.strip():
            if b.ignores:
                pending = b.ignores[0][1]
            continue
        if pending is not None and b.ignore is None:
            b.ignore = pending
        pending = None
        out.append(b)
    return out


def resolve_numbered_references(blocks: list[Block]) -> list[Block]:
    """Turn "[3]" marks into citations of reference 3's URLs and drop the reference entries."""
    refs: dict[int, list[str]] = {}
    keep: list[Block] = []
    in_refs = False
    for b in blocks:
        find_bare_urls(b)
        if b.text.strip() and REF_HEADING_RE.match(b.text):
            in_refs = True
            keep.append(b)
            continue
        if b.heading:
            in_refs = False
        m = REF_ENTRY_RE.match(b.text)
        number = None
        if m and (m.group("br") and b.links or in_refs):
            number = int(m.group("br") or m.group("pa") or m.group("dot"))
        elif in_refs and b.item is not None:
            number = b.item
        if number is not None:
            refs.setdefault(number, _unique(url for _, _, url in b.links))
            continue
        keep.append(b)
    if not refs:
        return keep
    for b in keep:
        for m in reversed(list(REF_MARK_RE.finditer(b.text))):
            numbers = _numbers(m.group("nums"))
            if not numbers or any(n not in refs for n in numbers):
                continue
            b.cut(m.start(), m.end())
            for n in numbers:
                for url in refs[n]:
                    b.links.append((m.start(), m.start(), url))
        b.links.sort(key=lambda link: (link[0], link[1]))
    return keep


def _numbers(spec: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*[,;]\s*", spec.strip()):
        if re.fullmatch(r"\d+\s*[\u2013-]\s*\d+", part):
            a, b = (int(x) for x in re.split(r"\s*[\u2013-]\s*", part))
            if a > b or b - a > 50:
                return []
            out += range(a, b + 1)
        elif part.isdigit():
            out.append(int(part))
        else:
            return []
    return out


def claims_from_blocks(blocks: list[Block], file: str, id_prefix: str = "c") -> list[Claim]:
    claims: list[Claim] = []
    for block in resolve_numbered_references(blocks):
        find_bare_urls(block)
        links = block.links
        para_urls = _unique(url for _, _, url in links)
        sentences = split_sentences(block.text)
        prose = _without_code(block)
        ignored = _ignored_sentences(block, sentences)
        for i, sent in enumerate(sentences):
            text = _clean(sent.text)
            quote = find_quote(text)
            if not quote and not read_figures(_clean(prose[sent.start:sent.end]) if block.code else text):
                continue
            sources = _sources(links, sent.start, sent.end) or para_urls
            line, column = block.position(sent.start)
            note = ignored.get(i)
            claims.append(Claim(id=f"{id_prefix}{len(claims) + 1}", text=text, sources=tuple(sources), file=file,
                                line=line, column=column, status=IGNORED if note is not None else "",
                                note=note or "", quote=quote))
    return claims


def _without_code(block: Block) -> str:
    """The block's text with its code spans blanked: a number in code is never a figure of a claim."""
    if not block.code:
        return block.text
    parts, pos = [], 0
    for start, end in sorted(block.code):
        if start < pos:
            continue
        parts += [block.text[pos:start], " " * (end - start)]
        pos = end
    return "".join(parts + [block.text[pos:]])


def _sources(links: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    """The sentence's own links, else the nearest link before it (all URLs cited at that point)."""
    own = [url for s, e, url in links if (s < end and start < e) or (s == e and start < s <= end)]
    if own:
        return _unique(own)
    before = [(s, e, url) for s, e, url in links if e <= start]
    if not before:
        return []
    last = max(e for _, e, _ in before)
    nearest = [x for x in before if x[1] == last]
    last_start = max(s for s, _, _ in nearest)
    return _unique(url for s, _, url in nearest if s == last_start)


def _ignored_sentences(block: Block, sentences) -> dict[int, str]:
    out: dict[int, str] = {}
    if block.ignore is not None:
        return {i: block.ignore for i in range(len(sentences))}
    for offset, note in block.ignores:
        for i, sent in enumerate(sentences):
            if sent.end > offset:
                out.setdefault(i, note)
                break
    return out


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", BARE_URL_RE.sub("", text)).strip()
    return re.sub(r" (?=[.,;:!?](?: |$))", "", text)  # a space left where a reference mark was cut


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)
