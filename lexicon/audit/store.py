"""The per-document result cache and the run's working tables: one SQLite database.

    results(hash, key, figures...)           one row per document content, per cache key
    variants(hash, key, concept, term, status, context, count)
    known(path, key, stamp, hash)            stamp = size + modification time + inode: an
                                             unchanged file whose result is stored under
                                             `key` is found again without reading it
    manifest_<id>(key, m0..mN)               a manifest's rows, kept from run to run; one
                                             table per manifest file and header
    manifests(name, state)                   its stamp, size, line count, SHA-256 (JSON)
    temp.plan(path, stamp, hash, error, m0..mN)   this run's documents and metadata
    shown(folder, path, hash, meta, error, stamp)   what the outputs in `folder` hold, row
                                             by row (with the stamp the document had)
    outputs(folder, state)                   their file stamps and totals (JSON)

`shown` lets a re-run find the few rows that differ from the outputs already written (new,
changed, gone, or with other metadata) and splice them into the old files instead of
writing every row again (lexicon/audit/incremental.py).

`key` is the glossary + lexicon version + reading settings. Outputs and totals are SQL
queries over `plan` joined with the results, in path order, so memory stays flat whatever
the archive size and every engine gives the same bytes.

Concurrent runs may share a database: WAL mode, a busy timeout, and each batch of results
is one transaction (an interrupted run keeps what it finished). Results are content-keyed
and written with INSERT OR IGNORE, so two runs storing the same document agree. The file
is untrusted input: values are read back as plain numbers and strings, never unpickled or
evaluated.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from lexicon.audit.analyse import counts
from lexicon.audit.split_walk import walk_in_two
from lexicon.errors import LexiconError

SCHEMA = 4  # 3: the stamp index `known` (was `files`) says under which key the result is stored; 4: `shown` keeps stamps
# the error column of documents.csv: the reading failure, a result the cache lost, or the checker's
ERROR_SQL = (
    "CASE WHEN p.error IS NOT NULL THEN p.error WHEN r.hash IS NULL THEN 'no result (the cache lost it; run again)' "
    "ELSE CAST(r.error AS TEXT) END"
)
VARIANT_SQL = "CAST(v.concept AS TEXT), CAST(v.term AS TEXT), CAST(v.status AS TEXT), CAST(v.context AS TEXT), CAST(v.count AS INTEGER)"
Record = dict[str, Any]
FIGURES = ("uses", "own_voice", "agreed", "care", "avoid")


KEPT = object()  # marks a shown document walked as it is
MAX_KEPT = 250_000  # outputs of more documents than this: a re-run plans every one (memory stays bounded)
SPLIT_MIN = 5000  # outputs of fewer documents than this: one process walks (a fork would cost more than it saves)
MAX_APPENDED = 100_000  # more manifest rows appended than this: the re-run plans every document again
WAL_PAGES = 16384  # 64 MB of log before a commit copies it into the database
WAL_TRIES = 100  # x 50 ms: how long a second run waits for the first to set up a new database


def _wal(db: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite answers "database is locked" at once, without the busy timeout,
    while another process is creating the same database, so the switch is retried a while."""
    for _ in range(WAL_TRIES - 1):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.05)
    db.execute("PRAGMA journal_mode=WAL")


class ResultStore:
    def __init__(self, path: Path, key: str, columns: tuple[str, ...] = ()) -> None:
        self.path, self.key, self.columns = path, key, columns
        self.walk: str | None = None  # what the walk's metadata depends on (`_walk_id`)
        self.kept = 0  # documents the outputs in folder `kept_in` show as they are: not planned
        self.kept_in: str | None = None
        self._manifest_digest: str | None = None
        self._manifest_before: str | None = None  # the digest before rows were appended (`_appended`)
        self._appended: set[str] = set()  # the keys of the manifest rows appended by this run
        self._walk_before: str | None = None  # the `walk` before they were appended
        self._kept_state: dict[str, Any] | None = None
        self._forgotten = False  # this run is replacing the outputs in `kept_in` (`forget`)
        self._checkpoint: threading.Thread | None = None
        self._shown = False  # `show` brought the rows of the outputs up to date already
        try:
            self.db = sqlite3.connect(path, timeout=120, isolation_level=None)
            _wal(self.db)
            self.db.execute("PRAGMA synchronous=NORMAL")
            # results are committed a few times a second, each commit touching a few thousand
            # pages spread over the tables: copying the log into the database at each commit
            # (the default, every 1,000 pages) cost more than the commits; `checkpoint_soon`
            # does it beside the writing of the outputs instead
            self.db.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
            self.db.execute("PRAGMA temp_store=FILE")
            self.db.execute("PRAGMA cache_size=-16384")
            with self.transaction():
                self._schema()
            meta = "".join(f", m{i} TEXT" for i in range(len(columns)))
            self.db.execute(
                f"CREATE TEMP TABLE plan (path TEXT PRIMARY KEY, stamp TEXT, hash TEXT, error TEXT, key TEXT{meta}) WITHOUT ROWID"
            )
            self.db.execute(f"CREATE TEMP TABLE walked (path TEXT, stamp TEXT, key TEXT{meta})")  # the walk, as it comes
            self.db.execute("CREATE TEMP TABLE fresh (path TEXT PRIMARY KEY) WITHOUT ROWID")  # rows to write anew
            self.db.execute("CREATE TEMP TABLE dropped (path TEXT PRIMARY KEY) WITHOUT ROWID")  # old rows to leave out
            self.db.execute("CREATE TEMP TABLE unkept (path TEXT PRIMARY KEY) WITHOUT ROWID")  # shown rows not `kept`
        except sqlite3.DatabaseError as exc:
            raise LexiconError(f"not a usable audit cache ({exc})", path=str(path)) from exc

    def _schema(self) -> None:
        db = self.db
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is not None and row[0] == "2":
            self._from_schema_2()
            row = ("3",)
        if row is not None and row[0] == "3":
            self._from_schema_3()
            row = (str(SCHEMA),)
        if row is not None and row[0] != str(SCHEMA):
            raise LexiconError(f"cache schema {row[0]} is not {SCHEMA}; delete the file to start afresh", path=str(self.path))
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.execute(
            "CREATE TABLE IF NOT EXISTS results (hash TEXT NOT NULL, key TEXT NOT NULL, format TEXT, lang TEXT, "
            "error TEXT, concepts TEXT NOT NULL, uses INTEGER NOT NULL, own_voice INTEGER NOT NULL, "
            "agreed INTEGER NOT NULL, care INTEGER NOT NULL, avoid INTEGER NOT NULL, "
            "PRIMARY KEY (hash, key)) WITHOUT ROWID"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS variants (hash TEXT NOT NULL, key TEXT NOT NULL, concept TEXT NOT NULL, "
            "term TEXT NOT NULL, status TEXT NOT NULL, context TEXT NOT NULL, count INTEGER NOT NULL, "
            "PRIMARY KEY (hash, key, concept, term, status, context)) WITHOUT ROWID"
        )
        self._known()
        db.execute(
            "CREATE TABLE IF NOT EXISTS shown (folder TEXT NOT NULL, path TEXT NOT NULL, hash TEXT, meta TEXT NOT NULL, "
            "error TEXT, stamp TEXT, PRIMARY KEY (folder, path)) WITHOUT ROWID"
        )
        db.execute("CREATE TABLE IF NOT EXISTS outputs (folder TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID")
        # a re-run keeps the rows the outputs show for unchanged files (`add_documents`), so a
        # result deleted from the cache makes every output folder be written afresh
        db.execute("CREATE TRIGGER IF NOT EXISTS result_lost_outputs AFTER DELETE ON results BEGIN DELETE FROM outputs; END")

    def _known(self) -> None:
        """The stamp index: one lookup per walked file tells that it is unchanged and its
        result stored (a re-run looks up every file of the archive). A result deleted from
        the cache takes its index rows with it (the trigger), so the file is checked again."""
        db = self.db
        db.execute(
            "CREATE TABLE IF NOT EXISTS known (path TEXT NOT NULL, key TEXT NOT NULL, stamp TEXT NOT NULL, hash TEXT NOT NULL, "
            "PRIMARY KEY (path, key)) WITHOUT ROWID"
        )
        db.execute("CREATE INDEX IF NOT EXISTS known_by_hash ON known (hash, key)")
        db.execute(
            "CREATE TRIGGER IF NOT EXISTS result_lost AFTER DELETE ON results "
            "BEGIN DELETE FROM known WHERE hash = old.hash AND key = old.key; END"
        )

    def _from_schema_2(self) -> None:
        """A cache of schema 2 keeps its results: its stamp index (`files`, without the key)
        becomes `known`, one row per key the content's result is stored under."""
        self._known()
        self.db.execute("INSERT OR IGNORE INTO known SELECT f.path, r.key, f.stamp, f.hash FROM files f JOIN results r ON r.hash = f.hash")
        self.db.execute("DROP TABLE files")
        self.db.execute("UPDATE meta SET value = '3' WHERE name = 'schema'")

    def _from_schema_3(self) -> None:
        """A cache of schema 3 keeps everything; the rows its outputs show get a stamp column
        (empty: the next re-run plans every document once, and fills it in)."""
        columns = [row[1] for row in self.db.execute("PRAGMA table_info(shown)")]
        if columns and "stamp" not in columns:
            self.db.execute("ALTER TABLE shown ADD COLUMN stamp TEXT")
        self.db.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (str(SCHEMA),))

    def transaction(self, *, write: bool = True) -> Any:
        """BEGIN IMMEDIATE takes the write lock at once (no deadlock between two writers);
        a transaction that only fills this run's temp tables need not block other runs."""
        return _Transaction(self.db, "BEGIN IMMEDIATE" if write else "BEGIN")

    # -- the plan ---------------------------------------------------------------------------

    def add_documents(
        self,
        docs: Iterable[Any],
        manifest: Any = None,
        shown_in: str | None = None,
        changed: Callable[[], None] | None = None,
        *,
        anchored: bool = False,
        pattern_basis: str | None = None,
    ) -> int:
        """Record this run's documents, (path, stamp, key) rows as `manifest.plan` walks
        them (with the metadata values after them when they come from a path pattern) and,
        with a manifest (`manifest.Manifest`), take their metadata from its rows (key,
        values...), kept in the cache from one run to the next (`_manifest`); returns how
        many documents.

        The walk goes to a plain table as it comes (one executemany over the stream); one
        INSERT ... SELECT then joins it with the manifest and the stored results and writes
        each plan row once, in path order (a path walked twice keeps its last row), instead
        of updating every row afterwards.

        `shown_in`: the folder of outputs this run may splice into. A document its rows show
        with a result known under the stamp it has now, and whose metadata cannot have
        changed (the same manifest bytes, or none, as when they were written: `walk`), is
        `kept`, not planned: a re-run stages only the new, changed and unknown documents
        (`fill` plans the kept ones when every row must be written after all). `changed` is
        called at the first sign that the outputs will change (rows appended to the manifest,
        a document walked that is not kept, or a shown one gone), if any: before the walk,
        when the manifest grew. `anchored`: every path was given absolute (or as a URL), so
        the walked paths do not depend on the working folder; `pattern_basis`: what the
        metadata of a path pattern depends on besides the path (`_walk_id`)."""
        width = len(self.columns)
        joined = manifest is not None and width > 0
        table = self._manifest(manifest) if manifest is not None and joined else ""
        self.walk = self._walk_id(table, joined or width == 0, self._manifest_digest, anchored, pattern_basis)
        # rows appended to the manifest since: only the documents they name may have new metadata
        self._walk_before = self._walk_id(table, joined, self._manifest_before, anchored) if self._manifest_before else None
        if shown_in is not None and self._appended and changed is not None:
            changed()  # the documents named by the rows appended to the manifest are planned (`_unkept`)
        shown = self._shown_stamps(shown_in) if shown_in is not None and self.walk is not None else None
        if shown is not None:
            docs = _sifted(docs, shown, self._appended, changed)
        elif changed is not None:
            changed()  # every document is planned: no telling yet
        with self.transaction(write=False):
            names = "path, stamp, key" + ("" if joined else "".join(f", m{i}" for i in range(width)))
            marks = ",".join("?" * (3 + (0 if joined else width)))
            self.db.executemany(f"INSERT INTO walked ({names}) VALUES ({marks})", docs)
            meta = "".join((f", coalesce(m.m{i}, '')" if joined else f", w.m{i}") for i in range(width))
            # an unchanged file whose result is stored: known without reading it
            self.db.execute(
                f"INSERT OR REPLACE INTO plan SELECT w.path, w.stamp, r.hash, NULL, w.key{meta} FROM walked w "
                + (f'LEFT JOIN "{table}" m ON m.key = w.key ' if joined else "")
                + "LEFT JOIN known r ON r.path = w.path AND r.key = ? AND r.stamp = w.stamp ORDER BY w.path, w.rowid",
                (self.key,),
            )
            self.db.execute("DELETE FROM walked")
            kept = 0
            if shown is not None:
                for (path,) in self.db.execute("SELECT path FROM plan"):
                    if path in shown:
                        shown[path] = None  # walked twice, once changed: planned
                self.db.execute("DELETE FROM unkept")
                self.db.executemany("INSERT INTO unkept VALUES (?)", ((p,) for p, v in shown.items() if v is not KEPT))
                kept = len(shown) - int(self.db.execute("SELECT count(*) FROM unkept").fetchone()[0])
                if changed is not None and kept < len(shown):
                    changed()
        self.kept, self.kept_in = kept, shown_in if shown is not None else None
        return self.count("1") + self.kept

    def _walk_id(self, table: str, fixed: bool, digest: str | None, anchored: bool = False, pattern_basis: str | None = None) -> str | None:
        """What the metadata of a walked path depends on besides the path: the manifest's
        bytes (or none), or the path pattern and the folders it is matched below
        (`pattern_basis`), and, unless every path was given `anchored` (absolute), the folder
        relative paths are taken from; None when it is unknown (a manifest that changed while
        it was read)."""
        if not (fixed or pattern_basis) or (table and digest is None):
            return None
        here: str | None = None
        if not anchored:
            try:
                here = os.getcwd()
            except OSError:  # the working folder was removed: relative paths mean nothing certain
                return None
        return json.dumps([table, digest if table else None, here, *([pattern_basis] if pattern_basis else [])])

    def _shown_stamps(self, folder: str) -> dict[str, Any] | None:
        """Path -> the stamp the document had when the outputs in `folder` were written
        (None: they show no result for it), when those rows were written with this run's
        `walk`; None also when they are more than MAX_KEPT (memory stays bounded: then
        every document is planned)."""
        state = self.state(folder)
        if state is None or (state.get("walk") != self.walk and state.get("walk") != self._walk_before):
            return None
        if state.get("walk") == self.walk:
            self._appended = set()
        self._kept_state = state
        rows = self.db.execute(
            "SELECT path, CASE WHEN hash IS NOT NULL THEN stamp END FROM shown WHERE folder = ? LIMIT ?", (folder, MAX_KEPT + 1)
        ).fetchall()
        return dict(rows) if len(rows) <= MAX_KEPT else None

    def _check_kept(self) -> None:
        """The rows `kept` stand for are still the ones shown: no other run wrote the outputs since."""
        if self.kept_in is not None and not self._forgotten and self.state(self.kept_in) != self._kept_state:
            raise LexiconError("another run wrote these outputs while this one ran; run again", path=self.kept_in)

    def fill(self) -> None:
        """Plan the kept documents too (every output row is about to be written), as the
        outputs show them."""
        if not self.kept_in:
            return
        self._check_kept()
        meta = "".join(f", json_extract(s.meta, '$[{i}]')" for i in range(len(self.columns)))
        with self.transaction(write=False):
            self.db.execute(
                f"INSERT OR IGNORE INTO plan SELECT s.path, s.stamp, s.hash, NULL, NULL{meta} FROM shown s "
                "WHERE s.folder = ? AND s.hash IS NOT NULL AND s.path NOT IN (SELECT path FROM unkept)",
                (self.kept_in,),
            )
        self.kept, self.kept_in = 0, None

    def _manifest(self, manifest: Any) -> str:
        """The table of the manifest's rows, brought up to date: a re-run reads nothing of
        an unchanged manifest and only the rows appended to a grown one (`Manifest.refresh`).
        One table per manifest file and header; its state (stamp, size, digest) in `manifests`."""
        width = len(self.columns)
        ident = json.dumps([os.path.abspath(manifest.path), manifest.names])
        table = "manifest_" + hashlib.sha256(ident.encode()).hexdigest()[:16]
        with self.transaction():
            self.db.execute("CREATE TABLE IF NOT EXISTS manifests (name TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID")
            meta = "".join(f", m{i} TEXT" for i in range(width))
            self.db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" (key TEXT PRIMARY KEY{meta}) WITHOUT ROWID')
            row = self.db.execute("SELECT state FROM manifests WHERE name = ?", (table,)).fetchone()
            try:
                state = json.loads(row[0]) if row else None
            except (TypeError, ValueError):
                state = None
            refresh = manifest.refresh(state)
            appended: set[str] | None = None
            if refresh.rows is not None:
                if refresh.replace:
                    self.db.execute(f'DELETE FROM "{table}"')
                else:
                    appended = set()
                marks = ",".join("?" * (1 + width))
                self.db.executemany(f'INSERT OR REPLACE INTO "{table}" VALUES ({marks})', _keys_to(appended, refresh.rows))
            new = refresh.state()
            self._manifest_digest = new.get("sha256") if isinstance(new, dict) else None
            if appended is not None and isinstance(state, dict) and len(appended) <= MAX_APPENDED:
                self._manifest_before, self._appended = state.get("sha256"), appended
            if new == state:
                pass  # unchanged: nothing to write
            elif new is None:
                self.db.execute("DELETE FROM manifests WHERE name = ?", (table,))
            else:
                self.db.execute("INSERT OR REPLACE INTO manifests VALUES (?, ?)", (table, json.dumps(new, sort_keys=True)))
        return table

    def count(self, where: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM plan WHERE {where}").fetchone()[0])

    def todo(self, page: int = 1000) -> Iterator[str]:
        """The documents without a result yet, in path order, a page at a time (results may
        be stored while this is read)."""
        last = ""
        while True:
            paths = [
                r[0]
                for r in self.db.execute(
                    "SELECT path FROM plan WHERE hash IS NULL AND error IS NULL AND path > ? ORDER BY path LIMIT ?", (last, page)
                )
            ]
            if not paths:
                return
            yield from paths
            last = paths[-1]

    def has_any(self) -> bool:
        return self.db.execute("SELECT 1 FROM results WHERE key = ? LIMIT 1", (self.key,)).fetchone() is not None

    def has(self, digest: str) -> bool:
        return self.db.execute("SELECT 1 FROM results WHERE hash = ? AND key = ?", (digest, self.key)).fetchone() is not None

    # -- results ----------------------------------------------------------------------------

    def put(self, items: Iterable[tuple[str, str, Record | None]]) -> None:
        """Store (path, hash, record) in one transaction. A record of None means the hash is
        already stored (the same content under another name); a hash of "" means a failure
        that may not recur (unreadable file, crash): reported, never cached. One writing
        statement per table for the whole batch (executemany), not a few per document."""
        failed: list[tuple[str, str]] = []
        stored: list[tuple[str, str]] = []
        results: list[tuple[Any, ...]] = []
        variants: list[tuple[Any, ...]] = []
        for path, digest, record in items:
            if not digest:
                failed.append(((record or {}).get("error") or "unreadable", path))
                continue
            stored.append((digest, path))
            if record is not None:
                results.append(self._result_row(digest, record))
                variants.extend((digest, self.key, *row) for row in record["variants"])
        with self.transaction():
            self.db.executemany("UPDATE plan SET error = ? WHERE path = ?", failed)
            self.db.executemany("INSERT OR IGNORE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?)", results)
            self.db.executemany("INSERT OR IGNORE INTO variants VALUES (?,?,?,?,?,?,?)", variants)
            self.db.executemany("UPDATE plan SET hash = ? WHERE path = ?", stored)
            # a row of values per document: as INSERT ... SELECT, SQLite first copied each page
            # the statement changed to a temporary file (about 20 KB per document)
            index = []
            for digest, path in stored:
                row = self.db.execute("SELECT stamp FROM plan WHERE path = ?", (path,)).fetchone()
                if row is not None and row[0] is not None:
                    index.append((path, self.key, row[0], digest))
            self.db.executemany("INSERT OR REPLACE INTO known VALUES (?, ?, ?, ?)", index)

    def _result_row(self, digest: str, record: Record) -> tuple[Any, ...]:
        figures = counts(record)
        return (
            digest,
            self.key,
            record.get("format"),
            record.get("lang"),
            record.get("error"),
            figures["concepts"],
            *(figures[f] for f in FIGURES),
        )

    # -- outputs ---------------------------------------------------------------------------

    def document_rows(self, only_fresh: bool = False) -> Iterator[tuple[Any, ...]]:
        """path, hash, format, lang, error, metadata..., concepts, uses, own_voice, agreed,
        care, avoid, in path order (a document whose result is missing says so); with
        `only_fresh`, only the rows `diff` found new or changed."""
        meta = "".join(f", p.m{i}" for i in range(len(self.columns)))
        return self.db.execute(  # CASTs: whatever a damaged cache holds, a column keeps its type
            "SELECT p.path, coalesce(p.hash, ''), CAST(r.format AS TEXT), CAST(r.lang AS TEXT), "
            f"{ERROR_SQL}{meta}, CAST(coalesce(r.concepts, '') AS TEXT), "
            + ", ".join(f"CAST(coalesce(r.{f}, 0) AS INTEGER)" for f in FIGURES)
            + " FROM plan p LEFT JOIN results r ON r.hash = p.hash AND r.key = ?"
            + (" WHERE p.path IN (SELECT path FROM fresh)" if only_fresh else "")
            + " ORDER BY p.path",
            (self.key,),
        )

    def variant_rows(self, only_fresh: bool = False) -> Iterator[tuple[Any, ...]]:
        return self.db.execute(
            f"SELECT p.path, {VARIANT_SQL} FROM plan p JOIN variants v ON v.hash = p.hash AND v.key = ?"
            + (" WHERE p.path IN (SELECT path FROM fresh)" if only_fresh else "")
            + " ORDER BY p.path, v.concept, v.term, v.status, v.context",
            (self.key,),
        )

    # -- what the outputs already hold ------------------------------------------------------

    def _meta_sql(self, alias: str) -> str:
        return "json_array(" + ", ".join(f"{alias}.m{i}" for i in range(len(self.columns))) + ")"

    def diff(self, folder: str) -> tuple[int, int]:
        """Compare this run's documents with the rows the outputs in `folder` hold: `fresh`
        gets the documents to write anew (new, changed content, other metadata, or not
        checked cleanly), `dropped` the old rows to leave out. Returns their sizes."""
        same = f"s.hash = p.hash AND p.error IS NULL AND s.meta = {self._meta_sql('p')}"
        if self.kept_in == folder:
            self._check_kept()
        with self.transaction(write=False):
            self.db.execute("DELETE FROM fresh")
            self.db.execute("DELETE FROM dropped")
            self.db.execute(
                "INSERT INTO fresh SELECT p.path FROM plan p WHERE NOT EXISTS "
                f"(SELECT 1 FROM shown s WHERE s.folder = ? AND s.path = p.path AND {same})",
                (folder,),
            )
            self.db.execute(  # a kept document's row stays
                "INSERT INTO dropped SELECT s.path FROM shown s WHERE s.folder = ? "
                + ("AND s.path IN (SELECT path FROM unkept) " if self.kept_in == folder else "")
                + f"AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.path = s.path AND {same})",
                (folder,),
            )
        return (
            int(self.db.execute("SELECT count(*) FROM fresh").fetchone()[0]),
            int(self.db.execute("SELECT count(*) FROM dropped").fetchone()[0]),
        )

    def dropped_paths(self) -> Iterator[str]:
        return (r[0] for r in self.db.execute("SELECT path FROM dropped ORDER BY path"))

    def dropped_rows(self, folder: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] | None:
        """The dropped rows as the old outputs hold them (documents, variants), rebuilt from
        `shown` and the results; None when a result they were written from is gone. The few
        dropped paths lead each join (CROSS JOIN fixes the order): SQLite would otherwise
        walk every row the folder shows, looking each up in `dropped`."""
        lost = self.db.execute(
            "SELECT 1 FROM dropped d CROSS JOIN shown s ON s.folder = ? AND s.path = d.path "
            "LEFT JOIN results r ON r.hash = s.hash AND r.key = ? WHERE s.hash IS NOT NULL AND r.hash IS NULL LIMIT 1",
            (folder, self.key),
        ).fetchone()
        if lost is not None:
            return None
        documents = []
        for path, digest, fmt, lang, error, meta, *figures in self.db.execute(
            "SELECT s.path, coalesce(s.hash, ''), CAST(r.format AS TEXT), CAST(r.lang AS TEXT), CAST(s.error AS TEXT), s.meta, "
            "CAST(coalesce(r.concepts, '') AS TEXT), "
            + ", ".join(f"CAST(coalesce(r.{f}, 0) AS INTEGER)" for f in FIGURES)
            + " FROM dropped d CROSS JOIN shown s ON s.folder = ? AND s.path = d.path "
            "LEFT JOIN results r ON r.hash = s.hash AND r.key = ? ORDER BY s.path",
            (folder, self.key),
        ):
            values = json.loads(meta)
            if not isinstance(values, list) or len(values) != len(self.columns):
                return None
            documents.append((path, digest, fmt, lang, error, *values, *figures, None))
        variants = self.db.execute(
            f"SELECT s.path, {VARIANT_SQL} FROM dropped d CROSS JOIN shown s ON s.folder = ? AND s.path = d.path "
            "JOIN variants v ON v.hash = s.hash AND v.key = ? ORDER BY s.path, v.concept, v.term, v.status, v.context",
            (folder, self.key),
        ).fetchall()
        return documents, variants

    def record(self, folder: str, state: dict[str, Any], *, everything: bool) -> None:
        """Remember what the outputs in `folder` now hold: every row (`everything`) or the
        rows `diff` found, and the outputs' state."""
        with self.transaction():
            if everything:
                self.db.execute("DELETE FROM shown WHERE folder = ?", (folder,))
                self.db.execute(f"INSERT INTO shown {self._shown_rows()}", (folder, self.key))
            elif not self._shown:
                self._show(folder)
            self.db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?)", (folder, json.dumps(state, sort_keys=True)))

    def show(self, folder: str) -> None:
        """Bring the rows `diff` found up to date in what `folder`'s outputs show, ahead of
        `record` (which then only records the outputs' state). Only once the outputs were
        `forget`-ten: until `record`, no run splices into them (an interrupted run leaves
        them to be written in full, and every row recorded again)."""
        with self.transaction():
            self._show(folder)
        self._shown = True

    def _show(self, folder: str) -> None:
        self.db.execute("DELETE FROM shown WHERE folder = ? AND path IN (SELECT path FROM dropped)", (folder,))
        self.db.execute(f"INSERT OR REPLACE INTO shown {self._shown_rows()} WHERE p.path IN (SELECT path FROM fresh)", (folder, self.key))
        self._restamp(folder)

    def _shown_rows(self) -> str:
        """The plan's rows as `shown` holds them (parameters: the folder, the key)."""
        return (
            f"SELECT ?, p.path, CASE WHEN p.error IS NULL AND r.hash IS NOT NULL THEN p.hash END, {self._meta_sql('p')}, "
            f"{ERROR_SQL}, p.stamp FROM plan p LEFT JOIN results r ON r.hash = p.hash AND r.key = ?"
        )

    def restamp(self, folder: str) -> None:
        """The rows in `folder` of files touched since they were written (found again by
        their content) get the new stamps, so that the next re-run keeps them without a look-up."""
        if self.kept_in != folder:
            return
        with self.transaction():
            self._restamp(folder)

    def _restamp(self, folder: str) -> None:
        if self.kept_in != folder:
            return  # only a re-run that keeps rows reads the stamps (it plans the others: few)
        self.db.execute(  # the plan leads (CROSS JOIN): SQLite would otherwise read every row the folder shows
            "UPDATE shown SET stamp = (SELECT p.stamp FROM plan p WHERE p.path = shown.path) WHERE folder = ? AND path IN "
            "(SELECT p.path FROM plan p CROSS JOIN shown s ON s.folder = ? AND s.path = p.path "
            "WHERE p.stamp IS NOT NULL AND p.hash = s.hash AND p.error IS NULL AND s.stamp IS NOT p.stamp)",
            (folder, folder),
        )

    def forget(self, folder: str) -> None:
        """The outputs in `folder` are about to be replaced: until they are recorded again,
        no re-run may splice into them."""
        if folder == self.kept_in:
            self._check_kept()
            self._forgotten = True
        with self.transaction():
            self.db.execute("DELETE FROM outputs WHERE folder = ?", (folder,))

    def state(self, folder: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT state FROM outputs WHERE folder = ?", (folder,)).fetchone()
        if row is None:
            return None
        try:
            state = json.loads(row[0])
        except (TypeError, ValueError):
            return None
        return state if isinstance(state, dict) else None

    def shown_errors(self, folder: str) -> list[str]:
        """ "path: message" for every row of the outputs that reports an error, in path order."""
        return [
            f"{path}: {error}"
            for path, error in self.db.execute(
                "SELECT path, CAST(error AS TEXT) FROM shown WHERE folder = ? AND error IS NOT NULL AND error != '' ORDER BY path",
                (folder,),
            )
        ]

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.db.execute(sql, params).fetchall()

    def checkpoint_soon(self) -> None:
        """Copy the write-ahead log into the database in a thread of its own (with its own
        connection; SQLite does the copying and the fsync without holding the interpreter),
        while the outputs are written: closing the store then finds little left to copy."""

        def copy() -> None:
            try:
                other = sqlite3.connect(self.path, timeout=0, isolation_level=None)
                try:
                    other.execute("PRAGMA wal_checkpoint(PASSIVE)")  # never waits for a lock: what it can, now
                finally:
                    other.close()
            except sqlite3.Error:
                pass  # then closing the store copies it

        if self._checkpoint is not None:
            self._checkpoint.join()  # one at a time: this one takes what was written since
        self._checkpoint = threading.Thread(target=copy, name="lexicon-audit-checkpoint", daemon=True)
        self._checkpoint.start()

    def close(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.join()
        self.db.close()


def _keys_to(keys: set[str] | None, rows: Iterable[tuple[str, ...]]) -> Iterable[tuple[str, ...]]:
    """`rows`, their keys added to `keys` on the way (unless None)."""
    if keys is None:
        return rows
    add = keys.add

    def noted() -> Iterator[tuple[str, ...]]:
        for row in rows:
            if len(keys) <= MAX_APPENDED:  # past that, knowing them is of no use (memory stays bounded)
                add(row[0])
            yield row

    return noted()


def _sifted(docs: Iterable[Any], shown: dict[str, Any], appended: set[str], changed: Callable[[], None] | None) -> Iterator[Any]:
    """`_unkept` over the walk, which two processes share (`split_walk`) when the outputs
    show enough documents for it to pay."""
    cut = getattr(docs, "parts", None)
    parts = cut() if cut is not None and len(shown) >= SPLIT_MIN else None
    if parts is not None:

        def kept(path: str) -> None:
            shown[path] = KEPT

        walked = walk_in_two(
            parts, lambda some: _unkept(some, shown, appended, changed), functools.partial(_as_shown, shown, appended), kept, changed
        )
        if walked is not None:
            return walked
    return _unkept(docs, shown, appended, changed)


def _as_shown(shown: dict[str, Any], appended: set[str], doc: Any) -> bool:
    """A walked document the outputs show as it is (`_unkept` asks the same, inline: it asks
    it of every file)."""
    return doc[1] is not None and shown.get(doc[0]) == doc[1] and doc[2] not in appended


def _unkept(docs: Iterable[Any], shown: dict[str, Any], appended: set[str], changed: Callable[[], None] | None = None) -> Iterator[Any]:
    """The walked documents that are not shown as they are (or whose manifest rows were
    `appended`: their metadata may have changed); the others are marked KEPT in `shown`.
    `changed` is called before the first of them is handed on."""
    get = shown.get
    for doc in docs:
        stamp = doc[1]
        if stamp is not None and get(doc[0]) == stamp and doc[2] not in appended:  # `_as_shown`
            shown[doc[0]] = KEPT
        else:
            if changed is not None:
                changed()
                changed = None
            yield doc


class _Transaction:
    def __init__(self, db: sqlite3.Connection, begin: str) -> None:
        self.db, self.begin = db, begin

    def __enter__(self) -> None:
        self.db.execute(self.begin)

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def iter_batches(items: Iterable[Any], size: int, seconds: float | None = None) -> Iterator[list[Any]]:
    """Batches of at most `size` items; with `seconds`, a batch is also handed on once that
    long has passed since its first item came (checked as items come)."""
    batch: list[Any] = []
    started = 0.0
    for item in items:
        if seconds is not None and not batch:
            started = time.monotonic()
        batch.append(item)
        if len(batch) >= size or (seconds is not None and time.monotonic() - started >= seconds):
            yield batch
            batch = []
    if batch:
        yield batch
