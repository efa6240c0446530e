"""The audit pipeline: plan -> look up the cache -> check what is new -> write outputs.

Reads and writes files; never prints (messages go back in `Outcome`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lexicon.engine import Linter, Settings
from lexicon.glossary.types import Glossary

from lexicon.audit.aggregate import Totals, counts
from lexicon.audit.analyse import Record
from lexicon.audit.manifest import Plan
from lexicon.audit.store import ResultStore, iter_batches
from lexicon.audit.writers import Table

RECORD_VERSION = "1"  # bump when `analyse` records change meaning
STORE_BATCH = 200


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


def audit(
    plan: Plan, out: Path, store: ResultStore, *, run: Callable[[Iterable[str]], Iterator[tuple[str, str, Record]]],
    version: str, sources: list[str], progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Check what the store does not know (with `run`, an engine), then write every output."""
    outcome = Outcome(documents=len(plan.docs))
    hashes: list[str | None] = [store.known(d.path, d.stamp) for d in plan.docs]
    outcome.cached = sum(1 for h in hashes if h)
    todo = [i for i, h in enumerate(hashes) if not h]
    where = {plan.docs[i].path: i for i in todo}
    transient: dict[str, Record] = {}  # failures that may not recur (I/O, crashes): never cached
    for batch in iter_batches(run(plan.docs[i].path for i in todo), STORE_BATCH):
        keep = []
        for path, digest, record in batch:
            i = where[path]
            if digest and not record.pop("transient", False):
                keep.append((path, plan.docs[i].stamp, digest, record))
                hashes[i] = digest
            else:
                record.pop("transient", None)
                transient[path] = record
        store.put(keep)  # committed now: an interrupted run resumes from here
        outcome.checked += len(batch)
        if progress:
            progress(len(batch))
    outcome.totals = write_outputs(plan, hashes, transient, store, out, outcome.errors)
    from lexicon.atomic import write_atomic
    from lexicon.audit.html import render

    write_atomic(out / "report.html", render(outcome.totals, version=version, sources=sources), overwrite=True)
    return outcome


def write_outputs(plan: Plan, hashes: list[str | None], transient: dict[str, Record], store: ResultStore,
                  out: Path, errors: list[str]) -> Totals:
    """One pass in path order: documents.csv, variants.csv (+ Parquet) and the totals."""
    meta = [(c, "str") for c in plan.columns]
    documents = Table(out, "documents", [("path", "str"), ("sha256", "str"), ("format", "str"), ("lang", "str"),
                                         ("error", "str"), *meta, ("concepts", "str"), ("uses", "int"),
                                         ("own_voice", "int"), ("agreed", "int"), ("care", "int"), ("avoid", "int"),
                                         ("agreed_share", "float")])
    variants = Table(out, "variants", [("path", "str"), ("concept", "str"), ("term", "str"), ("status", "str"),
                                       ("context", "str"), ("count", "int")])
    totals = Totals(plan.columns)
    try:
        for batch in iter_batches(range(len(plan.docs)), 500):
            found = store.records([h for h in (hashes[i] for i in batch) if h])
            for i in batch:
                doc, digest = plan.docs[i], hashes[i]
                record = transient.get(doc.path) or (found.get(digest) if digest else None)
                if record is None:
                    record = {"format": None, "lang": None, "error": "no result (the cache lost it; run again)", "variants": []}
                figures = counts(record)
                if record.get("error"):
                    errors.append(f"{doc.path}: {record['error']}")
                documents.write([doc.path, digest or "", record.get("format"), record.get("lang"), record.get("error"),
                                 *doc.meta, figures["concepts"], figures["uses"], figures["own_voice"], figures["agreed"],
                                 figures["care"], figures["avoid"], figures["agreed_share"]])
                for row in record["variants"]:
                    variants.write([doc.path, *row])
                totals.add(doc.meta, record, figures)
    except BaseException:
        documents.abort()
        variants.abort()
        raise
    documents.close()
    variants.close()
    return totals


def default_jobs() -> int:
    return os.cpu_count() or 1
