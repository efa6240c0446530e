"""The audit pipeline: plan -> look up the cache -> check what is new -> write outputs.

Reads and writes files; never prints (messages go back in `Outcome`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lexicon.audit.aggregate import Tally, Totals
from lexicon.audit.analyse import Record, is_url
from lexicon.audit.manifest import Plan
from lexicon.audit.store import FIGURES, ResultStore, iter_batches
from lexicon.audit.writers import write_table
from lexicon.check.pipeline import Settings
from lexicon.glossary.types import Glossary

RECORD_VERSION = "2"  # bump when `analyse` records change meaning
STORE_BATCH = 200
Engine = Callable[[Iterable[str], int], Iterator[tuple[str, str, Record]]]


@dataclass(slots=True)
class Outcome:
    documents: int = 0
    cached: int = 0
    checked: int = 0
    errors: list[str] = field(default_factory=list)  # "path: message", in path order
    totals: Totals | None = None


def cache_key(glossary: Glossary, settings: Settings, version: str) -> str:
    """Results are reusable only for the same glossary, lexicon version and reading settings."""
    from lexicon.cache import canonical_json

    # a canonical form, not repr(): the glossary holds sets, whose repr changes per process
    data = canonical_json(RECORD_VERSION, version, glossary, settings.lang, settings.limits)
    return hashlib.sha256(data).hexdigest()[:32]


def audit(
    plan: Plan,
    out: Path,
    store: ResultStore,
    *,
    run: Engine,
    version: str,
    sources: list[str],
    max_bytes: int,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Check what the store does not know (with `run(paths, how_many)`, an engine), then
    write every output."""
    outcome = Outcome()
    outcome.documents = store.add_documents(plan.docs, plan.manifest.rows() if plan.manifest else None)
    if store.has_any():  # same content under a new name or stamp: no need to check it again
        for batch in iter_batches(_not_stored(store.todo(), store, max_bytes), STORE_BATCH):
            store.put([(path, digest, None) for path, digest in batch])
    outcome.cached = store.count("hash IS NOT NULL")
    for batch in iter_batches(run(store.todo(), store.count("hash IS NULL AND error IS NULL")), STORE_BATCH):
        store.put([_entry(path, digest, record) for path, digest, record in batch])
        outcome.checked += len(batch)  # committed now: an interrupted run resumes from here
        if progress:
            progress(len(batch))
    outcome.totals = write_outputs(store, plan.columns, out, outcome.errors)
    from lexicon.atomic import write_atomic
    from lexicon.audit.html import render

    write_atomic(out / "report.html", render(outcome.totals, version=version, sources=sources), overwrite=True)
    return outcome


def _entry(path: str, digest: str, record: Record) -> tuple[str, str, Record]:
    """A failure that may not recur (I/O error, crash, internal error) is reported but
    never cached: it gets no hash, so the next run tries the document again."""
    if record.pop("transient", False):
        return path, "", record
    return path, digest, record


def _not_stored(todo: Iterable[str], store: ResultStore, max_bytes: int) -> Iterator[tuple[str, str]]:
    """Local files whose content is already stored under another name or stamp (a renamed,
    copied or touched file): hashing them here is far cheaper than checking them."""
    for path in todo:
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
    """documents.csv and variants.csv (+ Parquet) in path order, straight from the store,
    adding up the totals on the way."""
    tally = Tally(columns)

    def documents() -> Iterator[tuple[object, ...]]:
        for row in store.document_rows():
            if row[4]:
                errors.append(f"{row[0]}: {row[4]}")
            own, agreed = row[-4], row[-3]
            yield (*row, round(agreed / own, 4) if own else None)  # the agreed-term share, as `check` rounds it

    write_table(out, "documents", [*DOCUMENT_COLUMNS, *((c, "str") for c in columns), *FIGURE_COLUMNS], documents(), tally.documents)
    write_table(out, "variants", VARIANT_COLUMNS, store.variant_rows(), tally.variants)
    return tally.totals


def default_jobs() -> int:
    return os.cpu_count() or 1
