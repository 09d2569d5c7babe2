"""Markdown articles: paragraphs, inline links, autolinks and bare URLs, with line numbers."""

from __future__ import annotations

import re

from citecheck.articles.blocks import Block

LINK_RE = re.compile(r"!?\[(?P<anchor>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)|<(?P<auto>https?://[^>\s]+)>")
EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def read_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    in_fence = False
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # YAML front matter
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    for number, raw in enumerate(lines[start:], start + 1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            current = None
            continue
        if in_fence or not stripped or stripped.startswith("<!--"):
            current = None
            continue
        line = re.sub(r"^(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", stripped)
        if current is None or re.match(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s)", stripped):
            current = Block()
            blocks.append(current)
        elif current.text:
            current.add(" ", number)
        _add_inline(current, line, number)
    return blocks


def _add_inline(block: Block, line: str, number: int) -> None:
    pos = 0
    for m in LINK_RE.finditer(line):
        block.add(_plain(line[pos:m.start()]), number)
        if m.group("auto"):
            block.add_link(m.group("auto"), m.group("auto"), number)
        else:
            block.add_link(_plain(m.group("anchor")), m.group("url"), number)
        pos = m.end()
    block.add(_plain(line[pos:]), number)


def _plain(s: str) -> str:
    return EMPHASIS_RE.sub(r"\2", s)
