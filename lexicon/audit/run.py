"""The audit pipeline: plan -> look up the cache -> check what is new -> write outputs.

Reads and writes files; never prints (messages go back in `Outcome`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.audit.aggregate import Tally, Totals, totals_from_data, totals_to_data
from lexicon.audit.analyse import Record, is_url
from lexicon.audit.incremental import MAX_CHANGES, Copier, Stale, splice_tables, stamp, stamps
from lexicon.audit.manifest import Plan
from lexicon.audit.store import FIGURES, ResultStore, iter_batches
from lexicon.audit.writers import write_table
from lexicon.check.pipeline import Settings
from lexicon.glossary.types import Glossary

if TYPE_CHECKING:
    from lexicon.audit.html import Artist

RECORD_VERSION = "2"  # bump when `analyse` records change meaning
# results are committed at least twice a second (an interrupted run loses at most that much
# work, and the last commit, after the last result, is small), at most STORE_BATCH at a time
STORE_BATCH = 5000
STORE_SECONDS = 0.5
# and at least every quarter of the documents to check (not fewer than STORE_MIN at a time):
# the last commit, which waits for the last check, stays small (on a re-run of a few
# hundred documents, that had been one commit of them all, after the workers were done)
STORE_MIN = 128
Engine = Callable[[Iterable[str], int], Iterator[tuple[str, str, Record]]]


@dataclass(slots=True)
class Outcome:
    documents: int = 0
    cached: int = 0
    checked: int = 0
    errors: list[str] = field(default_factory=list)  # "path: message", in path order
    totals: Totals | None = None


def cache_key(glossary: Glossary, settings: Settings, version: str) -> str:
    """Results are reusable only for the same glossary, lexicon version and reading settings.
    The glossary counts by the bytes it was built from, not where they lie: the same lexicon
    installed in another folder (a new virtual environment) keeps the archive's results."""
    from lexicon.cache import canonical_json
    from lexicon.glossary.load import content_digest

    # a canonical form, not repr(): the glossary holds sets, whose repr changes per process;
    # a glossary built other than by load_glossary is keyed by its data (its files' paths too)
    content = content_digest(glossary) or glossary
    data = canonical_json(RECORD_VERSION, version, content, settings.lang, settings.limits)
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
    from lexicon.audit.html import Artist

    spliceable = _spliceable(store, plan.columns, out)
    # first: pygal is imported there while the archive is walked and checked (on a re-run
    # that may splice, once the walk finds something to change; so is pyarrow in the copier's)
    artist = Artist(warm=not spliceable)
    copier = Copier() if spliceable else None
    warmed = False

    def changed() -> None:
        nonlocal warmed
        if not warmed:
            warmed = True
            artist.warm()
            if copier is not None:
                copier.warm()

    try:
        outcome = Outcome()
        outcome.documents = store.add_documents(
            plan.docs,
            plan.manifest,
            shown_in=str(out.resolve()) if spliceable else None,
            changed=changed,
            anchored=plan.anchored,
            pattern_basis=plan.pattern_basis,
        )
        if store.has_any():  # same content under a new name or stamp: no need to check it again
            for batch in iter_batches(_not_stored(store.todo(), store, max_bytes), STORE_BATCH, STORE_SECONDS):
                store.put([(path, digest, None) for path, digest in batch])
        outcome.cached = store.count("hash IS NOT NULL") + store.kept
        count = store.count("hash IS NULL AND error IS NULL")
        results = run(store.todo(), count)
        for batch in iter_batches(results, min(STORE_BATCH, max(STORE_MIN, count // 4)), STORE_SECONDS):
            store.put([_entry(path, digest, record) for path, digest, record in batch])
            outcome.checked += len(batch)  # committed now: an interrupted run resumes from here
            if progress:
                progress(len(batch))
        store.checkpoint_soon()
        outcome.totals = write_outputs(store, plan.columns, out, outcome.errors, report=(version, sources), artist=artist, copier=copier)
        return outcome
    finally:
        if copier is not None:
            copier.close()
        artist.close()


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


TABLE_FILES = ("documents.csv", "documents.parquet", "variants.csv", "variants.parquet")
REPORT = "report.html"


def write_outputs(
    store: ResultStore,
    columns: tuple[str, ...],
    out: Path,
    errors: list[str],
    *,
    report: tuple[str, list[str]] = ("", []),
    artist: Artist | None = None,
    copier: Copier | None = None,
) -> Totals:
    """documents.csv and variants.csv (+ Parquet) in path order, and report.html; `errors`
    gets every document's error. After a run that left them untouched, only what changed
    is written (lexicon/audit/incremental.py); a file whose content would not change is not
    written again."""
    folder = str(out.resolve())
    state = store.state(folder)
    usable = _usable(store, state, columns)
    version, sources = report
    old_report = (state or {}).get("report") if usable else None
    page: Callable[[], str] | None = None

    def draw(totals: Totals) -> None:
        """Start drawing the report unless the one in place shows these very totals."""
        nonlocal page
        if page is not None:
            page()  # a splice given up after all: this drawing replaces the first
            page = None
        if old_report != [_digest(totals, report), stamp(out / REPORT)] or stamp(out / REPORT) is None:
            if artist is None:
                from lexicon.audit.html import render_soon

                page = render_soon(totals, version=version, sources=sources)
            else:
                page = artist.render_soon(totals, version=version, sources=sources)

    totals, everything, finish = None, True, None
    if usable and state is not None and _untouched(state.get("files"), out):
        fresh, dropped = store.diff(folder)
        if fresh + dropped <= MAX_CHANGES:
            totals, finish = _splice(store, columns, out, folder, state, fresh + dropped, draw, copier) or (None, None)
            everything = totals is None
    if totals is None:
        store.forget(folder)
        totals = _write_all(store, columns, out)
        draw(totals)
    if finish is not None:
        store.show(folder)  # while the Parquet copies are written and the report drawn
        store.checkpoint_soon()  # and the log it wrote copied meanwhile
    if page is not None:
        from lexicon.atomic import write_atomic

        write_atomic(out / REPORT, page(), overwrite=True)
    if finish is not None:  # the spliced Parquet files were written while the report was drawn
        try:
            finish()
        except Stale:
            _write_all(store, columns, out)
            everything = True
    new_state = {
        "key": store.key,
        "columns": list(columns),
        "walk": store.walk,
        "totals": totals_to_data(totals),
        "report": [_digest(totals, report), stamp(out / REPORT)],
    }
    new_state["files"] = stamps(out, TABLE_FILES)
    if everything or new_state != state:
        store.record(folder, new_state, everything=everything)
    else:
        store.restamp(folder)
    if totals.unreadable:  # the rows with an error, counted as they were written: none, no need to look
        errors.extend(store.shown_errors(folder))
    return totals


def _usable(store: ResultStore, state: dict[str, Any] | None, columns: tuple[str, ...]) -> bool:
    """The outputs were written under this cache key with these metadata columns."""
    return state is not None and state.get("key") == store.key and state.get("columns") == list(columns)


def _spliceable(store: ResultStore, columns: tuple[str, ...], out: Path) -> bool:
    """The outputs in `out` are as the last run left them, under this key and columns: this
    run may splice into them."""
    state = store.state(str(out.resolve()))
    return state is not None and _usable(store, state, columns) and _untouched(state.get("files"), out)


def _digest(totals: Totals, report: tuple[str, list[str]]) -> str:
    """What report.html shows: the totals, lexicon's version and the sources named."""
    return hashlib.sha256(json.dumps([totals_to_data(totals), *report], sort_keys=True).encode()).hexdigest()


def _untouched(recorded: Any, out: Path) -> bool:
    """The tables are there, as the last run left them (same size, modification time, inode)."""
    now = stamps(out, TABLE_FILES)
    return isinstance(recorded, dict) and None not in now.values() and all(recorded.get(n) == now[n] for n in TABLE_FILES)


def _write_all(store: ResultStore, columns: tuple[str, ...], out: Path) -> Totals:
    """Every row, straight from the store, adding up the totals on the way."""
    store.fill()
    tally = Tally(columns)
    write_table(out, "documents", document_columns(columns), _with_share(store.document_rows()), tally.documents)
    write_table(out, "variants", VARIANT_COLUMNS, store.variant_rows(), tally.variants)
    return tally.totals


def _splice(
    store: ResultStore,
    columns: tuple[str, ...],
    out: Path,
    folder: str,
    state: dict[str, Any],
    changes: int,
    draw: Callable[[Totals], None],
    copier: Copier | None = None,
) -> tuple[Totals, Callable[[], None] | None] | None:
    """The new totals (handed to `draw` as soon as they are known), and `finish` (or None
    when nothing changed), which puts the tables into place: the old ones with the dropped
    rows left out and the fresh rows added. None when they cannot be reused after all
    (then everything is written)."""
    totals = totals_from_data(state.get("totals"))
    old = store.dropped_rows(folder)
    if totals is None or totals.columns != columns or old is None:
        return None
    if not changes:
        draw(totals)
        return totals, None  # nothing the tables hold has changed
    fresh_documents = list(_with_share(store.document_rows(only_fresh=True)))
    fresh_variants = list(store.variant_rows(only_fresh=True))
    tally = Tally(columns, totals)
    tally.documents(old[0], -1)
    tally.variants(old[1], -1)
    tally.seen.clear()
    tally.documents(fresh_documents)
    tally.variants(fresh_variants)
    totals = tally.prune()
    dropped = set(store.dropped_paths())
    store.forget(folder)  # from here the old outputs change: an interruption means writing everything next time
    draw(totals)  # before the Parquet thread starts: the report may be drawn in a forked process
    try:
        finish = splice_tables(
            out,
            dropped,
            [
                ("documents", document_columns(columns), fresh_documents),
                # no path has both old rows kept and fresh rows (a changed document's old rows
                # are dropped): merging on the path alone keeps each path's rows in order
                ("variants", VARIANT_COLUMNS, fresh_variants),
            ],
            copier,
        )
    except Stale:
        return None
    return totals, finish


def _with_share(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        own, agreed = row[-4], row[-3]
        yield (*row, round(agreed / own, 4) if own else None)  # the agreed-term share, as `check` rounds it


def document_columns(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    return [*DOCUMENT_COLUMNS, *((c, "str") for c in columns), *FIGURE_COLUMNS]


def default_jobs() -> int:
    return os.cpu_count() or 1
