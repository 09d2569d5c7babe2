"""HTML articles: paragraphs and list items of the article body, with their links."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from citecheck.articles.blocks import Block

DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
PARAGRAPHS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "figcaption")


def read_html(text: str, base_url: str = "") -> list[Block]:
    soup = BeautifulSoup(text, "html.parser")
    base = soup.find("base", href=True)
    base_url = urljoin(base_url, base["href"]) if base else base_url
    for tag in soup(DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks: list[Block] = []
    for el in root.find_all(PARAGRAPHS):
        if el.find_parent(PARAGRAPHS) is not None:
            continue  # its text is read with its outer paragraph
        block = Block()
        _walk(el, block, base_url)
        block.text = block.text.replace("\n", " ")
        if block.text.strip():
            blocks.append(block)
    return blocks


def _walk(el: Tag, block: Block, base_url: str) -> None:
    for child in el.children:
        line = getattr(child, "sourceline", None) or getattr(el, "sourceline", None) or 0
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                block.add(" ".join(str(child).split(" ")), line)
        elif isinstance(child, Tag):
            if child.name == "a" and child.get("href"):
                href = urljoin(base_url, child["href"]) if base_url else child["href"]
                block.add_link(child.get_text(), href, child.sourceline or line)
            else:
                _walk(child, block, base_url)
