"""Turn a fetched body into text: HTML (visible text), PDF (with page offsets), plain text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

# Not part of what a page says: code, styling, navigation and page furniture.
DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
             "svg", "iframe", "button", "select")
BLOCK_TAGS = ("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
              "blockquote", "pre", "table", "ul", "ol", "dd", "dt", "figcaption", "caption", "td", "th",
              "main", "title")


class ExtractError(Exception):
    """The body cannot be read as text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: tuple[tuple[int, int], ...] = ()


def media_type(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def sniff(body: bytes) -> str:
    head = body[:512].lstrip().lower()
    if body.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<p" in head or b"<div" in head:
        return "text/html"
    if body.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x1f\x8b")):
        return "application/octet-stream"
    return ""


def extract_text(body: bytes, content_type: str = "", charset: str | None = None) -> Extracted:
    """The readable text of `body`. Raises ExtractError with a reason a user can act on."""
    mt = media_type(content_type) or sniff(body) or "text/plain"
    sniffed = sniff(body)
    if mt in ("text/html", "application/xhtml+xml") and sniffed in ("application/pdf", "application/octet-stream"):
        mt = sniffed  # a PNG or PDF served as text/html is what its bytes say it is
    if mt == "application/pdf":
        return pdf_to_text(body)
    if mt in ("text/html", "application/xhtml+xml"):
        return Extracted(html_to_text(body, charset))
    if mt.startswith("text/") or mt in ("application/json", "application/xml"):
        if b"\x00" in body[:4096]:
            raise ExtractError(f"not text ({mt} with binary content)")
        return Extracted(decode(body, charset))
    raise ExtractError(f"not text ({mt})")


def decode(body: bytes, charset: str | None) -> str:
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(body).best()
        return str(best) if best is not None else body.decode("latin-1")


def html_to_text(body: bytes | str, charset: str | None = None) -> str:
    """The whole visible text of a page, one block per line (tables and captions kept)."""
    if isinstance(body, bytes):
        soup = BeautifulSoup(body, "html.parser", from_encoding=charset)
    else:
        soup = BeautifulSoup(body, "html.parser")
    for tag in soup(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def pdf_to_text(body: bytes) -> Extracted:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(body))
        parts: list[str] = []
        pages: list[tuple[int, int]] = []
        offset = 0
        for number, page in enumerate(reader.pages, 1):
            text = (page.extract_text() or "").strip()
            pages.append((offset, number))
            parts.append(text)
            offset += len(text) + 2
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:  # pypdf raises these on damage
        raise ExtractError(f"unreadable PDF ({type(e).__name__})") from None
    text = "\n\n".join(parts)
    if not text.strip():
        raise ExtractError("not text (PDF without a text layer)")
    return Extracted(text, tuple(pages))
