"""The audit pipeline: plan -> look up the cache -> check what is new -> write outputs.

Reads and writes files; never prints (messages go back in `Outcome`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lexicon.engine import Settings
from lexicon.glossary.types import Glossary

from lexicon.audit.aggregate import Totals, share_of, totals
from lexicon.audit.analyse import Record, is_url
from lexicon.audit.manifest import Plan
from lexicon.audit.store import FIGURES, ResultStore, iter_batches
from lexicon.audit.writers import write_table

RECORD_VERSION = "2"  # bump when `analyse` records change meaning
STORE_BATCH = 200
Engine = Callable[[Iterable[str]], Iterator[tuple[str, str, Record]]]


@dataclass(slots=True)
class Outcome:
    documents: int = 0
    cached: int = 0
    checked: int = 0
    errors: list[str] = field(default_factory=list)  # "path: message", in path order
    totals: Totals | None = None


def cache_key(glossary: Glossary, settings: Settings, version: str) -> str:
    """Results are reusable only for the same glossary, lexicon version and reading settings."""
    digest = hashlib.sha256()
    for part in (RECORD_VERSION, version, repr(glossary), repr(settings.lang), repr(settings.limits)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def audit(plan: Plan, out: Path, store: ResultStore, *, run: Engine, version: str, sources: list[str],
          max_bytes: int, progress: Callable[[int], None] | None = None) -> Outcome:
    """Check what the store does not know (with `run`, an engine), then write every output."""
    outcome = Outcome()
    outcome.documents = store.add_documents((d.path, d.stamp, d.meta) for d in plan.docs)
    todo = store.todo()
    outcome.cached = outcome.documents - len(todo)
    stamps = dict(todo)
    for batch in iter_batches(_not_stored(todo, store, max_bytes), STORE_BATCH):  # same content, new name
        store.put([(path, stamps[path], digest, None) for path, digest in batch])
        outcome.cached += len(batch)
        for path, _ in batch:
            del stamps[path]
    for batch in iter_batches(run(sorted(stamps)), STORE_BATCH):
        store.put([(path, stamps[path], digest, _cacheable(record)) if digest else (path, None, "", record)
                   for path, digest, record in batch])  # committed now: an interrupted run resumes from here
        outcome.checked += len(batch)
        if progress:
            progress(len(batch))
    outcome.totals = write_outputs(store, plan.columns, out, outcome.errors)
    from lexicon.atomic import write_atomic
    from lexicon.audit.html import render

    write_atomic(out / "report.html", render(outcome.totals, version=version, sources=sources), overwrite=True)
    return outcome


def _cacheable(record: Record) -> Record:
    record.pop("transient", None)
    return record


def _not_stored(todo: list[tuple[str, str | None]], store: ResultStore, max_bytes: int) -> Iterator[tuple[str, str]]:
    """Local files whose content is already stored under another name or stamp (a renamed,
    copied or touched file): hashing them here is far cheaper than checking them."""
    for path, _stamp in todo:
        if is_url(path):
            continue
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > max_bytes:
                    continue
                while block := handle.read(1 << 20):
                    digest.update(block)
        except OSError:
            continue
        if store.has(digest.hexdigest()):
            yield path, digest.hexdigest()


DOCUMENT_COLUMNS = [("path", "str"), ("sha256", "str"), ("format", "str"), ("lang", "str"), ("error", "str")]
FIGURE_COLUMNS = [("concepts", "str"), *((f, "int") for f in FIGURES), ("agreed_share", "float")]
VARIANT_COLUMNS = [("path", "str"), ("concept", "str"), ("term", "str"), ("status", "str"), ("context", "str"), ("count", "int")]


def write_outputs(store: ResultStore, columns: tuple[str, ...], out: Path, errors: list[str]) -> Totals:
    """documents.csv and variants.csv (+ Parquet) in path order, straight from the store."""
    def documents() -> Iterator[tuple[object, ...]]:
        for row in store.document_rows():
            if row[4]:
                errors.append(f"{row[0]}: {row[4]}")
            yield (*row, share_of(row[-3], row[-4]))  # agreed / own_voice

    write_table(out, "documents", [*DOCUMENT_COLUMNS, *((c, "str") for c in columns), *FIGURE_COLUMNS], documents())
    write_table(out, "variants", VARIANT_COLUMNS, store.variant_rows())
    return totals(store, columns)


def default_jobs() -> int:
    return os.cpu_count() or 1
