"""Check many files, in parallel processes when asked. Returns results sorted by path,
whatever the parallelism. Reads files; never prints.

The glossary is compiled once, in this process. On Linux the workers are forked from it and
inherit the compiled matcher, so a worker starts checking at once; elsewhere each worker
compiles its own copy. Files go to workers in chunks (several per worker, so a slow PDF does
not hold the others back), and this process checks text files too instead of waiting. A file
that makes the checker fail gets an error result; a file that kills its worker process is
retried alone, and reported if it kills that one too. Nothing stops the run and no file is
left without a result.

Each file has a time budget (`timeout` seconds, measured with SIGALRM in the process that
checks it): a file over budget gets an error result and the run goes on. Results are
yielded as soon as every file before them is done (`iter_results`), so a caller can print
findings while later files are still being checked, in the same order as at the end.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from lexicon.check.match import scan as scanners
from lexicon.check.pipeline import Linter, PartResult, Settings
from lexicon.errors import LexiconError
from lexicon.glossary.types import Glossary
from lexicon.model import DocumentStats, FileResult, Finding, Position, Provenance, Related
from lexicon.readers.stream import NotStreamable, Part, large_text, plan

if TYPE_CHECKING:  # the pool's modules are imported only for a parallel run (start-up: issue 15)
    from concurrent.futures import Future, ProcessPoolExecutor

_worker: Linter | None = None
T = TypeVar("T")
MAX_CHUNK = 16  # small: the last chunks end close together, so no process idles at the end
AHEAD = 6  # chunks handed to each worker before it needs them (see _Run._submit)
MIN_PARALLEL = 8  # fewer files than this are checked here: starting workers costs more
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


def _fields_reducer(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, tuple([getattr(obj, n) for n in names])

    return reduce


# Results come back from the workers pickled; rebuilding them from their fields is about
# twice as fast as the default for slotted dataclasses.
for _cls in (FileResult, Finding, Position, Related, DocumentStats, Provenance):
    copyreg.pickle(_cls, _fields_reducer(_cls))


def _init(glossary: Glossary, settings: Settings) -> None:
    global _worker
    _worker = Linter(glossary, settings)


class OverBudget(BaseException):
    """Raised by the alarm in a file over its time budget. A BaseException, so that the
    broad `except Exception` around third-party parsers cannot swallow it."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in this thread after `seconds` (no limit for None or 0, off the main
    thread, or where the platform has no interval timer)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = _getsignal(signal.SIGALRM)
    if previous is not _expire:  # (set for a whole run of files by `alarm_handler`: two system calls less per file)
        signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if previous is not _expire:
            signal.signal(signal.SIGALRM, previous)


# `signal.getsignal` without its wrapping of the handler in an enum, which for a function
# handler (ours) raises and catches a ValueError: 2 us a file (issue 15); the same handler
_getsignal: Callable[[int], Any] = getattr(sys.modules.get("_signal"), "getsignal", signal.getsignal)


def _expire(_signum: int, _frame: object) -> None:
    raise OverBudget


@contextmanager
def alarm_handler(seconds: float | None) -> Iterator[None]:
    """`time_budget`'s handler set once around the files of a run (each file then only
    sets and clears its timer), the previous handler back at the end. No timer runs between
    files, so the handler does nothing while the caller holds a result."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGALRM) is _expire:  # (unless the caller set its own meanwhile)
            signal.signal(signal.SIGALRM, previous)


def check_one(linter: Linter, path: Path, timeout: float | None = None) -> FileResult:
    """Check a file; an unexpected failure becomes that file's error, never the run's."""
    return guarded(path, timeout, lambda: linter.check_path(path), linter)


def guarded(path: Path, timeout: float | None, work: Callable[[], T], linter: Linter | None = None) -> T | FileResult:
    """`work` on the file at `path`, within its time budget, or the error result it gets.
    `linter`: loads its databases first when the file is long enough to need them
    (compiling them on an empty cache is not the file's time)."""
    try:
        if linter is not None and not linter.prepared and _size(path) > scanners.PYTHON_TEXT:
            linter.prepare()
        with time_budget(timeout):
            return work()
    except OverBudget:
        return FileResult(path=str(path), lang=None, error=f"not checked: took longer than {timeout:g} s (raise the limit with --timeout)")
    except RecursionError:
        return FileResult(path=str(path), lang=None, error="refused: content nested too deeply")
    except MemoryError:
        return FileResult(path=str(path), lang=None, error="out of memory while checking this file")
    except Exception as exc:  # a bug or a library failure on one file must not stop the others
        return FileResult(path=str(path), lang=None, error=f"internal error while checking ({type(exc).__name__}: {exc})")


def _check_many(paths: list[Path], timeout: float | None = None) -> list[FileResult]:
    assert _worker is not None
    with alarm_handler(timeout):
        return [check_one(_worker, p, timeout) for p in paths]


def chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * 8)))


def check_paths(
    paths: list[Path],
    glossary: Glossary,
    settings: Settings,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    linter: Linter | None = None,
    timeout: float | None = None,
) -> list[FileResult]:
    """Check every path; `progress(n)` is called as files complete."""
    results = list(iter_results(paths, glossary, settings, jobs=jobs, progress=progress, linter=linter, timeout=timeout))
    return sorted(results, key=lambda r: r.path.replace(os.sep, "/"))  # the order of discover()


def iter_results(
    paths: list[Path],
    glossary: Glossary,
    settings: Settings,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    linter: Linter | None = None,
    timeout: float | None = None,
) -> Iterator[FileResult]:
    """The result of each path, in the order of `paths`, each as soon as it and every path
    before it are done."""
    linter = linter or Linter(glossary, settings)
    if jobs > 1 and any(large_text(p) for p in paths):
        yield from _with_large_files(paths, linter, jobs, progress, timeout)
    elif jobs <= 1 or len(paths) < MIN_PARALLEL:
        many = _more_than(paths, scanners.PYTHON_BUDGET)
        if many:
            linter.prepare()  # much text: the databases pay (loaded once, outside a file's budget)
            gc.freeze()  # the glossary, databases and expressions: the collector skips them during the run
        try:
            with alarm_handler(timeout):
                for path in paths:
                    result = check_one(linter, path, timeout)
                    if progress:
                        progress(1)
                    yield result
        finally:
            if many:
                gc.unfreeze()
    else:
        yield from _Run(paths, linter, jobs, progress, timeout).run()


def _with_large_files(
    paths: list[Path], linter: Linter, jobs: int, progress: Callable[[int], None] | None, timeout: float | None
) -> Iterator[FileResult]:
    """In order: each large text file split across the processes, the files between them
    checked as usual."""
    others: list[Path] = []
    for path in [*paths, None]:
        if path is not None and not large_text(path):
            others.append(path)
            continue
        if others:
            yield from iter_results(others, linter.glossary, linter.settings, jobs=jobs, progress=progress, linter=linter, timeout=timeout)
            others = []
        if path is not None:
            yield check_split(linter, path, jobs, timeout)
            if progress:
                progress(1)


def check_split(linter: Linter, path: Path, jobs: int, timeout: float | None = None) -> FileResult:
    """One large text file checked in parts by `jobs` processes (readers/stream.py): the
    same result as checking it in one process, in about 1/jobs of the time."""
    try:
        parts = plan(path, linter.settings.limits)
        if parts is None or len(parts) < 2:
            return check_one(linter, path, timeout)
        doc_lang, legal_doc = linter.whole_file(parts)
    except LexiconError as exc:
        return FileResult(path=str(path), lang=None, error=exc.message)
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(linter, jobs)
    try:
        done = pool.map(_check_part, parts, [doc_lang] * len(parts), [legal_doc] * len(parts), [timeout] * len(parts))
        # each part's result is taken in as it arrives, in order (none is held until the end);
        # findings from the workers share no strings, so the spool writes them out at once
        result: FileResult | None = linter.combine(str(path), _part_results(done), doc_lang, hold=0)
    except BrokenProcessPool:
        return FileResult(path=str(path), lang=None, error="the checker process crashed on this file")
    except _PartFailed as failed:
        result = failed.result  # None: not UTF-8 after all
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()
    return check_one(linter, path, timeout) if result is None else result  # (the ordinary reader decides)


class _PartFailed(Exception):
    """A part's check gave its file's error result (`result`), or found the file is not
    UTF-8 after all (`result` None)."""

    def __init__(self, result: FileResult | None) -> None:
        super().__init__(result.error if result is not None else "not UTF-8")
        self.result = result


def _part_results(done: Iterator[PartResult | FileResult | NotStreamable]) -> Iterator[PartResult]:
    for r in done:
        if isinstance(r, NotStreamable):
            raise _PartFailed(None)
        if isinstance(r, FileResult):  # unless a later part is not UTF-8 (then the whole file's reader says so)
            raise _PartFailed(None if any(isinstance(later, NotStreamable) for later in done) else r)
        yield r


def _check_part(part: Part, doc_lang: str | None, legal_doc: bool, timeout: float | None) -> PartResult | FileResult | NotStreamable:
    """In a worker: one part, or the error result its file gets (as `check_one` gives)."""
    assert _worker is not None
    linter = _worker

    def work() -> PartResult | NotStreamable:
        try:
            return linter.check_part(part, doc_lang, legal_doc)
        except NotStreamable as exc:
            return exc

    return guarded(Path(part.path), timeout, work)


def _pool(linter: Linter, jobs: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _worker
    if sys.platform.startswith("linux"):
        linter.prepare()
        _worker = linter  # inherited by the forked workers, already compiled
        gc.freeze()  # during the run: collectors skip the objects that existed at the fork (no copy-on-write)
        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(linter.glossary, linter.settings))


class _Run:
    """One parallel run: worker processes take chunks from the front of the queue; this
    process, instead of idling, checks chunks of text files (pure Python, which cannot crash
    the process), the first one no worker has taken. Binary formats (Word, PDF, OpenDocument
    go through C libraries) are only ever read in a worker.

    Both take chunks in path order, so results complete about in order and are reported
    while the run goes on. (Taken from the back, this process's results all waited for the
    workers' last chunk and were then written out one after another while the workers idled:
    the serial end of a run over many small files.)"""

    def __init__(
        self, paths: list[Path], linter: Linter, jobs: int, progress: Callable[[int], None] | None, timeout: float | None = None
    ) -> None:
        self.timeout = timeout
        self.order = {str(p): i for i, p in enumerate(paths)}
        self.ready: dict[int, FileResult] = {}
        self.next = 0
        local: list[Path] = []
        isolated: list[Path] = []
        for p in paths:  # (each suffix worked out once: this is serial time before the workers start)
            (local if p.suffix.lower() in TEXT_SUFFIXES else isolated).append(p)
        size = chunk_size(len(paths), jobs)
        self.queue: deque[list[Path]] = deque(_chunks(isolated, size) + _chunks(local, size, tail=2 * AHEAD * jobs))
        self.isolated_left = len(_chunks(isolated, size))  # at the front of the queue
        self.linter, self.progress = linter, progress
        self.workers = jobs - 1 if 2 * len(local) >= len(paths) else jobs
        self.retry: list[Path] = []

    def done(self, batch: list[FileResult]) -> None:
        for result in batch:
            self.ready[self.order.get(result.path, len(self.order))] = result
        if self.progress:
            self.progress(len(batch))

    def _in_order(self) -> Iterator[FileResult]:
        while self.next in self.ready:
            yield self.ready.pop(self.next)
            self.next += 1

    def run(self) -> Iterator[FileResult]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        inflight: dict[Future[list[FileResult]], list[Path]] = {}
        pool = _pool(self.linter, self.workers)
        try:
            while self.queue or inflight:
                pool = self._submit(pool, inflight)
                if len(self.queue) > self.isolated_left:  # the first chunk of text files
                    chunk = self.queue[self.isolated_left]
                    del self.queue[self.isolated_left]
                    with alarm_handler(self.timeout):
                        self.done([check_one(self.linter, p, self.timeout) for p in chunk])
                    ready = [f for f in inflight if f.done()]
                else:
                    ready = list(wait(inflight, return_when=FIRST_COMPLETED).done)
                for future in ready:
                    chunk = inflight.pop(future)
                    try:
                        self.done(future.result())
                    except BrokenProcessPool:
                        self.retry.extend(chunk)  # a worker died: its files are retried alone
                yield from self._in_order()
        finally:
            pool.shutdown(cancel_futures=True)
            gc.unfreeze()
        for path in self.retry:
            self.done([_alone(self.linter, path, self.timeout)])
            yield from self._in_order()
        yield from sorted(self.ready.values(), key=lambda r: r.path)  # results for paths not asked (none expected)

    def _submit(self, pool: ProcessPoolExecutor, inflight: dict[Future[list[FileResult]], list[Path]]) -> ProcessPoolExecutor:
        from concurrent.futures.process import BrokenProcessPool

        # Enough chunks ahead that a worker never waits for the next: this process hands
        # them over only between its own chunks, and the pool's threads that pass them on
        # need the interpreter lock this process holds while it checks (with 3, a worker
        # waited about a fifth of the time in a run over many small files)
        while self.queue and len(inflight) < AHEAD * self.workers:
            chunk = self.queue.popleft()
            try:
                inflight[pool.submit(_check_many, chunk, self.timeout)] = chunk
            except BrokenProcessPool:
                self.queue.appendleft(chunk)
                pool.shutdown(cancel_futures=True)
                return _pool(self.linter, self.workers)
            self.isolated_left = max(0, self.isolated_left - 1)
        return pool


def _more_than(paths: list[Path], limit: int) -> bool:
    """Do the files hold more than `limit` bytes? (stats only as many as it takes)"""
    seen = 0
    for path in paths:
        seen += _size(path)
        if seen > limit:
            return True
    return False


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the check itself reports what is wrong with the file


def _chunks(paths: list[Path], size: int, *, tail: int = 0) -> list[list[Path]]:
    """`paths` in chunks of `size`; the last `tail` chunks a quarter of that, so that the
    chunks a worker holds ahead at the end of a run are done soon after this process's."""
    small = max(1, size // 4)
    cut = max(0, len(paths) - tail * small) if size > small else len(paths)
    return [paths[i : min(i + size, cut)] for i in range(0, cut, size)] + [paths[i : i + small] for i in range(cut, len(paths), small)]


def _alone(linter: Linter, path: Path, timeout: float | None = None) -> FileResult:
    """Check one file in a process of its own, after a worker died on its chunk."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(linter, 1) as pool:
            return pool.submit(_check_many, [path], timeout).result()[0]
    except BrokenProcessPool:
        return FileResult(path=str(path), lang=None, error="the checker process crashed on this file")
    finally:
        gc.unfreeze()
