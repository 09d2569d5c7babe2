"""Beautiful Soup's html.parser adapter as html_stream uses it (imported only when a page is read)."""

from __future__ import annotations

from bs4.builder._htmlparser import BeautifulSoupHTMLParser
from bs4.element import CData

__all__ = ["CData", "Parser"]


class Parser(BeautifulSoupHTMLParser):
    """The adapter, with its record of already-closed empty elements kept as counts: it was a list
    searched on every end tag (quadratic with many <br> and end tags)."""

    def __init__(self, sink):
        super().__init__(sink, convert_charrefs=False)
        self._closed_empty: dict[str, int] = {}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, handle_empty_element=False)
        self.handle_endtag(tag, check_already_closed=False)

    def handle_starttag(self, tag, attrs, handle_empty_element=True):
        attr_dict: dict[str, str] = {}
        for key, value in attrs:
            attr_dict[key] = "" if value is None else value  # a repeated attribute: the last one wins
        opened = self.soup.handle_starttag(tag, None, None, attr_dict)
        if opened.is_empty_element and handle_empty_element:
            self.handle_endtag(tag, check_already_closed=False)
            self._closed_empty[tag] = self._closed_empty.get(tag, 0) + 1

    def handle_endtag(self, tag, check_already_closed=True):
        if check_already_closed and self._closed_empty.get(tag):
            self._closed_empty[tag] -= 1  # the </br> of a <br> already closed
        else:
            self.soup.handle_endtag(tag)
