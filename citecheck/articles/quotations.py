"""Find the quotation a sentence attributes to someone.

A quotation is text in quotation marks (curly or straight) of at least MIN_WORDS words that the
sentence attributes to someone: `"...," Pak said`, `said Pak: "..."`, `according to X, "..."`.
Shorter quoted phrases ("modern slavery") are scare quotes or titles, not quotations; so is quoted
text in title case ("The State of the World's Children"). A quotation split by its attribution
(`"We will," Pak said, "never give up."`) is one quote, its parts joined by " ... ".
"""

from __future__ import annotations

import re

from citecheck.text.sentences import quote_spans

MIN_WORDS = 5
_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019.,\-][^\W_]+)*")
ATTRIBUTION_RE = re.compile(r"""\b(?:
    said|says|say|saying|told|tells|tell|wrote|writes|write|writing|added|adds|stated|states|
    asked|asks|explained|explains|noted|notes|argued|argues|insisted|insists|declared|declares|
    warned|warns|claimed|recalled|recalls|remarked|remarks|testified|testifies|acknowledged|
    acknowledges|admitted|admits|announced|announces|concluded|concludes|continued|continues|
    replied|replies|responded|responds|observed|observes|emphasi[sz]ed|emphasi[sz]es|stressed|
    stresses|pointed\ out|points\ out|according\ to|put\ it|puts\ it|tweeted|posted|commented|
    comments|conceded|concedes|complained|complains|urged|urges|quoted|quoting|quotes|
    in\ a\ statement|in\ an\ interview|predicted|predicts|vowed|vows|promised|promises|
    confirmed|confirms|denied|denies|suggested|suggests|reported|described|describes|
    recounted|recounts|whispered|shouted|cried|joked|jokes|boasted|boasts|conceded|lamented|
    laments|mused|muses|pleaded|pleads|demanded|demands|wondered|wonders
)\b""", re.I | re.X)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _is_title(words: list[str]) -> bool:
    long = [w for w in words if len(w) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.7 * len(long)


def find_quote(sentence: str) -> str:
    """The quotation `sentence` attributes to someone ("" when there is none)."""
    spans = quote_spans(sentence)
    if not spans:
        return ""
    outside = list(sentence)
    for s, e in spans:
        outside[s:e] = " " * (e - s)
    outside_text = "".join(outside)
    colon_intro = any(re.search(r":\s*$", sentence[:s]) for s, _ in spans)
    if not ATTRIBUTION_RE.search(outside_text) and not colon_intro:
        return ""
    # Group the parts of a quotation split by its attribution: `"A," she said, "B."`
    groups: list[list[tuple[int, int]]] = []
    for s, e in spans:
        if groups:
            between = sentence[groups[-1][-1][1]:s]
            if len(_words(between)) <= 8 and ATTRIBUTION_RE.search(between) and between.rstrip().endswith(","):
                groups[-1].append((s, e))
                continue
        groups.append([(s, e)])
    parts: list[str] = []
    for group in groups:
        inner = [_inner(sentence[s:e]) for s, e in group]
        words = [w for t in inner for w in _words(t)]
        if len(words) < MIN_WORDS or _is_title(words):
            continue
        parts += inner
    return " ... ".join(p for p in parts if p)


def _inner(quoted: str) -> str:
    text = quoted[1:-1].strip()
    return text.rstrip(" ,;:")


__all__ = ["ATTRIBUTION_RE", "MIN_WORDS", "find_quote"]
