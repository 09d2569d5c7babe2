"""Turn a fetched body into text: HTML (visible text), PDF (with page offsets), plain text."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass

from citecheck.sources.html_stream import MAX_DEPTH, PastDeadline, TagSink, TooDeep, stream_html
from citecheck.sources.limits import Deadline

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
    published: str = ""  # the page's publication date (ISO) from its metadata, or ""


def media_type(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
          (b"RIFF", "application/octet-stream"), (b"PK\x03\x04", "application/zip"), (b"\x1f\x8b", "application/gzip"),
          (b"\x00\x00\x00", "application/octet-stream"))
BINARY_TYPES = {t for _, t in _MAGIC}
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/x-download", "application/download")


def _textual(mt: str) -> bool:
    return mt.startswith("text/") or mt in ("application/xhtml+xml", "application/json", "application/xml")


def sniff(body: bytes) -> str:
    """The media type the bytes themselves say, or "" when they do not say."""
    head = body[:512].lstrip().lower()
    if body.startswith(b"%PDF-") or (b"%PDF-" in body[:1024] and not head.startswith(b"<")):
        return "application/pdf"
    for magic, mt in _MAGIC:
        if body.startswith(magic):
            return mt
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<p" in head or b"<div" in head:
        return "text/html"
    return ""


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control characters at the start: not text, whatever the header says."""
    head = body[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.1


def extract_text(body: bytes, content_type: str = "", charset: str | None = None,
                 deadline: Deadline | None = None) -> Extracted:
    """The readable text of `body`. Raises ExtractError with a reason a user can act on, among them
    "timeout" when reading it runs past `deadline` (the source's own: a page is fetched and read in
    the time one source gets)."""
    declared, sniffed = media_type(content_type), sniff(body)
    mt = declared or sniffed or "text/plain"
    if sniffed == "application/pdf" or (sniffed in BINARY_TYPES and _textual(mt)) \
            or (sniffed == "text/html" and mt in GENERIC_TYPES):
        mt = sniffed  # a PNG served as text/html, or a PDF or page served as octet-stream, is what its bytes say
    if mt == "application/pdf":
        return pdf_to_text(body, deadline)
    if mt in ("text/html", "application/xhtml+xml"):
        if looks_binary(body):
            raise ExtractError(f"not text ({mt} with binary content)")
        markup = decode(body, effective_charset(body, charset), html=True)
        try:
            return read_html(markup, deadline)
        except ExtractError:
            raise
        except Exception as e:  # noqa: BLE001 - a page that breaks the parser gives a reason, not a crash
            raise ExtractError(f"unreadable HTML ({type(e).__name__})") from None
    if mt.startswith("text/") or mt in ("application/json", "application/xml") or mt.endswith(("+xml", "+json")):
        if looks_binary(body):
            raise ExtractError(f"not text ({mt} with binary content)")
        return Extracted(decode(body, effective_charset(body, charset)))
    raise ExtractError(f"not text ({mt})")


_SINGLE_BYTE = {"ascii", "latin-1", "iso8859-1", "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def effective_charset(body: bytes, declared: str | None) -> str | None:
    """The declared charset, unless it cannot be right.

    An unknown name is dropped (detection decides). A page declared Latin-1, Windows-1252 or ASCII
    whose bytes are valid UTF-8 with non-ASCII characters is UTF-8: servers often send the wrong
    default, while real Latin-1 text is almost never valid UTF-8. Otherwise Latin-1 and ASCII mean
    Windows-1252, as in browsers."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in _SINGLE_BYTE:
        if not body.isascii():
            try:
                body.decode("utf-8")
                return "utf-8"
            except UnicodeDecodeError:
                pass
        return "cp1252"
    return name


def meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii") if m else None


def decode(body: bytes, charset: str | None, html: bool = False) -> str:
    """Bytes to text: a BOM, else the (effective) declared charset, else for HTML its <meta charset>,
    else UTF-8, else detection. Each charset is tried strictly; the first that fits wins."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    candidates = [charset]
    if html:
        candidates.append(effective_charset(body, meta_charset(body)))
    for candidate in [*candidates, "utf-8"]:
        if candidate:
            try:
                return body.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                pass
    return body.decode(detect_charset(body), errors="replace")


def detect_charset(body: bytes) -> str:
    """charset_normalizer's guess, but Windows-1252 (the web's default) when it reads about as well:
    on short Western text the detector often picks a rarer code page that happens to fit."""
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    western = from_bytes(body, cp_isolation=["cp1252"]).best()
    if western is not None and (best is None or western.chaos <= best.chaos + 0.1):
        return "cp1252"
    return best.encoding if best is not None else "cp1252"


def html_to_text(body: bytes | str, charset: str | None = None) -> str:
    """The whole visible text of a page, one block per line (tables and captions kept)."""
    if isinstance(body, bytes):
        body = decode(body, effective_charset(body, charset), html=True)
    return read_html(body).text


def read_html(markup: str, deadline: Deadline | None = None) -> Extracted:
    """The visible text and publication date of an HTML page, read as a stream (see html_stream.py):
    linear time, no tree in memory, no recursion. Raises ExtractError past `deadline`."""
    reader = PageReader()
    try:
        stream_html(markup, reader, deadline)
    except TooDeep:
        raise ExtractError(f"unreadable HTML (nested more than {MAX_DEPTH} elements deep)") from None
    except PastDeadline:
        raise ExtractError("timeout (reading the page took too long)") from None
    return Extracted(reader.text(), published=published_date(reader))


class PageReader(TagSink):
    """Collects a page's visible text and date metadata as the tags stream by.

    The same text as walking Beautiful Soup's html.parser tree: text strings only (no comments,
    doctypes, script or ruby annotation strings); nothing inside page furniture (DROP_TAGS, except
    the header of an article or main); a line break where each block opens and closes. The open
    elements are the same as in that tree (see TagSink), so is what counts as "inside"."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.dropping = 0  # open elements being dropped (their whole content is)
        self.in_article = 0  # open <article> and <main> elements
        self.metas: list[dict[str, str]] = []
        self.times: list[dict[str, str]] = []
        self.ld_json: list[str] = []

    def opened(self, name: str, attrs: dict[str, str]) -> bool:
        if name == "meta":
            self.metas.append(attrs)
        elif name == "time":
            self.times.append(attrs)
        if self.dropping or (name in _DROP and not (name == "header" and self.in_article)):
            self.dropping += 1
            return True  # remember that closing it ends a dropped stretch
        if name in _BLOCK:
            self.parts.append("\n")
        if name in ("article", "main"):
            self.in_article += 1
        return False

    def closed(self, name: str, dropped: bool) -> None:
        if dropped:
            self.dropping -= 1
            return
        if self.dropping:
            return
        if name in ("article", "main"):
            self.in_article -= 1
        if name in _BLOCK:
            self.parts.append("\n")

    def string(self, data: str, visible: bool, inside: str | None, attrs: dict[str, str] | None) -> None:
        if inside == "script" and attrs is not None and attrs.get("type") == "application/ld+json":
            self.ld_json.append(data)
        if visible and not self.dropping:
            self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts)
        self.parts = []
        lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)


_DROP, _BLOCK = frozenset(DROP_TAGS), frozenset(BLOCK_TAGS)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


# Where pages state when they were published, most specific first: Open Graph / article meta,
# schema.org, Dublin Core, Highwire (scholarly) and a few CMS conventions.
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "publish_date", "citation_publication_date", "citation_date", "dc.date.issued",
              "dcterms.issued", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date", "date")
_ISO_DATE_RE = re.compile(r"((?:1[5-9]|20)\d\d)[-/]?([01]\d)[-/]?([0-3]\d)")
_JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def published_date(page: PageReader) -> str:
    """The publication date a page states in its metadata, as YYYY-MM-DD, or ""."""
    found: dict[str, str] = {}
    for meta in page.metas:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _DATE_META and key not in found:
            found[key] = str(meta.get("content") or "")
    for key in _DATE_META:
        day = _iso_day(found.get(key, ""))
        if day:
            return day
    for script in page.ld_json:
        m = _JSONLD_DATE_RE.search(script)
        if m and _iso_day(m.group(1)):
            return _iso_day(m.group(1))
    for time in page.times:
        if "pubdate" in time or (time.get("itemprop") or "").lower() == "datepublished":
            day = _iso_day(str(time.get("datetime") or ""))
            if day:
                return day
    return ""


def _iso_day(value: str) -> str:
    m = _ISO_DATE_RE.match(value.strip())
    if not m or not (1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31):
        return ""
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


def pdf_to_text(body: bytes, deadline: Deadline | None = None) -> Extracted:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body))
        parts: list[str] = []
        pages: list[tuple[int, int]] = []
        offset = 0
        for number, page in enumerate(reader.pages, 1):
            if deadline is not None and deadline.expired():
                raise ExtractError("timeout (reading the PDF took too long)")
            text = (page.extract_text() or "").strip()
            pages.append((offset, number))
            parts.append(text)
            offset += len(text) + 2
    except ExtractError:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many kinds of error on a damaged file
        detail = " ".join(str(e).split())[:80] or type(e).__name__
        raise ExtractError(f"unreadable PDF ({detail})") from None
    text = "\n\n".join(parts)
    if not text.strip():
        raise ExtractError("not text (PDF without a text layer)")
    return Extracted(text, tuple(pages))
