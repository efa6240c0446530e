"""`lexicon audit`: how far an archive follows the Guidelines (see docs/audit.md)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from lexicon.cli import app
from lexicon.cli.check import GlossaryOpt, LangOpt, VerboseOpt
from lexicon.cli.choices import Choice
from lexicon.cli.common import ExitCode, fail, load
from lexicon.config import MAX_JOBS, MAX_SIZE_MB
from lexicon.errors import LexiconError

if TYPE_CHECKING:
    from lexicon.audit.run import Outcome
    from lexicon.check.pipeline import Settings
    from lexicon.glossary.types import Glossary

ENGINES = ("local", "dask")


@app.command()
def audit(
    paths: Annotated[list[str], typer.Argument(help="Folders, files or fsspec URLs (s3://..., file://...) to audit.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for documents.csv, variants.csv, *.parquet, report.html.")],
    metadata: Annotated[
        Optional[Path], typer.Option("--metadata", help="CSV manifest: a 'path' column and any others (year, org, type).")
    ] = None,
    pattern: Annotated[Optional[str], typer.Option("--pattern", help='Metadata from the path, e.g. "{org}/{year}/*".')] = None,
    engine: Annotated[
        str, typer.Option("--engine", click_type=Choice(ENGINES), help="local (processes on this machine) or dask.")
    ] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")] = None,
    cache: Annotated[Optional[Path], typer.Option("--cache", help="Result cache (SQLite; default OUTPUT/cache.sqlite).")] = None,
    lang: LangOpt = None,
    glossary: GlossaryOpt = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Gitignore-style pattern to skip (repeatable).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=0, max=MAX_JOBS, help="Local processes (default: CPU count).")] = None,
    max_size: Annotated[
        Optional[int], typer.Option("--max-size", min=1, max=MAX_SIZE_MB, help="Largest file to read, in MB (default 256).")
    ] = None,
    no_config: Annotated[bool, typer.Option("--no-config", help="Ignore pyproject.toml / .lexicon.yaml.")] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Audit an archive: per-document term counts, metadata, trends, and a report (cached, resumable)."""
    from lexicon import __version__
    from lexicon.audit import require_extra

    try:
        require_extra(*(["distributed"] if engine == "dask" else []), *(["fsspec"] if any("://" in p for p in paths) else []))
    except ImportError as exc:
        fail(str(exc))
    if engine == "dask" and not scheduler:
        fail("--engine dask needs --scheduler tcp://HOST:PORT")
    from lexicon.cli.concept_ids import check_concept_ids
    from lexicon.cli.options import resolve

    opts = resolve(
        dict(lang=lang, glossary=glossary, exclude=exclude, jobs=jobs, max_size=max_size), use_config=not no_config, verbose=verbose
    )
    gloss = load(opts.glossary, verbose=verbose)
    check_concept_ids(opts, gloss)
    settings = opts.settings()
    try:
        outcome = _audit(paths, output, metadata, pattern, engine, scheduler, cache, gloss, settings, opts, __version__)
    except LexiconError as exc:
        fail(str(exc), verbose=verbose)
    except OSError as exc:
        fail(f"{exc.filename or output}: {exc.strerror or exc}", verbose=verbose)
    for line in outcome.errors:
        sys.stderr.write(f"{line}\n")
    share = outcome.totals.overall.share if outcome.totals else None
    sys.stderr.write(
        f"audited {outcome.documents} document(s): {outcome.checked} checked, {outcome.cached} from the cache, "
        f"{len(outcome.errors)} unreadable; agreed-term share {'–' if share is None else f'{share:.1%}'} -> {output}/\n"
    )
    raise typer.Exit(ExitCode.ERROR if outcome.errors else ExitCode.OK)


def _audit(
    paths: list[str],
    output: Path,
    metadata: Path | None,
    pattern: str | None,
    engine: str,
    scheduler: str | None,
    cache: Path | None,
    gloss: Glossary,
    settings: Settings,
    opts: Any,
    version: str,
) -> Outcome:
    from lexicon.audit.engines import run_dask, run_local
    from lexicon.audit.manifest import plan
    from lexicon.audit.run import audit as run_audit
    from lexicon.audit.run import cache_key, default_jobs
    from lexicon.audit.store import ResultStore
    from lexicon.check.pipeline import Linter

    output.mkdir(parents=True, exist_ok=True)
    work = plan(paths, exclude=getattr(opts, "exclude", ()) or (), manifest=metadata, pattern=pattern, output=output)
    key = cache_key(gloss, settings, version)
    store = ResultStore(cache or output / "cache.sqlite", key, work.columns)
    if engine == "dask":
        address = scheduler or ""  # the command checked that dask comes with --scheduler
        run = lambda todo, count: run_dask(address, key, gloss, settings, todo)  # noqa: E731
    else:
        linter = Linter(gloss, settings)
        jobs = getattr(opts, "jobs", 0) or default_jobs()
        run = lambda todo, count: run_local(linter, todo, jobs, count)  # noqa: E731
    try:
        return run_audit(
            work, output, store, run=run, version=version, sources=list(paths), max_bytes=settings.limits.max_bytes, progress=_progress()
        )
    finally:
        store.close()


def _progress() -> Callable[[int], None] | None:
    """On a terminal, a line on stderr every few seconds while documents are checked."""
    if not sys.stderr.isatty():
        return None
    state = {"done": 0, "last": time.monotonic()}

    def step(n: int) -> None:
        state["done"] += n
        if time.monotonic() - state["last"] > 2:
            state["last"] = time.monotonic()
            sys.stderr.write(f"\rchecked {state['done']} document(s)")
            sys.stderr.flush()

    return step
