"""The command line: parse options, call the library, turn its errors into messages and exit codes.

Exit codes: 0 nothing flagged, 1 claims flagged (per --fail-on) or no source could be read, 2 usage
or input error, 130 interrupted. Options may also come from a config file (citecheck/config.py),
read into Click's default_map so that flags win.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import signal
import sys
from dataclasses import replace
import threading

import click

from citecheck import __version__
from citecheck.errors import CitecheckError
from citecheck.model import VERDICTS
from citecheck.report import FORMATS
from citecheck.report.base import DEFAULT_FAIL_ON as _DEFAULT_FAIL_ON

# What an editor must not publish (a figure the source contradicts, a claim it does not back, a quote it
# words otherwise) and a source nobody could read. Partial, unsourced and ignored claims do not fail a run.
DEFAULT_FAIL_ON = ",".join(_DEFAULT_FAIL_ON)

EXIT_CODES = """\b
Verdicts: supported, partial, contradicted, misquoted, unsupported, unreachable, unsourced, ignored.
\b
Exit codes:
  0    nothing flagged
  1    a claim has a verdict named in --fail-on (not accepted by --baseline),
       or no cited source could be read at all (unless --fail-on none)
  2    usage or input error (one line on stderr)
  130  interrupted
"""


def _fail_on(value: str) -> frozenset[str]:
    chosen = {v.strip() for v in value.split(",") if v.strip()}
    unknown = chosen - set(VERDICTS) - {"none"}
    if unknown:
        raise click.BadParameter(f"unknown verdict(s) {', '.join(sorted(unknown))}; choose from {', '.join(VERDICTS)}")
    return frozenset(chosen - {"none"})


def _write(text: str, output: str | None, color: bool = False) -> None:
    """The report to stdout, or to `output` atomically: a killed run leaves the old file, never half."""
    from citecheck.atomic import write_text_atomic

    if output:
        try:
            write_text_atomic(output, text)
        except OSError as e:
            raise CitecheckError(f"{output}: cannot write ({e.strerror})") from None
    else:
        click.echo(text, nl=False, color=color or None)


def _long_name(param: click.Parameter) -> str | None:
    names = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    return names[0][2:] if names and param.name != "config" else None


def _read_config(ctx: click.Context, _param: click.Parameter, path: str | None) -> None:
    """Eager callback of --config: load the config file (given, or found from the working directory)
    into the command's default_map, before the other options are read, so flags override it."""
    from citecheck.config import load_config

    known = {"cache"} | {n for cmd in cli.commands.values() for p in cmd.params if (n := _long_name(p))}
    config = load_config(path, known)
    defaults = dict(ctx.default_map or {})
    by_name = {n: p for p in ctx.command.params if (n := _long_name(p))}
    for key, value in config.values.items():
        if key == "cache" and "no-cache" in by_name:  # `cache = false` reads better than `no-cache = true`
            key, value = "no-cache", not value
        param = by_name.get(key)
        if param is None:
            continue  # a key of another command (`format` for batch)
        if isinstance(value, list) and not param.multiple:
            value = ",".join(map(str, value))  # fail-on = ["contradicted", "unreachable"]
        elif param.multiple and not isinstance(value, list):
            value = [value]  # exclude-url = "one pattern"
        defaults[param.name] = value
    ctx.default_map = defaults


def config_option(command):
    return click.option("--config", type=click.Path(dir_okay=False), is_eager=True, expose_value=False,
                        callback=_read_config,
                        help="Read options from this TOML file.  [default: the nearest .citecheck.toml, or "
                             "pyproject.toml with [tool.citecheck], from here upwards]")(command)


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
    click.option("--jobs", type=int, default=64, show_default=True, help="Sources fetched at once."),
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
    from citecheck.sources.cache import parse_age
    from citecheck.sources.options import FetchOptions, settle_record_mode

    return settle_record_mode(FetchOptions(
        cassette=cassette, record_mode=record_mode, timeout=timeout, connect_timeout=timeout, deadline=deadline,
        jobs=jobs, per_host=per_host, allow_private=allow_private, archive=archive, cache=not no_cache,
        cache_dir=cache_dir, cache_max_age=parse_age(cache_max_age)))


@cli.command(epilog=EXIT_CODES)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--fail-on", default=DEFAULT_FAIL_ON, show_default=True,
              help="Comma-separated verdicts that make the exit code 1 ('none' never fails).")
@click.option("-q", "--quiet", is_flag=True, help="List flagged claims only (text, markdown, html).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text report; auto: on a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="Accept the claims recorded in this baseline: listed as accepted, never flagged.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record today's flagged claims in this file (they are then accepted: exit code 0).")
@click.option("--exclude-url", multiple=True, metavar="REGEX",
              help="Never fetch cited URLs that match (repeatable); a claim left with no source is ignored.")
@click.option("--accept-url", multiple=True, metavar="REGEX",
              help="A matching source being unreachable does not fail the run (repeatable), e.g. a paywall.")
@click.option("--stdin-format", type=click.Choice(["md", "html", "txt"]),
              help="Format of the article read from '-' (standard input).  [default: sniffed]")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip these paths when walking a directory (.gitignore syntax; repeatable).")
@click.option("--max-article-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse an input larger than this, before reading it.")
@fetch_options
@config_option
def check(paths, fmt, output, fail_on, quiet, color, baseline, write_baseline, exclude_url, accept_url,
          stdin_format, exclude, max_article_bytes, **fetch):
    """Check claims files (.yaml), articles (.md, .html, .txt, .docx), folders of them, '-' (stdin) or a
    published article's URL."""
    from citecheck.articles import read_documents
    from citecheck.baseline import read_baseline, write_baseline as record_baseline
    from citecheck.url_patterns import compile_patterns

    flags = _fail_on(fail_on)
    # Options checked before any input is read or fetched: a bad one fails at once.
    exclude_urls = compile_patterns(exclude_url, "--exclude-url")
    accept = compile_patterns(accept_url, "--accept-url")
    accepted = read_baseline(baseline) if baseline else frozenset()
    _keep_lexicon()
    # Made once, when first needed (an article by URL, else the sources): "once" is settled for the run.
    fetch_once = functools.cache(lambda: _fetch_options(**fetch))
    docs = read_documents(list(paths), fetch_once, limit=max_article_bytes, exclude=exclude,
                          stdin_format=stdin_format)
    _claim_counts(docs)
    from citecheck.pipeline import check_documents
    from citecheck.report import Report, render
    from citecheck.report.github_report import append_step_summary
    from citecheck.report.text_report import use_color

    options = fetch_once()
    result = check_documents(docs, options, exclude=exclude_urls)
    report = Report(result.verdicts, result.sources, flags, accepted, quiet,
                    use_color(color, not output and sys.stdout.isatty(), os.environ), accept)
    if write_baseline:
        today = [v for v in result.verdicts if v.verdict in flags]
        record_baseline(write_baseline, today)
        report = replace(report, accepted=accepted | {v.claim.id for v in today})
    _write(render(report, fmt), output, report.color)
    if fmt == "github":
        try:
            append_step_summary(report)
        except OSError as e:
            raise CitecheckError(f"GITHUB_STEP_SUMMARY: cannot write ({e.strerror})") from None
    if report.flagged:
        sys.exit(1)
    if report.nothing_read:
        click.echo(f"citecheck: no source could be read ({len(result.sources)} cited)", err=True)
        sys.exit(1 if flags else 0)
    sys.exit(0)


def _keep_lexicon() -> None:
    """The matcher's word tables are loaded from (and kept in) the user cache dir: half a second less in
    every process that checks claims (citecheck/lexicon_cache.py). Batch workers inherit the setting.
    The garbage collector is set for a run too (citecheck/collector.py): the workers inherit that as well."""
    from citecheck import collector
    from citecheck.lexicon_cache import install

    install()
    collector.tune()


MANY_CLAIMS = 1000


def _claim_counts(docs) -> None:
    """The number of claims of each input on stderr: always when one has more than MANY_CLAIMS (a file
    that is not one article?), else when stderr is a terminal."""
    tty = sys.stderr.isatty()
    for d in docs:
        n = len(d.claims)
        if n > MANY_CLAIMS:
            click.echo(f"citecheck: {d.path}: {n:,} claims; is this one article?", err=True)
        elif tty:
            click.echo(f"citecheck: {d.path}: {n:,} claim{'s' if n != 1 else ''}", err=True)


@cli.command()
@click.argument("input_path", metavar="IN.jsonl", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write results here (default: stdout).")
@click.option("--fail-on", default=DEFAULT_FAIL_ON, show_default=True,
              help="Comma-separated verdicts that make the exit code 1.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that prepare sources and check claims.  [default: the number of cores]")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on the Dask cluster of this scheduler (tcp://host:8786); needs citecheck[dask].")
@click.option("--scheduler-file", type=click.Path(dir_okay=False),
              help="Run on the Dask cluster whose scheduler wrote this file (dask scheduler --scheduler-file).")
@fetch_options
@config_option
def batch(input_path, output, fail_on, workers, scheduler, scheduler_file, **fetch):
    """Check JSONL items {id, claim, source_text|source_path|source_url}; one result line each.

    Items with a source_url are fetched first, in parallel, with the fetch options below. A line that
    is not an item gets an error record in its place, a line on stderr, and the exit code 2.
    With --scheduler or --scheduler-file the work runs on a Dask cluster, with the same output."""
    from citecheck.batch import BadLine, check_items, default_workers, read_items

    flags = _fail_on(fail_on)
    _keep_lexicon()
    options = _fetch_options(**fetch)
    flagged = bad = 0

    def entries(lines):
        nonlocal bad
        for entry in read_items(lines, input_path):
            if isinstance(entry, BadLine):
                bad += 1
                click.echo(f"citecheck: {entry.reason}", err=True)
            yield entry

    with contextlib.ExitStack() as stack:
        lines = stack.enter_context(_open_lines(input_path))
        if scheduler or scheduler_file:
            from citecheck.dask_batch import check_items_on_cluster, connect, worker_options

            worker_options(options)  # refuse what workers cannot do before connecting
            client = stack.enter_context(connect(scheduler, scheduler_file))
            records = check_items_on_cluster(client, entries(lines), options)
        else:
            records = check_items(entries(lines), options, workers=workers or default_workers())
        stack.callback(records.close)  # on Ctrl-C, the run stops (its tasks cancelled) before the client closes
        out = stack.enter_context(_open_output(output))
        for rec in records:
            # An error record is a bad line (exit 2 then) or an item the cluster failed to check.
            flagged += rec.get("verdict") in flags or "error" in rec
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    sys.exit(2 if bad else 1 if flagged else 0)


@contextlib.contextmanager
def _open_lines(path: str):
    """The input's lines, read as they are needed (a line that is not UTF-8 is read with U+FFFD)."""
    if path == "-":
        yield (raw.decode("utf-8", "replace") for raw in sys.stdin.buffer)
        return
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise CitecheckError(f"{path}: cannot read ({e.strerror})") from None
    with fh:
        yield (raw.decode("utf-8-sig" if n == 0 else "utf-8", "replace") for n, raw in enumerate(fh))


@contextlib.contextmanager
def _open_output(output: str | None):
    if not output:
        yield sys.stdout
        sys.stdout.flush()
        return
    from citecheck.atomic import open_atomic

    # Written through a temporary file renamed over the target at the end, like a report: a run
    # killed half-way leaves the previous output, never a truncated one.
    try:
        with open_atomic(output) as fh:
            yield fh
    except OSError as e:
        raise CitecheckError(f"{output}: cannot write ({e.strerror})") from None


@cli.command()
@click.argument("text", required=False)
@click.option("--file", "file_path", type=click.Path(), help="Read the text from this file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def figures(text, file_path, fmt):
    """Show the figures citecheck reads in TEXT: value, unit, kind and tolerance."""
    from citecheck.figures.show import render_figures

    if file_path:
        from citecheck.articles import read_text_file  # the article readers (HTML, docx) only for a file

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
    """The program: `citecheck ARGS`. Run as the program itself (the `citecheck` script, `python -m citecheck`), it
    leaves without tearing the interpreter down (_leave_now); called from other code, it raises SystemExit."""
    try:
        _main()
    except SystemExit as e:
        if _is_the_program():
            _leave_now(e.code)
        raise
    if _is_the_program():
        _leave_now(0)


def _is_the_program() -> bool:
    """Is this process running citecheck as its program (its __main__ the `citecheck` script or citecheck/__main__.py),
    so that nothing runs after main()? Not under a test or another program that calls main() and goes on."""
    program = sys.modules.get("__main__")
    spec = getattr(program, "__spec__", None)
    if spec is not None and spec.name == "citecheck.__main__":
        return True
    name = os.path.basename(getattr(program, "__file__", None) or "")
    return name in ("citecheck", "citecheck.exe", "citecheck-script.py") and \
        getattr(program, "main", None) is main


def _leave_now(code) -> None:
    """Exit with `code` at once once everything is written: the output flushed, the exit handlers run (the pools' and
    any other library's), no thread of ours left but daemons, and then os._exit rather than the interpreter's
    teardown, which frees every object one by one (the lexicon's tables are 180,000 entries): a few hundredths of a
    second of every run. Returns (the caller then raises as before) if a flush fails (a closed pipe: the
    interpreter reports it as it always has), a thread still runs, this is not the main thread, or the code is not a
    number from 0 to 255."""
    if code is None:
        code = 0
    if not isinstance(code, int) or not 0 <= code <= 255 or any(not t.daemon for t in threading.enumerate()
                                        if t is not threading.current_thread()):
        return
    if threading.current_thread() is not threading.main_thread():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


class _ClosedOutput:
    """sys.stdout when the program was started with its standard output closed (`>&-`: Python sets it to None): a
    run that writes its report there stops with one line and exit 2, rather than a traceback; one given -o never
    asks it for more than whether it is a terminal."""

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def write(self, text: str) -> int:
        raise CitecheckError("standard output is closed: give -o FILE, or open it")


def _main() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
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
