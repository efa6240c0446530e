"""The per-document result cache: one SQLite database (WAL, short transactions).

    results(hash, key, record)   record = JSON text (never pickle); key = glossary + version
    files(path, stamp, hash)     stamp = size and modification time: an unchanged file is
                                 found again without reading it

Two runs may share a database: SQLite serialises the writers, every batch of results is
committed at once (so an interrupted run keeps what it finished) and readers never block.
The database is untrusted input: a record that is not what we wrote is treated as missing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lexicon.errors import LexiconError

SCHEMA = 1
Record = dict[str, Any]


class ResultStore:
    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        try:
            self.db = sqlite3.connect(path, timeout=120, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            with self.transaction():
                self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
                self.db.execute("CREATE TABLE IF NOT EXISTS results (hash TEXT NOT NULL, key TEXT NOT NULL, "
                                "record TEXT NOT NULL, PRIMARY KEY (hash, key)) WITHOUT ROWID")
                self.db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, "
                                "hash TEXT NOT NULL) WITHOUT ROWID")
                row = self.db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                if row is None:
                    self.db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
                elif row[0] != str(SCHEMA):
                    raise LexiconError(f"cache schema {row[0]} is not {SCHEMA}; delete the file to start afresh", path=str(path))
        except sqlite3.DatabaseError as exc:
            raise LexiconError(f"not a usable audit cache ({exc})", path=str(path)) from exc

    def transaction(self) -> Any:
        return _Transaction(self.db)

    def known(self, path: str, stamp: str | None) -> str | None:
        """The content hash of `path` if it has not changed since a result was stored for it."""
        if not stamp:
            return None
        row = self.db.execute(
            "SELECT f.hash FROM files f JOIN results r ON r.hash = f.hash AND r.key = ? WHERE f.path = ? AND f.stamp = ? "
            "AND json_valid(r.record) AND json_type(r.record, '$.variants') = 'array'",
            (self.key, path, stamp),
        ).fetchone()
        return row[0] if row else None

    def has(self, digest: str) -> bool:
        return self.db.execute("SELECT 1 FROM results WHERE hash = ? AND key = ?", (digest, self.key)).fetchone() is not None

    def put(self, items: Iterable[tuple[str, str | None, str, Record]]) -> None:
        """Store (path, stamp, hash, record) items in one transaction."""
        with self.transaction():
            for path, stamp, digest, record in items:
                self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                (digest, self.key, json.dumps(record, ensure_ascii=False, separators=(",", ":"))))
                if stamp:
                    self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, stamp, digest))

    def records(self, digests: list[str]) -> dict[str, Record]:
        """The stored records of `digests` (at most a few hundred at a time)."""
        out: dict[str, Record] = {}
        for start in range(0, len(digests), 500):
            part = list(dict.fromkeys(digests[start : start + 500]))
            marks = ",".join("?" * len(part))
            for digest, text in self.db.execute(
                f"SELECT hash, record FROM results WHERE key = ? AND hash IN ({marks})", (self.key, *part)
            ):
                record = _valid(text)
                if record is not None:
                    out[digest] = record
                else:  # damaged: forget it, so the next run checks the document again
                    with self.transaction():
                        self.db.execute("DELETE FROM results WHERE hash = ? AND key = ?", (digest, self.key))
        return out

    def close(self) -> None:
        self.db.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _valid(text: str) -> Record | None:
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("variants"), list):
        return None
    for row in record["variants"]:
        if not (isinstance(row, list) and len(row) == 5 and all(isinstance(x, str) for x in row[:4]) and isinstance(row[4], int)):
            return None
    return record


def iter_batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
