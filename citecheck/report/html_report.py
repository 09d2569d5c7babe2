"""One self-contained HTML page to review a run and share it: every claim with its verdict, its
figures and the evidence quote highlighted in its context, a link that opens the source at that
passage (a text fragment, `#:~:text=`), and filters by verdict.

Self-contained means no network request at all: the CSS is inline, there are no scripts, fonts or
images, and a Content-Security-Policy says so to the browser. The filters are radio buttons and CSS
(`:checked ~`), so they work with scripts off. It reads on a phone: viewport meta, one column, long
URLs break.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

from citecheck import __version__
from citecheck.model import VERDICTS, Verdict
from citecheck.report.base import HELP, Report, location, relative_path, summary, summary_line

CONTEXT = 240  # characters of the source shown on each side of the evidence
_WORD_RE = re.compile(r"\S+")

# Verdict colours (background, text), chosen for contrast on white.
COLORS = {"supported": ("#d9f2e0", "#14532d"), "partial": ("#fdf0c4", "#713f12"),
          "contradicted": ("#fbd5d5", "#7f1d1d"), "misquoted": ("#fbd5d5", "#7f1d1d"),
          "unsupported": ("#fde2cf", "#7c2d12"), "unreachable": ("#eadcf8", "#4c1d95"),
          "unsourced": ("#fdf0c4", "#713f12"), "ignored": ("#e5e7eb", "#374151")}

CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
header,nav,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.4rem;margin:.2rem 0}
.summary{font-size:1.05rem;margin:.3rem 0 .6rem}
.filter{position:absolute;opacity:0;pointer-events:none}
nav{display:flex;flex-wrap:wrap;gap:.4rem;padding-bottom:.8rem}
nav label{cursor:pointer;border:1px solid #d1d5db;border-radius:999px;padding:.2rem .7rem;background:#fff;font-size:.9rem}
.filter:focus-visible+label,.filter:focus-visible~nav label{outline:2px solid #2563eb}
main{display:flex;flex-direction:column;gap:.8rem;padding-bottom:2rem}
.claim{background:#fff;border:1px solid #e5e7eb;border-left-width:6px;border-radius:.5rem;padding:.8rem 1rem}
.claim h2{font-size:.85rem;font-weight:normal;color:#4b5563;margin:0 0 .3rem;display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:center}
.badge{font-weight:700;text-transform:uppercase;letter-spacing:.03em;border-radius:.3rem;padding:.05rem .45rem;font-size:.8rem}
.text{font-size:1.05rem;margin:.2rem 0 .5rem}
.why{margin:.3rem 0}
ul.figs{margin:.3rem 0;padding-left:1.2rem}
blockquote{margin:.5rem 0;padding:.5rem .8rem;background:#f3f4f6;border-left:3px solid #9ca3af;color:#374151;font-size:.95rem}
mark{background:#fde68a;color:#111827;padding:0 .1rem}
a{color:#1d4ed8;overflow-wrap:anywhere}
.sources{margin:.3rem 0 0;padding-left:1.2rem;font-size:.9rem}
.id{font-family:ui-monospace,monospace;font-size:.8rem}
.accepted{font-style:italic}
footer{color:#6b7280;font-size:.85rem;padding-bottom:2rem}
@media (max-width:40rem){body{font-size:15px}.claim{padding:.7rem}}
"""


def text_fragment(quote_text: str, words: int = 6) -> str:
    """`#:~:text=` that makes a browser scroll to and highlight the quote: its first and last words
    for a long quote (textStart,textEnd), the whole of it for a short one. `-`, `,` and `&` are
    syntax there, so they are percent-encoded like everything else."""
    parts = _WORD_RE.findall(quote_text)
    if not parts:
        return ""

    def enc(ws: list[str]) -> str:
        return quote(" ".join(ws), safe="").replace("-", "%2D")

    if len(parts) <= 2 * words:
        return ":~:text=" + enc(parts)
    return ":~:text=" + enc(parts[:words]) + "," + enc(parts[-words:])


def source_link(url: str, quote_text: str) -> str:
    """The URL that opens the source at the passage. A URL with a fragment of its own (a PDF page)
    keeps it: text fragments do not work in PDFs."""
    if "#" in url:
        return url
    frag = text_fragment(quote_text)
    return f"{url}#{frag}" if frag else url


def _href(url: str) -> str:
    return escape(url) if re.match(r"https?://", url, re.I) else "#"


def _context(v: Verdict, report: Report) -> str:
    ev = v.evidence
    if ev is None:
        return ""
    src = report.sources.get(ev.url.split("#")[0])
    text = src.text if src is not None and src.ok else None
    if text is not None and text[ev.start:ev.end] == ev.quote:
        before, after = text[max(0, ev.start - CONTEXT):ev.start], text[ev.end:ev.end + CONTEXT]
        before = ("\u2026" + before.split(" ", 1)[-1]) if ev.start > CONTEXT else before
        after = (after.rsplit(" ", 1)[0] + "\u2026") if ev.end + CONTEXT < len(text) else after
    else:
        before = after = ""
    page = f" (page {ev.page})" if ev.page else ""
    link = source_link(ev.url, ev.quote)
    return (f'<blockquote>{escape(" ".join(before.split()))} <mark>{escape(" ".join(ev.quote.split()))}</mark> '
            f'{escape(" ".join(after.split()))}</blockquote>'
            f'<p><a href="{_href(link)}" rel="noopener noreferrer" target="_blank">Open the source at this '
            f'passage{page}</a></p>')


def _figures(v: Verdict) -> str:
    if not v.figures:
        return ""
    items = []
    for f in v.figures:
        bg, fg = COLORS.get(f.verdict, ("#e5e7eb", "#111827"))
        extra = f" \u2014 {escape(f.note)}" if f.note else ""
        if f.source_figure is not None and f.verdict == "contradicted" and f.source_figure.text not in f.note:
            extra = f" \u2014 source says {escape(f.source_figure.text)}" + extra
        items.append(f'<li><strong>{escape(f.figure.text)}</strong> <span class="badge" '
                     f'style="background:{bg};color:{fg}">{escape(f.verdict)}</span>{extra}</li>')
    return f'<ul class="figs">{"".join(items)}</ul>'


def _quote(v: Verdict) -> str:
    q = v.quote
    if q is None or q.verdict == "supported":
        return ""
    out = f'<p class="why">Quote: \u201c{escape(q.quote)}\u201d ({escape(q.verdict)})'
    if q.source_wording:
        out += f'<br>The source says: \u201c{escape(q.source_wording)}\u201d'
    return out + "</p>"


def _claim(v: Verdict, report: Report) -> str:
    c = v.claim
    bg, fg = COLORS.get(v.verdict, ("#e5e7eb", "#111827"))
    classes = f"claim v-{v.verdict}" + (" flagged" if report.is_flagged(v) else "")
    where = location(v).replace(c.file, relative_path(c.file), 1)
    accepted = f'<span class="accepted">{escape(report.acceptance(v))}</span>' if report.is_accepted(v) else ""
    why = ""
    if v.verdict == "ignored":
        why = f'<p class="why">Ignored: {escape(c.note or "a citecheck comment marks it")}</p>'
    elif v.reason and v.verdict != "supported":
        why = f'<p class="why"><strong>Why:</strong> {escape(v.reason)}</p>'
    sources = "".join(f'<li><a href="{_href(u)}" rel="noopener noreferrer" target="_blank">{escape(u)}</a></li>'
                      for u in c.sources)
    archived = [report.sources[u] for u in c.sources if u in report.sources and report.sources[u].archived_from]
    sources += "".join(f'<li>archived copy: <a href="{_href(s.final_url)}">{escape(s.final_url)}</a> '
                       f'({escape(s.archive_date)})</li>' for s in archived)
    return (f'<article class="{classes}" id="{escape(c.id)}" style="border-left-color:{fg}">'
            f'<h2><span class="badge" style="background:{bg};color:{fg}">{escape(v.verdict)}</span>'
            f'<span>{escape(where)}</span><span class="id">{escape(c.id)}</span>'
            f'<span>score {v.score:.2f}</span>{accepted}</h2>'
            f'<p class="text">{escape(c.text)}</p>{why}{_figures(v)}{_quote(v)}{_context(v, report)}'
            f'{f"<ul class=sources>{sources}</ul>" if sources else ""}</article>')


def render(report: Report) -> str:
    listed = report.listed()
    counts = summary(listed)
    flagged = sum(report.is_flagged(v) for v in listed)
    filters = [("all", f"All ({len(listed)})"), ("flagged", f"Flagged ({flagged})")]
    filters += [(k, f"{k} ({n})") for k, n in counts.items()]
    inputs = "".join(f'<input class="filter" type="radio" name="show" id="f-{k}"{" checked" if k == "all" else ""} '
                     f'aria-label="{escape(label)}">' for k, label in filters)
    labels = "".join(f'<label for="f-{k}">{escape(label)}</label>' for k, label in filters)
    rules = ["#f-flagged:checked~main .claim:not(.flagged){display:none}"]
    rules += [f"#f-{k}:checked~main .claim:not(.v-{k}){{display:none}}" for k in VERDICTS]
    rules += [f"#f-{k}:checked~nav label[for=f-{k}]{{background:#1f2937;color:#fff;border-color:#1f2937}}"
              for k, _ in filters]
    legend = "".join(f"<li><strong>{k}</strong>: {escape(HELP[k])}</li>" for k in counts)
    title = "citecheck: " + (f"{flagged} claim{'s' if flagged != 1 else ''} flagged" if flagged else "nothing flagged")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<style>{CSS}{"".join(rules)}</style>
</head>
<body>
<header><h1>{escape(title)}</h1><p class="summary">{escape(summary_line(report))}</p></header>
{inputs}
<nav aria-label="Show claims">{labels}</nav>
<main>
{"".join(_claim(v, report) for v in listed)}
</main>
<footer><ul>{legend}</ul><p>citecheck {escape(__version__)}</p></footer>
</body>
</html>
"""
