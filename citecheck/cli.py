"""The command line: parse options, call the library, turn its errors into messages and exit codes.

Exit codes: 0 nothing flagged, 1 claims flagged (per --fail-on), 2 usage or input error, 130 interrupted.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading

import click

from citecheck import __version__
from citecheck.errors import CitecheckError
from citecheck.model import VERDICTS

# What an editor must not publish: a figure the source contradicts, a claim it does not back, a quote
# it words otherwise. Partial, unsourced and unreachable claims are reported but do not fail a run.
DEFAULT_FAIL_ON = "contradicted,misquoted,unsupported"


def _fail_on(value: str) -> frozenset[str]:
    chosen = {v.strip() for v in value.split(",") if v.strip()}
    unknown = chosen - set(VERDICTS) - {"none"}
    if unknown:
        raise click.BadParameter(f"unknown verdict(s) {', '.join(sorted(unknown))}; choose from {', '.join(VERDICTS)}")
    return frozenset(chosen - {"none"})


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as e:
            raise CitecheckError(f"{output}: cannot write ({e.strerror})") from None
    else:
        click.echo(text, nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citecheck")
def cli() -> None:
    """Check that an article's figures stand in the sources it cites."""


def fetch_options(command):
    """The options that say how sources are fetched, shared by `check` and `batch`."""
    for option in reversed(_FETCH_OPTIONS):
        command = option(command)
    return command


_FETCH_OPTIONS = [
    click.option("--cassette", type=click.Path(dir_okay=False),
                 help="Replay (and record) HTTP through this vcrpy cassette. Default: the claims file's `cassette:`."),
    click.option("--record-mode", type=click.Choice(["none", "once", "new_episodes", "all"]), default="none",
                 show_default=True, help="vcrpy record mode for the cassette."),
    click.option("--timeout", type=float, default=20.0, show_default=True,
                 help="Seconds to wait for a source to connect or send data."),
    click.option("--deadline", type=float, default=60.0, show_default=True,
                 help="Most seconds spent on one source, retries and redirects included."),
    click.option("--jobs", type=int, default=16, show_default=True, help="Sources fetched at once."),
    click.option("--per-host", type=int, default=4, show_default=True, help="Requests in flight to one host at once."),
    click.option("--allow-private", is_flag=True,
                 help="Also fetch from loopback, private and link-local addresses (intranets, local servers)."),
    click.option("--archive", is_flag=True, help="Check dead sources against their Wayback Machine snapshot."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the cache of fetched sources."),
    click.option("--cache-dir", help="Directory of the cache.  [default: citecheck/sources in the user cache dir]"),
    click.option("--cache-max-age", default="1d", show_default=True,
                 help="How long a cached source stays fresh: seconds, or 90s, 30m, 12h, 1d, 2w."),
]


def _fetch_options(cassette, record_mode, timeout, deadline, jobs, per_host, allow_private, archive, no_cache,
                   cache_dir, cache_max_age):
    """FetchOptions from the shared options. vcrpy's "once" is settled for the whole run: the run may
    open the cassette more than once (an article by URL, then its sources)."""
    from citecheck.sources import FetchOptions
    from citecheck.sources.cache import parse_age
    from citecheck.sources.fetch import settle_record_mode

    return settle_record_mode(FetchOptions(
        cassette=cassette, record_mode=record_mode, timeout=timeout, connect_timeout=timeout, deadline=deadline,
        jobs=jobs, per_host=per_host, allow_private=allow_private, archive=archive, cache=not no_cache,
        cache_dir=cache_dir, cache_max_age=parse_age(cache_max_age)))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--fail-on", default=DEFAULT_FAIL_ON, show_default=True,
              help="Comma-separated verdicts that make the exit code 1 ('none' never fails).")
@fetch_options
def check(paths, fmt, output, fail_on, **fetch):
    """Check claims files (.yaml), articles (.md, .html, .txt, .docx) or a published article's URL."""
    from citecheck.articles import read_documents
    from citecheck.pipeline import check_documents
    from citecheck.report import render

    flags = _fail_on(fail_on)
    options = _fetch_options(**fetch)
    result = check_documents(read_documents(list(paths), options), options)
    _write(render(list(result.verdicts), fmt, result.sources), output)
    flagged = [v for v in result.verdicts if v.verdict in flags]
    sys.exit(1 if flagged else 0)


@cli.command()
@click.argument("input_path", metavar="IN.jsonl", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write results here (default: stdout).")
@click.option("--fail-on", default=DEFAULT_FAIL_ON, show_default=True,
              help="Comma-separated verdicts that make the exit code 1.")
@fetch_options
def batch(input_path, output, fail_on, **fetch):
    """Check JSONL items {id, claim, source_text|source_path|source_url}; one result line each.

    Items with a source_url are fetched first, in parallel, with the fetch options below."""
    from citecheck.articles import read_text_file
    from citecheck.batch import check_items, read_items

    flags = _fail_on(fail_on)
    text = read_text_file(input_path)
    items = list(read_items(text.splitlines(), input_path))
    lines, flagged = [], 0
    for rec in check_items(items, _fetch_options(**fetch)):
        flagged += rec["verdict"] in flags
        lines.append(json.dumps(rec, ensure_ascii=False))
    _write("\n".join(lines) + ("\n" if lines else ""), output)
    sys.exit(1 if flagged else 0)


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "file_path", type=click.Path(), help="Read the text from this file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def figures(text, file_path, fmt):
    """Show the figures citecheck reads in TEXT: value, unit, kind and tolerance."""
    from citecheck.articles import read_text_file
    from citecheck.figures.show import render_figures

    if file_path:
        text = read_text_file(file_path)
    if not text:
        raise CitecheckError("give TEXT or --file PATH")
    click.echo(render_figures(text, fmt), nl=False)


class _Interrupted(BaseException):
    """Ctrl-C, raised by our SIGINT handler instead of KeyboardInterrupt: Click turns a
    KeyboardInterrupt into Abort (and prints a blank line), which would hide it."""


def _on_sigint(signum, frame) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while unwinding: no traceback
    raise _Interrupted


def _exit_interrupted() -> None:
    """One line, then leave at once: fetch threads still waiting on servers are abandoned, not joined
    (a normal exit would wait for each of them to reach its deadline)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    try:
        sys.stderr.write("citecheck: interrupted\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(130)


def main() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except (_Interrupted, KeyboardInterrupt):
        _exit_interrupted()
    except click.Abort as e:
        if isinstance(e.__context__, (KeyboardInterrupt, _Interrupted)):
            _exit_interrupted()
        click.echo("citecheck: aborted", err=True)
        sys.exit(2)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except CitecheckError as e:
        click.echo(f"citecheck: {e}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        os._exit(0)
