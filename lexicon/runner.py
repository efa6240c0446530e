"""Check many files, in parallel processes when asked. Returns results sorted by path,
whatever the parallelism. Reads files; never prints."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lexicon.engine import Linter, Settings
from lexicon.glossary.types import Glossary
from lexicon.model import FileResult

_worker: Linter | None = None
CHUNK = 16


def _init(glossary: Glossary, settings: Settings) -> None:
    global _worker
    _worker = Linter(glossary, settings)


def _check_many(paths: list[Path]) -> list[FileResult]:
    assert _worker is not None
    return [_worker.check_path(p) for p in paths]


def check_paths(
    paths: list[Path], glossary: Glossary, settings: Settings, *, jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[FileResult]:
    """Check every path; `progress(n)` is called as files complete."""
    results: list[FileResult] = []
    if jobs <= 1 or len(paths) < 2 * CHUNK:
        linter = Linter(glossary, settings)
        for path in paths:
            results.append(linter.check_path(path))
            if progress:
                progress(1)
    else:
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(glossary, settings)) as pool:
            for batch in pool.map(_check_many, chunks):
                results.extend(batch)
                if progress:
                    progress(len(batch))
    order = {p.as_posix(): i for i, p in enumerate(sorted(paths, key=lambda p: p.as_posix()))}
    return sorted(results, key=lambda r: order.get(Path(r.path).as_posix(), 0))
