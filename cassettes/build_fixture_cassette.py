"""Build cassettes/nk-human-rights.yaml, a hand-made vcrpy cassette, from cassettes/fixture-pages/.

The cassette is a FIXTURE, not a recording: every response body is a stand-in page written by
hand that paraphrases what the real page says about the figures the example article cites. No
machine this was built on could reach the web. To replace it with real responses, run citecheck
on examples/nk-human-rights.md with --record-mode all from a machine with network access.

Usage (from the repository root or anywhere):

    .venv/bin/python cassettes/build_fixture_cassette.py

Needs only the standard library and PyYAML.
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PAGES = HERE / "fixture-pages"
OUT = HERE / "nk-human-rights.yaml"

HTML = "text/html; charset=utf-8"

# url -> (file in fixture-pages/, Content-Type, HTTP status)
#
# Left out on purpose: the whitehouse.gov Singapore joint statement linked from the article, so that
# citecheck reports it as unreachable ("not in cassette").
FIXTURES: dict[str, tuple[str, str, int]] = {
    "https://www.dailysignal.com/2018/12/11/put-human-rights-back-on-the-negotiating-table-with-north-korea/": (
        "dailysignal-human-rights-negotiating-table.html",
        HTML,
        200,
    ),
    "https://www.ohchr.org/en/hr-bodies/hrc/co-idprk/reportofthe-commissioner-of-inquiry-dprk": (
        "ohchr-coi-dprk-report.html",
        HTML,
        200,
    ),
    "https://www.globalslaveryindex.org/2018/findings/country-studies/north-korea/": (
        "globalslaveryindex-2018-north-korea.html",
        HTML,
        200,
    ),
    "https://www.bbc.com/news/world-asia-39073389": (
        "bbc-kim-jong-nam-vx.html",
        HTML,
        200,
    ),
    "https://press.un.org/en/2014/ga11604.doc.htm": (
        "un-press-ga11604.html",
        HTML,
        200,
    ),
    # Answers 404, so the example shows "unreachable: not found (404)".
    "https://www.heritage.org/asia/event/human-rights-and-the-north-korea-negotiations": (
        "heritage-event-404.html",
        HTML,
        404,
    ),
}

HEADER = """\
# FIXTURE, not a recording: built by cassettes/build_fixture_cassette.py from cassettes/fixture-pages/.
# Every response body is a hand-written stand-in that paraphrases what the real page says about the
# figures examples/nk-human-rights.md cites. Re-record with --record-mode all on a machine with network access.
# Not in this cassette on purpose: the whitehouse.gov Singapore joint statement (shows "not in cassette").
# The 404 for the heritage.org event page is made up too; that URL is a plausible guess, not a known page.
"""


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings (the page bodies) as literal blocks."""


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_representer)


def _clean(text: str) -> str:
    # Trailing spaces would stop PyYAML from using a literal block; they carry no meaning in HTML.
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def interaction(url: str, filename: str, content_type: str, status: int) -> dict:
    body = _clean((PAGES / filename).read_text(encoding="utf-8"))
    return {
        "request": {
            "body": None,
            "headers": {},
            "method": "GET",
            "uri": url,
        },
        "response": {
            "body": {"string": body},
            "headers": {
                "Content-Type": [content_type],
                "Content-Length": [str(len(body.encode("utf-8")))],
            },
            "status": {"code": status, "message": HTTPStatus(status).phrase},
        },
    }


def build() -> dict:
    return {
        "interactions": [interaction(url, *spec) for url, spec in FIXTURES.items()],
        "version": 1,
    }


def main() -> int:
    cassette = build()
    text = yaml.dump(
        cassette,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    OUT.write_text(HEADER + text, encoding="utf-8")
    print(f"wrote {OUT} ({len(cassette['interactions'])} interactions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
