"""`lexicon check`: lint documents and report findings."""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, get_type_hints

import typer

from lexicon.cli import app
from lexicon.cli.choices import STDIN_FORMATS, Choice, languages
from lexicon.cli.common import ExitCode, fail, load, use_color
from lexicon.config import FAIL_ON, MAX_JOBS, MAX_SIZE_MB, MAX_TIMEOUT, PROFILES, QUOTED
from lexicon.errors import LexiconError
from lexicon.report import RENDERERS
from lexicon.report.escape import printable

if TYPE_CHECKING:  # the engine is imported when a command runs, not when the CLI starts
    from lexicon.check.pipeline import Linter, Settings
    from lexicon.check.rules.term import Policy
    from lexicon.model import FileResult, Severity

GlossaryOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--glossary", "-g", help="Extra glossary file or folder (repeatable); adds or overrides built-in concepts."),
]
LangOpt = Annotated[
    Optional[str], typer.Option("--lang", "-l", click_type=Choice(languages), help="Document language: en, fr, es (default: detect).")
]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks on errors.")]


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to check; '-' reads standard input.")],
    format: Annotated[
        Optional[str], typer.Option("--format", "-f", click_type=Choice(RENDERERS), help=f"Output: {', '.join(RENDERERS)}.")
    ] = None,
    fail_on: Annotated[
        Optional[str], typer.Option("--fail-on", click_type=Choice(FAIL_ON), help="Exit 1 at or above: error, warning, info, never.")
    ] = None,
    lang: LangOpt = None,
    glossary: GlossaryOpt = None,
    profile: Annotated[
        Optional[str], typer.Option("--profile", click_type=Choice(PROFILES), help="'legal' treats the whole document as legal text.")
    ] = None,
    quoted: Annotated[
        Optional[str],
        typer.Option("--quoted", click_type=Choice(QUOTED), help="Severity at most for quoted terms: warning (default) or info."),
    ] = None,
    show_info: Annotated[
        Optional[bool], typer.Option("--show-info/--hide-info", help="Also show info findings (titles, mentions).")
    ] = None,
    stdin_format: Annotated[
        str, typer.Option("--stdin-format", click_type=Choice(STDIN_FORMATS), help="Format of standard input: text or markdown.")
    ] = "text",
    stdin_name: Annotated[str, typer.Option("--stdin-name", help="Name to report for standard input.")] = "-",
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Gitignore-style pattern to skip (repeatable).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Concept id or exact phrase not to report (repeatable).")] = None,
    severity: Annotated[
        Optional[list[str]], typer.Option("--severity", help="CONCEPT=error|warning|info: override a concept's severity (repeatable).")
    ] = None,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=0, max=MAX_JOBS, help="Parallel processes (default: CPU count).")
    ] = None,
    max_size: Annotated[
        Optional[int], typer.Option("--max-size", min=1, max=MAX_SIZE_MB, help="Largest file to read, in MB (default 256).")
    ] = None,
    timeout: Annotated[
        Optional[float], typer.Option("--timeout", min=0, max=MAX_TIMEOUT, help="Seconds allowed per file, 0 = no limit (default 30).")
    ] = None,
    statistics: Annotated[Optional[bool], typer.Option("--statistics/--no-statistics", help="Count findings per rule and concept.")] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore pyproject.toml / .lexicon.yaml.")] = False,
    source: Annotated[
        Optional[Path], typer.Option("--source", help="The original of a translation: check PATHS as its translations.")
    ] = None,
    source_lang: Annotated[
        Optional[str], typer.Option("--source-lang", click_type=Choice(languages), help="Language of --source (default: detect).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of standard output.")
    ] = None,
    diff_base: Annotated[
        Optional[str], typer.Option("--diff-base", help="In a git checkout: report only findings on lines changed since this revision.")
    ] = None,
    verbose: VerboseOpt = False,
) -> None:
    """Check documents (.txt .md .html .docx .pdf) for terms to avoid or use with care."""
    from lexicon import __version__
    from lexicon.cli.concept_ids import check_concept_ids
    from lexicon.cli.options import resolve, severity_flags
    from lexicon.model import Severity
    from lexicon.report import RenderOptions, get_renderer

    opts = resolve(
        dict(
            format=format,
            fail_on=fail_on,
            lang=lang,
            glossary=glossary,
            profile=profile,
            quoted=quoted,
            show_info=show_info,
            exclude=exclude,
            jobs=jobs,
            max_size=max_size,
            timeout=timeout,
            statistics=statistics,
            ignore=ignore,
            severity=severity_flags(severity),
        ),
        use_config=not no_config,
        verbose=verbose,
    )
    # Values are checked where they enter: flags by the parser (choices, ranges), configuration
    # by lexicon.config; concept ids need the glossary, so they are checked once it is loaded.
    gloss = load(opts.glossary, verbose=verbose)
    check_concept_ids(opts, gloss)
    settings = opts.settings()
    results: _Streamed | list[FileResult]
    if source is None:
        results = _run(paths, gloss, settings, opts, stdin_format, stdin_name, verbose)
    else:
        from lexicon.cli.translation import run_translation

        results = _Streamed(iter(run_translation(source, source_lang, paths, gloss, settings, getattr(opts, "exclude", ()) or (), verbose)))
    problems = results.problems if isinstance(results, _Streamed) else []
    if diff_base is not None:
        from lexicon.cli.changed import only_changed

        results = only_changed(list(results), diff_base, verbose=verbose)
    options = RenderOptions(
        color=opts.format == "text" and output is None and use_color(sys.stdout),
        show_info=opts.show_info,
        statistics=opts.statistics,
        tool_version=__version__,
        quiet=quiet,
    )
    if output is not None or opts.format not in STREAMED or opts.statistics:
        results = list(results)  # a whole document (JSON, SARIF, HTML), a file, or counts: wait for every file
    if output is None:
        get_renderer(opts.format)(results, gloss, sys.stdout, options)  # type: ignore[arg-type]
    else:
        from lexicon.cli.output import render_to_file

        render_to_file(output, paths, get_renderer(opts.format), list(results), gloss, options, verbose=verbose)
    threshold = None if opts.fail_on == "never" else Severity(opts.fail_on)
    raise typer.Exit(ExitCode.ERROR if problems else exit_code(list(results), threshold))


# typer reads `check`'s annotations several times on every start; written as strings (this
# module's `from __future__ import annotations`), each read compiled and evaluated all of
# them again (issue 15). Evaluated once, here, they are read as they are.
check.__annotations__ = get_type_hints(check, include_extras=True)


# formats written file by file, as files finish (JSON too: its compact form, to a pipe or a
# file, is written a file at a time, so a parallel run writes it while the last files are
# checked instead of after them: issue 15)
STREAMED = ("text", "json-lines", "github", "json")


class _Streamed:
    """Results as they arrive: the renderer's first pass prints each file's findings (and
    its read error on stderr) as soon as the file is done, flushing standard output; later
    passes (the summary) and len() see every result."""

    def __init__(self, results: Iterator[FileResult], problems: list[str] | None = None) -> None:
        self._source: Iterator[FileResult] | None = results
        self.problems = problems if problems is not None else []  # usage errors found while checking
        self._seen: list[FileResult] = []

    def __iter__(self) -> Iterator[FileResult]:
        yield from self._seen
        while self._source is not None:
            sys.stdout.flush()
            result = next(self._source, None)
            if result is None:
                self._source = None
                return
            if result.error is not None:
                sys.stderr.write(f"{printable(result.path)}: {printable(result.error)}\n")  # one line, whatever the name
                sys.stderr.flush()
            self._seen.append(result)
            yield result

    def __len__(self) -> int:
        for _ in self:
            pass
        return len(self._seen)


def exit_code(results: list[FileResult], threshold: Severity | None) -> int:
    if any(r.error is not None for r in results):
        return ExitCode.ERROR
    if threshold is None:
        return ExitCode.OK
    hit = any(f.severity.rank >= threshold.rank for r in results for f in r.findings)
    return ExitCode.FINDINGS if hit else ExitCode.OK


def _run(paths: list[str], gloss: object, settings: Settings, opts: object, stdin_format: str, stdin_name: str, verbose: bool) -> _Streamed:
    from lexicon.check.pipeline import Linter
    from lexicon.discover import discover

    linter = Linter(gloss, settings)  # type: ignore[arg-type]
    files = [Path(p) for p in paths if p != "-"]
    timeout = getattr(opts, "timeout", 0) or None
    problems: list[str] = []  # lexicon-disable comments naming no concept: exit 2
    first = [_check_stdin(linter, stdin_format, stdin_name, verbose, timeout)] if "-" in paths else []
    try:
        targets = discover(files, getattr(opts, "exclude", ()) or ())
    except LexiconError as exc:
        fail(str(exc), verbose=verbose)
    jobs = max(1, min(getattr(opts, "jobs", 0) or cpus(), cpus()))  # never more processes than CPUs (a large file is split among them)

    def results() -> Iterator[FileResult]:
        from lexicon.cli.concept_ids import unknown_name_lines

        for result in itertools.chain(first, _with_progress(targets, linter, jobs, timeout)):
            for line in unknown_name_lines(result, gloss):  # type: ignore[arg-type]
                problems.append(line)
                sys.stderr.write(f"lexicon: {printable(line)}\n")
            yield result

    return _Streamed(results(), problems)


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _with_progress(targets: list[Path], linter: Linter, jobs: int, timeout: float | None = None) -> Iterator[FileResult]:
    """Check the files; on a terminal, a progress bar (on stderr) appears after a second."""
    from lexicon.check.batch import iter_results

    gloss, settings = linter.glossary, linter.settings
    if not (sys.stderr.isatty() and len(targets) > 20) or sys.stdout.isatty():  # on a terminal, the findings show progress
        yield from iter_results(targets, gloss, settings, jobs=jobs, linter=linter, timeout=timeout)
        return
    from rich.console import Console
    from rich.progress import Progress

    started = time.monotonic()
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("checking", total=len(targets), visible=False)

        def step(n: int) -> None:
            bar.update(task, advance=n, visible=time.monotonic() - started > 1.0)

        yield from iter_results(targets, gloss, settings, jobs=jobs, progress=step, linter=linter, timeout=timeout)


def _check_stdin(linter: Linter, stdin_format: str, name: str, verbose: bool, timeout: float | None = None) -> FileResult:
    from lexicon.model import FileResult
    from lexicon.readers import markdown, text

    limit = linter.settings.limits.max_bytes
    data = sys.stdin.buffer.read(limit + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read(limit + 1).encode()
    if len(data) > limit:  # `yes | lexicon check -` must not fill the memory
        return FileResult(
            path=name, lang=None, error=f"standard input too large (> {limit // (1024 * 1024)} MB limit; raise it with --max-size)"
        )
    from lexicon.readers.decode import decode_text

    try:
        content, _ = decode_text(data, name)
    except LexiconError as exc:
        return FileResult(path=name, lang=None, error=exc.message)
    from lexicon.check.batch import OverBudget, time_budget

    reader = markdown if stdin_format in ("md", "markdown") else text
    try:
        with time_budget(timeout):
            return linter.check_document(reader.from_text(content, name))
    except OverBudget:
        return FileResult(path=name, lang=None, error=f"not checked: took longer than {timeout:g} s (raise the limit with --timeout)")


def policy_for(profile: str | None) -> Policy:
    from lexicon.check.rules.term import Policy

    return Policy(legal_profile=profile == "legal")
