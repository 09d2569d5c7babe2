"""Word articles (.docx): paragraphs with their hyperlinks; a claim's line is its paragraph number.

Paragraphs are numbered from 1 in document order, empty ones and those in tables included.
Hyperlinks (`w:hyperlink`, and HYPERLINK fields) are links; a footnote or endnote reference cites
the URLs of its note. Deleted text (tracked changes) is not read; inserted text is.
"""

from __future__ import annotations

import io
import re
import zipfile

from citecheck.articles.blocks import Block, apply_comment_directives, find_bare_urls
from citecheck.errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
HYPERLINK_FIELD_RE = re.compile(r'^\s*HYPERLINK\s+(?:\\[a-z]\s+"[^"]*"\s+)*"?(?P<url>[^"\s]+)"?', re.I)
# Bounds on what a .docx may unpack to, checked on the sizes its zip directory declares before any part
# is read (zipfile never yields more than a member's declared size, so they hold when parts are read).
MAX_UNPACKED = 256 * 1024 * 1024  # all parts, images included
MAX_XML_PART = 32 * 1024 * 1024  # one XML part (the document, notes, relationships): parsed whole
MAX_PARTS = 10_000
SKIP = {W + "del", W + "moveFrom", W + "delText", W + "pPr", W + "rPr", W + "proofErr", W + "bookmarkStart",
        W + "bookmarkEnd", W + "commentRangeStart", W + "commentRangeEnd", W + "drawing", W + "pict",
        W + "sdtPr", W + "sdtEndPr", W + "object", W + "lastRenderedPageBreak",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


def read_docx(data: bytes, path: str) -> list[Block]:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError(f"{path}: reading .docx needs python-docx (pip install python-docx)") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"{path}: is not a Word .docx file (not a zip package)")
    check_unpacked_size(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise InputError(f"{path}: is not a readable Word .docx file ({type(e).__name__})") from None
    except Exception as e:  # noqa: BLE001 - a broken package must not end in a traceback
        raise InputError(f"{path}: is not a readable Word .docx file ({type(e).__name__})") from None
    part = document.part
    notes = {**_notes(part, RT_FOOTNOTES, "footnote"), **{("e", k): v for k, v in
                                                         _notes(part, RT_ENDNOTES, "endnote").items()}}
    blocks: list[Block] = []
    counters: dict[tuple[str, str], int] = {}
    body = document.element.body
    for number, p in enumerate(_paragraphs(body), 1):
        block = Block()
        _Para(block, number, _rels(part), notes).walk(p)
        style = _style(p)
        block.heading = style.lower().startswith(("heading", "title"))
        num = p.find(f"{W}pPr/{W}numPr")
        if num is not None:
            key = (_val(num.find(f"{W}numId")), _val(num.find(f"{W}ilvl")) or "0")
            counters[key] = counters.get(key, 0) + 1
            block.item = counters[key]
        blocks.append(block)
    return apply_comment_directives([b for b in blocks if b.text.strip()])


def check_unpacked_size(data: bytes, path: str) -> None:
    """Refuse a package whose parts would unpack past the bounds (a zip bomb), before reading any."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise InputError(f"{path}: is not a readable Word .docx file ({type(e).__name__})") from None
    if len(infos) > MAX_PARTS:
        raise InputError(f"{path}: has more than {MAX_PARTS:,} parts; not read")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise InputError(f"{path}: unpacks to {total:,} bytes, over the {MAX_UNPACKED:,}-byte bound; not read")
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels")) and i.file_size > MAX_XML_PART:
            raise InputError(f"{path}: part {i.filename} unpacks to {i.file_size:,} bytes, over the "
                             f"{MAX_XML_PART:,}-byte bound; not read")


def _paragraphs(body):
    """Body paragraphs in order, those in tables included, not those inside text boxes of another."""
    for el in body.iter(f"{W}p"):
        parent = el.getparent()
        nested = False
        while parent is not None and parent is not body:
            if parent.tag == f"{W}p":
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            yield el


def _val(el) -> str:
    return el.get(f"{W}val", "") if el is not None else ""


def _style(p) -> str:
    return _val(p.find(f"{W}pPr/{W}pStyle"))


def _rels(part) -> dict[str, str]:
    out = {}
    for rid, rel in part.rels.items():
        try:
            out[rid] = rel.target_ref
        except Exception:  # noqa: BLE001 - an odd relationship is just not a link
            continue
    return out


def _notes(part, reltype: str, tag: str) -> dict[str, list[str]]:
    """Footnote (or endnote) id -> the URLs in that note."""
    from lxml import etree

    try:
        note_part = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return {}
    try:
        root = etree.fromstring(note_part.blob)
    except Exception:  # noqa: BLE001 - unreadable notes are no notes
        return {}
    rels = _rels(note_part)
    out: dict[str, list[str]] = {}
    for note in root.iter(W + tag):
        block = Block()
        for p in note.iter(f"{W}p"):
            _Para(block, 0, rels, {}).walk(p)
            block.add(" ", 0)
        find_bare_urls(block)
        urls = list(dict.fromkeys(url for _, _, url in block.links if url.startswith(("http://", "https://"))))
        if urls:
            out[note.get(f"{W}id", "")] = urls
    return out


class _Para:
    def __init__(self, block: Block, number: int, rels: dict[str, str], notes: dict):
        self.block = block
        self.number = number
        self.rels = rels
        self.notes = notes
        self.fields: list[dict] = []  # open complex fields: {"instr": str, "start": int | None}

    def walk(self, el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            if tag == f"{W}fldChar":
                self.field_char(child.get(f"{W}fldCharType"))
            elif tag == f"{W}instrText":
                if self.fields:
                    self.fields[-1]["instr"] += child.text or ""
            elif tag in SKIP:
                continue
            elif tag == f"{W}t":
                self.block.add(child.text or "", self.number)
            elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                self.block.add(" ", self.number)
            elif tag == f"{W}noBreakHyphen":
                self.block.add("-", self.number)
            elif tag == f"{W}softHyphen":
                continue
            elif tag == f"{W}footnoteReference":
                for url in self.notes.get(child.get(f"{W}id", ""), []):
                    self.block.add_ref(url)
            elif tag == f"{W}endnoteReference":
                for url in self.notes.get(("e", child.get(f"{W}id", "")), []):
                    self.block.add_ref(url)
            elif tag == f"{W}hyperlink":
                url = self.rels.get(child.get(f"{R}id", ""))
                self.linked(child, url)
            elif tag == f"{W}fldSimple":
                m = HYPERLINK_FIELD_RE.match(child.get(f"{W}instr", ""))
                self.linked(child, m.group("url") if m else None)
            else:
                self.walk(child)

    def linked(self, el, url: str | None) -> None:
        start = self.block.length
        self.walk(el)
        if url and url.startswith(("http://", "https://")) and self.block.length > start:
            self.block.links.append((start, self.block.length, url))

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append({"instr": "", "start": None})
        elif kind == "separate" and self.fields:
            self.fields[-1]["start"] = self.block.length
        elif kind == "end" and self.fields:
            f = self.fields.pop()
            m = HYPERLINK_FIELD_RE.match(f["instr"])
            if m and f["start"] is not None and self.block.length > f["start"] \
                    and m.group("url").startswith(("http://", "https://")):
                self.block.links.append((f["start"], self.block.length, m.group("url")))
