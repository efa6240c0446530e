"""Run `analyse` over the documents to check: in local processes or as Dask tasks.

Both engines take an iterable of paths and yield (path, hash, record) as documents finish,
in any order; nothing but paths goes to the workers and only small records come back.
At most a few chunks per worker are in flight, so memory does not grow with the archive.

local: forked processes inherit the glossary already compiled (as in `lexicon.check.batch`); a
chunk whose process dies is retried one file at a time, and a file that kills its process
again gets an error record. dask: the glossary is sent to each worker once and compiled
there once (kept per worker, keyed by the cache key); workers read the documents
themselves from the shared path or URL.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from lexicon.audit.analyse import Record, analyse
from lexicon.audit.store import iter_batches
from lexicon.check.pipeline import Linter, Settings
from lexicon.errors import LexiconError
from lexicon.glossary.types import Glossary

Result = tuple[str, str, Record]
CHUNK = 32
MIN_PARALLEL = 8  # fewer documents than this are checked in this process
_linter: Linter | None = None
_linters: dict[str, Linter] = {}  # in a Dask worker: one compiled glossary per cache key


def analyse_chunk(paths: list[str]) -> list[Result]:
    assert _linter is not None
    return [(p, *analyse(_linter, p)) for p in paths]


def run_local(linter: Linter, paths: Iterable[str], jobs: int, count: int) -> Iterator[Result]:
    """`count`: how many paths will come (a handful are checked here: starting processes
    would cost more)."""
    global _linter
    _linter = linter
    if count < MIN_PARALLEL:
        jobs = 1
    if jobs <= 1:
        for batch in iter_batches(paths, CHUNK):
            yield from analyse_chunk(batch)
        return
    chunks: Iterator[list[Any] | None] = iter_batches(paths, CHUNK)
    if sys.platform.startswith("linux"):
        # the forked workers inherit the databases loaded here, and scan with them from their
        # first document on (each had scanned its first 200,000 characters in Python: about
        # 0.2 s a worker on a re-run of short documents)
        linter.prepare()
        gc.freeze()  # the forked workers share the compiled glossary without copying it

        def make() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:

        def make() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(linter.glossary, linter.settings))

    pool = make()
    inflight: dict[Future[list[Result]], list[str]] = {}
    try:
        pending = True
        while pending or inflight:
            while pending and len(inflight) < 3 * jobs:
                chunk = next(chunks, None)
                if chunk is None:
                    pending = False
                    break
                inflight[pool.submit(analyse_chunk, chunk)] = chunk
            for future in wait(inflight, return_when=FIRST_COMPLETED).done:
                chunk = inflight.pop(future)
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    for lost in [chunk, *inflight.values()]:
                        yield from _alone(make, lost)
                    inflight.clear()
                    pool = make()
                    break
    finally:
        pool.shutdown(cancel_futures=True)
        gc.unfreeze()


def _init(glossary: Glossary, settings: Settings) -> None:
    global _linter
    _linter = Linter(glossary, settings)


def _alone(make: Any, paths: list[str]) -> Iterator[Result]:
    for path in paths:
        try:
            with make() as pool:
                yield from pool.submit(analyse_chunk, [path]).result()
        except BrokenProcessPool:
            yield (
                path,
                "",
                {"format": None, "lang": None, "error": "the checker process crashed on this file", "variants": [], "transient": True},
            )


def dask_chunk(key: str, glossary: Glossary, settings: Settings, paths: list[str]) -> list[Result]:
    """A Dask task: compile the glossary once per worker, then analyse the chunk."""
    linter = _linters.get(key)
    if linter is None:
        _linters.clear()
        linter = _linters[key] = Linter(glossary, settings)
    return [(p, *analyse(linter, p)) for p in paths]


def run_dask(scheduler: str, key: str, glossary: Glossary, settings: Settings, paths: Iterable[str]) -> Iterator[Result]:
    from distributed import Client, as_completed

    try:
        client = Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise LexiconError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    with client:
        workers = max(1, sum(client.nthreads().values()))
        shipped_glossary, shipped_settings = client.scatter([glossary, settings], broadcast=True, hash=False)
        chunks = iter_batches(paths, CHUNK)

        def submit(chunk: list[str]) -> Any:
            return client.submit(dask_chunk, key, shipped_glossary, shipped_settings, chunk, pure=False)

        queue = as_completed([submit(c) for c in _take(chunks, 3 * workers)], loop=client.loop)
        for future in queue:
            results = future.result()
            future.release()
            for chunk in _take(chunks, 1):
                queue.add(submit(chunk))
            yield from results


def _take(chunks: Iterator[list[str]], n: int) -> list[list[str]]:
    out = []
    for chunk in chunks:
        out.append(chunk)
        if len(out) >= n:
            break
    return out
