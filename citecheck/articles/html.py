"""HTML articles (a saved page, a CMS export, a published URL): the article body and its links.

The body is `<article>`, `<main>`, `[role=main]` or a CMS body class, whichever holds the most
paragraph text; without one, the element with the most paragraph text. Navigation, headers,
footers, asides, forms, ads, share bars, related-links lists and the like are not read. Links are
made absolute against `<base href>` or the page URL. A link to a footnote in the page
(`<a href="#fn1">1</a>` to `<li id="fn1">... https://...</li>`) cites the footnote's URLs, and the
footnotes are not claims. `<!-- citecheck: ignore REASON -->` between paragraphs marks the next
paragraph, inside a paragraph the sentence after it.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder

from citecheck.articles.blocks import BARE_URL_RE, Block, directive_note
from citecheck.figures import read_figures
from citecheck.text.markup import bound_markup

DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
        "select", "textarea", "pre", "input", "label", "fieldset", "legend", "option", "optgroup", "datalist", "output", "svg", "iframe", "object", "embed", "video", "audio", "canvas", "dialog",
        "menu", "head", "title", "meta", "link")
BLOCKS = {"p", "div", "section", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure",
          "figcaption", "article", "main", "address", "hr", "details", "summary", "center"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
DROP_ROLES = {"navigation", "banner", "complementary", "contentinfo", "search", "menu", "menubar", "dialog",
              "alert", "toolbar"}
BOILERPLATE_RE = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|side-bar|related|recommended|"
    r"more-stories|read-more|readmore|share|sharing|social|newsletter|subscribe|subscription|signup|"
    r"promo|advert|advertisement|ads?|ad-slot|adslot|dfp|sponsor|sponsored|cookie|cookies|consent|"
    r"banner|comments?|disqus|footer|masthead|site-header|outbrain|taboola|popular|trending|"
    r"most-read|paywall|modal|popup|skip-link|visually-hidden|sr-only|byline|dateline|timestamp|"
    r"article-meta|post-meta|author|tags)(?:$|[-_\s])", re.I)
BODY_HINT_RE = re.compile(r"(?:^|[-_\s])(?:article-body|article-content|articlebody|post-content|post-body|"
                          r"entry-content|story-body|story-content|body-text|article__body|content-body)"
                          r"(?:$|[-_\s])", re.I)
CODE = ("code", "kbd", "samp", "var", "tt")
WORD_OR_SPACE_RE = re.compile(r"\s+|\S+")
NOTE_MARK_RE = re.compile(r"^[\[(]?(?:\d{1,3}|[a-z]|[*\u2020\u2021\u00a7])[\])]?$", re.I)


def read_html(text: str, base_url: str = "") -> list[Block]:
    soup = parse_html(text)
    base = soup.find("base", href=True)
    base_url = urljoin(base_url, base["href"]) if base else base_url
    notes, note_elements = _footnotes(soup, base_url)
    _drop_boilerplate(soup)
    root = _body(soup)
    if root is None:
        return []
    walker = _Walker(base_url, notes, note_elements)
    walker.walk(root)
    walker.flush()
    return [b for b in walker.blocks if b.text.strip()]


class _PositionParser(BeautifulSoupHTMLParser):
    """html.parser as bs4 drives it, noting where each run of text starts in the file."""

    def handle_data(self, data: str) -> None:
        if not self.soup.current_data:
            self.soup.text_start = self.getpos()
        super().handle_data(data)


class _PositionBuilder(HTMLParserTreeBuilder):
    def feed(self, markup, _parser_class=_PositionParser) -> None:
        super().feed(markup, _parser_class)


class _PositionSoup(BeautifulSoup):
    """A soup whose strings know their (line, column) in the file (`position`, column from 0)."""

    text_start: tuple[int, int] | None = None

    def object_was_parsed(self, o, parent=None, most_recent_element=None):
        if type(o) is NavigableString:
            o.position = self.text_start
        super().object_was_parsed(o, parent, most_recent_element)


def parse_html(text: str) -> BeautifulSoup:
    """The soup of an article, its strings positioned (bs4's html.parser gives tags a line only)."""
    # An unclosed comment ends the article (a browser hides the rest too).
    return _PositionSoup(bound_markup(text, drop_unclosed_comment=True), builder=_PositionBuilder())


def _href(base_url: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
        return None
    return urljoin(base_url, href) if base_url else href


def _urls_in(el: Tag, base_url: str) -> list[str]:
    urls = []
    for a in el.find_all("a", href=True):
        url = _href(base_url, a["href"])
        if url and urlsplit(url).scheme in ("http", "https"):
            urls.append(url)
    for m in BARE_URL_RE.finditer(el.get_text(" ")):
        urls.append(m.group())
    return list(dict.fromkeys(urls))


def _footnotes(soup: BeautifulSoup, base_url: str) -> tuple[dict[int, list[str]], set[int]]:
    """Links to footnotes in the page -> the footnote's URLs; and the footnote elements themselves.

    A footnote link is an in-page link marked as a note ("1", "[2]", "*", inside <sup>, or with
    role/class noteref) whose target holds a web link or a bare URL.
    """
    notes: dict[int, list[str]] = {}
    elements: set[int] = set()
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if not href.startswith("#") or len(href) < 2:
            continue
        label = a.get_text(" ", strip=True)
        marks = " ".join(a.get("class", [])) + " " + str(a.get("role", ""))
        if not (NOTE_MARK_RE.match(label) or a.find_parent("sup") is not None
                or re.search(r"noteref|footnote-ref|fnref|endnote-ref", marks, re.I)):
            continue
        target = soup.find(id=href[1:]) or soup.find("a", attrs={"name": href[1:]})
        if target is None or a in target.descendants:
            continue
        note = target
        if not note.get_text(strip=True):  # an anchor point: the note is its paragraph or item
            note = target.find_parent(["li", "p", "dd", "div"]) or target
            if a in note.descendants:
                continue
        urls = _urls_in(note, base_url)
        if not urls:
            continue
        notes[id(a)] = urls
        elements.add(id(note))
    return notes, elements


def _drop_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup(DROP):
        if not _gone(tag):
            tag.decompose()
    body_len = len(soup.get_text(" ", strip=True)) or 1
    for tag in list(soup.find_all(True)):
        if _gone(tag) or tag.name in ("html", "body", "article", "main"):
            continue
        attrs = tag.attrs or {}
        role = str(attrs.get("role", "")).lower()
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true" or \
            re.search(r"display\s*:\s*none", str(attrs.get("style", "")), re.I)
        classes = attrs.get("class", [])
        names = " ".join(classes if isinstance(classes, list) else [str(classes)]) + " " + str(attrs.get("id", ""))
        boiler = role in DROP_ROLES or hidden or (BOILERPLATE_RE.search(names) and not BODY_HINT_RE.search(names))
        if not boiler:
            continue
        if tag.find(["article", "main"]) is not None or len(tag.get_text(" ", strip=True)) > 0.5 * body_len:
            continue  # never the article itself
        tag.decompose()


def _gone(tag: Tag) -> bool:
    """Whether the tag was decomposed (inside a dropped element). Not `tag.decomposed`: on a tag that
    was not, bs4 looks the missing attribute up as a child tag's name, a search of the whole subtree
    each time (8,000 nested <div>s took 18 s)."""
    return bool(vars(tag).get("_decomposed"))


def _p_text(el: Tag) -> int:
    return sum(len(p.get_text(" ", strip=True)) for p in el.find_all("p"))


def _body(soup: BeautifulSoup) -> Tag | None:
    candidates = soup.find_all(["article", "main"]) + soup.find_all(attrs={"role": "main"}) + \
        soup.find_all(attrs={"itemprop": "articleBody"}) + \
        [t for t in soup.find_all(class_=True) if BODY_HINT_RE.search(" ".join(t.get("class", [])))]
    scored = [(c, _p_text(c)) for c in candidates]
    scored = [(c, n) for c, n in scored if n > 0]
    if scored:
        return max(scored, key=lambda cn: cn[1])[0]
    # No marked-up body: the element whose paragraphs hold the most text.
    totals: dict[int, tuple[Tag, int]] = {}
    for p in soup.find_all("p"):
        n = len(p.get_text(" ", strip=True))
        parent = p.parent
        if parent is not None and n:
            tag, total = totals.get(id(parent), (parent, 0))
            totals[id(parent)] = (tag, total + n)
    if totals:
        return max(totals.values(), key=lambda tn: tn[1])[0]
    return soup.body or soup


class _Walker:
    """Turns the body into blocks: each block element starts a paragraph; inline content joins it.

    The walk keeps its own stack, so no depth of nesting can exhaust Python's recursion limit."""

    def __init__(self, base_url: str, notes: dict[int, list[str]], note_elements: set[int]):
        self.base_url = base_url
        self.notes = notes
        self.note_elements = note_elements
        self.blocks: list[Block] = []
        self.current = Block()
        self.pending: str | None = None
        self.line = 1
        self.heading = False
        self.stack: list[tuple[str, object]] = []

    def flush(self) -> None:
        b = self.current
        if b.text.strip():
            b.heading = self.heading
            if self.pending is not None and b.ignore is None:
                b.ignore, self.pending = self.pending, None
            self.blocks.append(b)
        elif b.ignores and self.pending is None:
            self.pending = b.ignores[0][1]
        self.current = Block()

    def add(self, s: str, line: int | None = None, column: int | None = None, code: bool = False) -> None:
        """Text with its whitespace collapsed; with a column, each word keeps its place in the file."""
        if not s:
            return
        b = self.current
        line = self.line if line is None else line
        space = False
        for m in WORD_OR_SPACE_RE.finditer(s):
            piece = m.group()
            if piece[0].isspace():
                space = True
                newlines = piece.count("\n")
                line += newlines
                if column is not None:
                    column = len(piece) - piece.rindex("\n") - 1 if newlines else column + len(piece)
                continue
            lead = " " if space and b.length and b.last_char() != " " else ""
            where = None if column is None else column - len(lead) + 1  # columns count from 1
            if code:
                b.add(lead, line, where)
                b.add_code(piece, line)
            else:
                b.add(lead + piece, line, where)
            space = False
            if column is not None:
                column += len(piece)
        if space and b.length and b.last_char() != " ":
            b.add(" ", line)
        self.line = line

    def walk(self, root: Tag) -> None:
        self.stack.append(("children", root))
        while self.stack:
            kind, x = self.stack.pop()
            if kind == "do":
                x()
            elif kind == "children":
                self.stack += [("node", c) for c in reversed(list(x.children))]
            elif isinstance(x, Comment):
                self.comment(x)
            elif type(x) is NavigableString:
                line, column = getattr(x, "position", None) or (None, None)
                self.add(str(x), line, column, code=self.in_code > 0)
            elif isinstance(x, Tag):
                self.tag(x)

    in_code = 0

    def later(self, *actions) -> None:
        """Run `actions` (functions, or ("children", tag)) next, in order, before what is already queued."""
        for a in reversed(actions):
            self.stack.append(a if isinstance(a, tuple) else ("do", a))

    def comment(self, c: Comment) -> None:
        note = directive_note(str(c))
        if note is None:
            return
        nxt = c.next_sibling
        while isinstance(nxt, NavigableString) and not isinstance(nxt, Comment) and not str(nxt).strip():
            nxt = nxt.next_sibling
        inline = (isinstance(nxt, NavigableString) and not isinstance(nxt, Comment)) or \
            (isinstance(nxt, Tag) and nxt.name not in BLOCKS)
        if inline:
            self.current.mark_ignore(note)
        else:
            self.flush()
            self.pending = note

    def tag(self, t: Tag) -> None:
        if id(t) in self.note_elements:
            return
        if t.sourceline:
            self.line = t.sourceline
        name = t.name
        if name == "a":
            self.link(t)
        elif name == "br":
            self.add(" ")
        elif name in ("img", "pre"):
            return
        elif name in CODE:  # inline code: text of the sentence, never a figure or a source
            def leave() -> None:
                self.in_code -= 1
            self.in_code += 1
            self.later(("children", t), leave)
        elif name == "q":  # an inline quotation: its marks come from the style sheet
            self.add("\u201c")
            self.later(("children", t), lambda: self.add("\u201d"))
        elif name in ("ul", "ol") and _link_list(t):
            return
        elif name in BLOCKS:
            self.flush()
            if name == "ol":
                self.walk_list(t)
            else:
                self.heading = name in HEADINGS

                def leave() -> None:
                    self.flush()
                    self.heading = False
                self.later(("children", t), leave)
        else:
            self.later(("children", t))

    def walk_list(self, ol: Tag) -> None:
        try:
            number = int(ol.get("start", 1))
        except ValueError:
            number = 1
        actions: list = []
        for child in list(ol.children):
            if isinstance(child, Tag) and child.name == "li":
                if id(child) in self.note_elements:
                    number += 1
                    continue
                actions += [lambda li=child: self.set_line(li), ("children", child),
                            lambda n=number: self.end_item(n)]
                number += 1
            elif isinstance(child, (Tag, Comment)):
                actions.append(("node", child))
        self.later(*actions, self.flush)

    def set_line(self, t: Tag) -> None:
        if t.sourceline:
            self.line = t.sourceline

    def end_item(self, number: int) -> None:
        self.current.item = number
        self.flush()

    def link(self, a: Tag) -> None:
        if id(a) in self.notes:
            label = a.get_text(" ", strip=True)
            if not NOTE_MARK_RE.match(label) and a.find_parent("sup") is None:
                self.add(label)
            for url in self.notes[id(a)]:
                self.current.add_ref(url)
            return
        url = _href(self.base_url, a.get("href", ""))
        if url is None:
            self.later(("children", a))
            return
        block, before = self.current, self.current.length

        def end() -> None:
            if self.current is not block:
                return
            text = block.text
            start = before
            while start < block.length and text[start] == " ":
                start += 1
            if block.length > start:
                block.links.append((start, block.length, url))
        self.later(("children", a), end)


def _link_list(lst: Tag) -> bool:
    """A list of nothing but links without figures (related articles, tags): not part of the article."""
    items = lst.find_all("li", recursive=False)
    if len(items) < 2:
        return False
    for li in items:
        text = li.get_text(" ", strip=True)
        link_text = " ".join(a.get_text(" ", strip=True) for a in li.find_all("a", href=True))
        if not text or len(link_text) < 0.9 * len(text) or read_figures(text):
            return False
    return True
