"""Check many files, in parallel processes when asked. Returns results sorted by path,
whatever the parallelism. Reads files; never prints.

The glossary is compiled once, in this process. On Linux the workers are forked from it and
inherit the compiled matcher, so a worker starts checking at once; elsewhere each worker
compiles its own copy. Files go to workers in chunks (a few per worker, so a slow PDF does
not hold the others back). A file that makes the checker fail gets an error result; a file
that kills its worker process is retried alone, and reported if it kills that one too.
Nothing stops the run and no file is left without a result.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from lexicon.engine import Linter, Settings
from lexicon.glossary.types import Glossary
from lexicon.model import FileResult

_worker: Linter | None = None
MAX_CHUNK = 64
MIN_PARALLEL = 8  # fewer files than this are checked here: starting workers costs more


def _init(glossary: Glossary, settings: Settings) -> None:
    global _worker
    _worker = Linter(glossary, settings)


def check_one(linter: Linter, path: Path) -> FileResult:
    """Check a file; an unexpected failure becomes that file's error, never the run's."""
    try:
        return linter.check_path(path)
    except RecursionError:
        return FileResult(path=str(path), lang=None, error="refused: content nested too deeply")
    except MemoryError:
        return FileResult(path=str(path), lang=None, error="out of memory while checking this file")
    except Exception as exc:  # a bug or a library failure on one file must not stop the others
        return FileResult(path=str(path), lang=None, error=f"internal error while checking ({type(exc).__name__}: {exc})")


def _check_many(paths: list[Path]) -> list[FileResult]:
    assert _worker is not None
    return [check_one(_worker, p) for p in paths]


def chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * 8)))


def check_paths(
    paths: list[Path], glossary: Glossary, settings: Settings, *, jobs: int = 1,
    progress: Callable[[int], None] | None = None, linter: Linter | None = None,
) -> list[FileResult]:
    """Check every path; `progress(n)` is called as files complete."""
    linter = linter or Linter(glossary, settings)
    if jobs <= 1 or len(paths) < MIN_PARALLEL:
        results = []
        for path in paths:
            results.append(check_one(linter, path))
            if progress:
                progress(1)
    else:
        results = _parallel(paths, linter, jobs, progress)
    return sorted(results, key=lambda r: Path(r.path).as_posix())


def _pool(linter: Linter, jobs: int) -> ProcessPoolExecutor:
    global _worker
    if sys.platform.startswith("linux"):
        _worker = linter  # inherited by the forked workers, already compiled
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(linter.glossary, linter.settings))


def _parallel(paths: list[Path], linter: Linter, jobs: int, progress: Callable[[int], None] | None) -> list[FileResult]:
    size = chunk_size(len(paths), jobs)
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    results: list[FileResult] = []
    retry: list[Path] = []
    with _pool(linter, jobs) as pool:
        futures: dict[Future[list[FileResult]], list[Path]] = {pool.submit(_check_many, c): c for c in chunks}
        for future in as_completed(futures):
            try:
                batch = future.result()
            except BrokenProcessPool:
                retry.extend(futures[future])
                continue
            results.extend(batch)
            if progress:
                progress(len(batch))
    for path in retry:
        results.append(_alone(linter, path))
        if progress:
            progress(1)
    return results


def _alone(linter: Linter, path: Path) -> FileResult:
    """Check one file in a process of its own, after a worker died on its chunk."""
    try:
        with _pool(linter, 1) as pool:
            return pool.submit(_check_many, [path]).result()[0]
    except BrokenProcessPool:
        return FileResult(path=str(path), lang=None, error="the checker process crashed on this file")
