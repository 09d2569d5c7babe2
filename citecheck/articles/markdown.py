"""Markdown articles: paragraphs and their links, with line numbers.

Read: inline links, reference links (`[text][ref]`, `[text][]`, `[text]` with `[ref]: url`),
autolinks, inline `<a href>`, bare URLs and footnotes (`[^1]` cites the URLs of its definition).
Skipped: front matter, fenced and indented code, HTML comments, images, link and footnote
definitions. `<!-- citecheck: ignore REASON -->` alone on its line marks the next paragraph, inside
a paragraph the sentence after it.
"""

from __future__ import annotations

import html
import re

from citecheck.articles.blocks import Block, directive_note, find_bare_urls

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)")
SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
THEMATIC_RE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
LIST_RE = re.compile(r"^\s{0,3}(?:(?P<bullet>[-*+])|(?P<num>\d{1,9})[.)])(?:\s+|$)")
QUOTE_RE = re.compile(r"^\s{0,3}(?:>\s?)+")
TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
REF_DEF_RE = re.compile(r"^ {0,3}\[(?!\^)(?P<label>[^\]]+)\]:\s*<?(?P<url>[^\s>]+)>?"
                        r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$")
FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:\s?(?P<text>.*)$")
COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
MARK = "\ue000{}\ue001"
MARK_RE = re.compile("\ue000(\\d+)\ue001")
INLINE_RE = re.compile(r"""
    \ue000(?P<mark>\d+)\ue001
  | (?P<ticks>`+)(?P<code>.+?)(?P=ticks)
  | !\[(?P<alt>[^\]]*)\](?:\([^)]*\)|\[[^\]]*\])?
  | \[\^(?P<fn>[^\]\s]+)\]
  | \[(?P<anchor>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)
  | \[(?P<ranchor>(?:[^\[\]]|\[[^\[\]]*\])+)\]\[(?P<ref>[^\]]*)\]
  | \[(?P<sanchor>[^\[\]]+)\](?![(:])
  | <(?P<auto>(?:https?|ftp)://[^>\s]+)>
  | <a\s[^>]*?href\s*=\s*["'](?P<hhref>[^"']+)["'][^>]*>(?P<htext>.*?)</a\s*>
  | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>
  | \\(?P<esc>[!-/:-@\[-`{-~])
""", re.X)
EMPHASIS_RE = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])|~~")


class _Context:
    def __init__(self) -> None:
        self.refs: dict[str, str] = {}
        self.footnotes: dict[str, list[str]] = {}
        self.directives: list[str | None] = []  # comment index -> ignore note (None: a plain comment)


def read_markdown(text: str) -> list[Block]:
    lines = text.splitlines()
    ctx = _Context()
    skip = _skipped_lines(lines)
    lines = _replace_comments(lines, skip, ctx)
    footnote_lines = _definitions(lines, skip, ctx)
    for label, (number, body) in footnote_lines.items():
        block = Block()
        _add_inline(block, body, number, ctx, footnotes=False)
        find_bare_urls(block)
        ctx.footnotes[label] = list(dict.fromkeys(url for _, _, url in block.links))
    return _blocks(lines, skip, ctx)


def _skipped_lines(lines: list[str]) -> list[bool]:
    """Front matter, fenced code and indented code."""
    n = len(lines)
    skip = [False] * n
    i = 0
    if lines and lines[0].strip() in ("---", "+++"):
        fence = lines[0].strip()
        for j in range(1, n):
            if lines[j].strip() in (fence, "..."):
                for k in range(j + 1):
                    skip[k] = True
                i = j + 1
                break
    fence: str | None = None
    prev_blank, context = True, ""  # context: the kind of the last non-blank line
    while i < n:
        line = lines[i]
        m = FENCE_RE.match(line)
        if fence is not None:
            skip[i] = True
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) \
                    and not line.strip()[len(m.group(1)):].strip():
                fence = None
        elif m:
            fence = m.group(1)
            skip[i] = True
        elif not line.strip():
            prev_blank = True
            i += 1
            continue
        elif line.startswith(("    ", "\t")):
            if context == "code" or (prev_blank and context not in ("list", "list-more")):
                skip[i] = True
                context = "code"
            elif context in ("list", "list-more"):
                context = "list-more"
            else:
                context = "para"
        else:
            context = "list" if LIST_RE.match(line) else "para"
        prev_blank = False
        i += 1
    return skip


def _replace_comments(lines: list[str], skip: list[bool], ctx: _Context) -> list[str]:
    """HTML comments out of the text; an ignore directive becomes a mark the inline reader sees."""
    out = list(lines)
    i = 0
    while i < len(out):
        if skip[i] or "<!--" not in out[i]:
            i += 1
            continue
        line = out[i]
        start = line.index("<!--")
        end_line, end_col = i, -1
        j = i
        search_from = start + 4
        while j < len(out):
            k = out[j].find("-->", search_from if j == i else 0)
            if k >= 0:
                end_line, end_col = j, k
                break
            j += 1
        if end_col < 0:
            # An unclosed comment hides the rest of the text, as in a browser.
            body = "\n".join([line[start + 4:]] + out[i + 1:])
            ctx.directives.append(directive_note(body))
            out[i] = line[:start] + MARK.format(len(ctx.directives) - 1)
            for k in range(i + 1, len(out)):
                out[k] = ""
            break
        if end_line == i:
            body = line[start + 4:end_col]
            rest = line[end_col + 3:]
        else:
            body = "\n".join([line[start + 4:]] + out[i + 1:end_line] + [out[end_line][:end_col]])
            rest = out[end_line][end_col + 3:]
            for k in range(i + 1, end_line + 1):
                out[k] = ""
        ctx.directives.append(directive_note(body))
        out[i] = line[:start] + MARK.format(len(ctx.directives) - 1) + rest
        # stay on this line: it may hold another comment
    return out


def _definitions(lines: list[str], skip: list[bool], ctx: _Context) -> dict[str, tuple[int, str]]:
    """Link reference and footnote definitions: recorded, and their lines skipped."""
    footnotes: dict[str, tuple[int, str]] = {}
    i = 0
    while i < len(lines):
        if skip[i]:
            i += 1
            continue
        m = REF_DEF_RE.match(lines[i])
        if m:
            ctx.refs.setdefault(_label(m.group("label")), m.group("url"))
            skip[i] = True
            i += 1
            continue
        m = FOOTNOTE_DEF_RE.match(lines[i])
        if m:
            body = [m.group("text")]
            skip[i] = True
            j = i + 1
            while j < len(lines):  # continuation: indented lines, or lazy lines before a blank line
                line = lines[j]
                if not line.strip():
                    if j + 1 < len(lines) and lines[j + 1].startswith(("    ", "\t")):
                        skip[j] = True
                        j += 1
                        continue
                    break
                if FOOTNOTE_DEF_RE.match(line) or REF_DEF_RE.match(line) or \
                        (not line.startswith((" ", "\t")) and (HEADING_RE.match(line) or LIST_RE.match(line))):
                    break
                body.append(line.strip())
                skip[j] = True
                j += 1
            footnotes.setdefault(m.group("label"), (i + 1, " ".join(body)))
            i = j
            continue
        i += 1
    return footnotes


def _label(s: str) -> str:
    return " ".join(s.split()).lower()


def _blocks(lines: list[str], skip: list[bool], ctx: _Context) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    pending: str | None = None  # an ignore directive waiting for the next paragraph

    def new_block(**kw) -> Block:
        nonlocal pending
        b = Block(**kw)
        if pending is not None:
            b.ignore, pending = pending, None
        blocks.append(b)
        return b

    for number, raw in enumerate(lines, 1):
        if skip[number - 1]:
            current = None
            continue
        stripped = raw.strip()
        only_marks = MARK_RE.sub("", stripped).strip() == "" and MARK_RE.search(stripped)
        if only_marks:
            for m in MARK_RE.finditer(stripped):
                note = ctx.directives[int(m.group(1))]
                if note is not None:
                    pending = note
            current = None
            continue
        if not stripped:
            current = None
            continue
        if THEMATIC_RE.match(raw) and not (current is not None and SETEXT_RE.match(raw)):
            current = None
            continue
        if SETEXT_RE.match(raw) and current is not None:
            current.heading = True
            current = None
            continue
        if TABLE_SEP_RE.match(raw) and "|" in raw:
            continue
        if HEADING_RE.match(raw):
            text = re.sub(r"\s#+\s*$", "", HEADING_RE.sub("", raw, count=1)).strip()
            block = new_block(heading=True)
            _add_inline(block, text, number, ctx)
            current = None
            continue
        line = QUOTE_RE.sub("", raw)
        lm = LIST_RE.match(line)
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            block = new_block()
            _add_inline(block, " ; ".join(c for c in cells if c), number, ctx)
            current = None
            continue
        if lm:
            current = new_block(item=int(lm.group("num")) if lm.group("num") else None)
            line = line[lm.end():]
        elif current is None:
            current = new_block()
        elif current.text:
            current.add(" ", number)
        line = line.strip()
        if line.endswith("\\"):
            line = line[:-1]  # a hard line break
        _add_inline(current, line, number, ctx)
    return [b for b in blocks if b.text.strip()]


def _add_inline(block: Block, line: str, number: int, ctx: _Context, footnotes: bool = True) -> None:
    pos = 0
    for m in INLINE_RE.finditer(line):
        block.add(_plain(line[pos:m.start()]), number)
        pos = m.end()
        g = m.group
        if g("mark") is not None:
            note = ctx.directives[int(g("mark"))]
            if note is not None:
                block.mark_ignore(note)
        elif g("ticks") is not None:
            block.add(g("code").strip(), number)
        elif g("fn") is not None:
            if footnotes:
                for url in ctx.footnotes.get(g("fn"), []):
                    block.add_ref(url)
        elif g("url") is not None:
            _link(block, g("anchor"), g("url"), number)
        elif g("ranchor") is not None:
            url = ctx.refs.get(_label(g("ref") or g("ranchor")))
            if url is None:
                block.add(_plain(g("ranchor")), number)
            else:
                _link(block, g("ranchor"), url, number)
        elif g("sanchor") is not None:
            url = ctx.refs.get(_label(g("sanchor")))
            if url is None:
                block.add(_plain(m.group()), number)
            else:
                _link(block, g("sanchor"), url, number)
        elif g("auto") is not None:
            block.add_link(g("auto"), g("auto"), number)
        elif g("hhref") is not None:
            _link(block, re.sub(r"<[^>]+>", "", g("htext")), html.unescape(g("hhref")), number)
        elif g("esc") is not None:
            block.add(g("esc"), number)
        # images and other inline HTML tags add nothing
    block.add(_plain(line[pos:]), number)


def _link(block: Block, anchor: str, url: str, number: int) -> None:
    text = _plain(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", anchor))
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    if not url or url.startswith(("#", "mailto:", "javascript:", "tel:")):
        block.add(text, number)
    else:
        block.add_link(text, url, number)


def _plain(s: str) -> str:
    return html.unescape(EMPHASIS_RE.sub("", s)) if s else s
