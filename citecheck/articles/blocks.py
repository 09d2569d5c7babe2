"""From paragraphs with links to claims: every sentence that holds a figure is a claim.

Each reader (Markdown, HTML, plain text) turns its input into `Block`s: the plain text of a
paragraph, the line each character came from, and the links with their spans. This module is the
one place that decides what a claim is and which sources it cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.figures import read_figures
from citecheck.model import Claim
from citecheck.text import split_sentences

BARE_URL_RE = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")


@dataclass
class Block:
    """A paragraph being built: text, the source line of each character, and its links."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, url) in text

    def add(self, s: str, line: int) -> None:
        self.text += s
        self.lines += [line] * len(s)

    def add_link(self, anchor: str, url: str, line: int) -> None:
        start = len(self.text)
        self.add(anchor, line)
        self.links.append((start, len(self.text), url))


def find_bare_urls(block: Block) -> None:
    """Bare URLs in the text are links too (unless already inside a link)."""
    for m in BARE_URL_RE.finditer(block.text):
        if not any(s <= m.start() < e for s, e, _ in block.links):
            block.links.append((m.start(), m.end(), m.group()))
    block.links.sort()


def claims_from_blocks(blocks: list[Block], file: str, id_prefix: str = "c") -> list[Claim]:
    claims: list[Claim] = []
    for block in blocks:
        find_bare_urls(block)
        para_urls = _unique(url for _, _, url in block.links)
        for sent in split_sentences(block.text):
            text = _without_urls(sent.text)
            if not read_figures(text):
                continue
            own = _unique(url for s, e, url in block.links if s < sent.end and sent.start < e)
            sources = own or para_urls
            line = block.lines[sent.start] if block.lines else None
            claims.append(Claim(id=f"{id_prefix}{len(claims) + 1}", text=text, sources=tuple(sources),
                                file=file, line=line))
    return claims


def _without_urls(text: str) -> str:
    return re.sub(r"\s+", " ", BARE_URL_RE.sub("", text)).strip()


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for x in items:
        seen.setdefault(x, None)
    return list(seen)
