"""documents.csv / variants.csv and their Parquet copies, written row by row as the
records stream past, each to a temporary file renamed into place at the end (atomic: a
reader never sees half a file, and a failed run leaves the previous outputs whole)."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

BATCH = 2000


class Table:
    """One CSV file and its Parquet copy, with the same columns."""

    def __init__(self, folder: Path, name: str, columns: list[tuple[str, str]]) -> None:
        import pyarrow as pa

        self.folder, self.name = folder, name
        self.names = [n for n, _ in columns]
        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
        self.schema = pa.schema([(n, types[t]) for n, t in columns])
        self.csv_tmp = _temp(folder, f"{name}.csv")
        self.pq_tmp = _temp(folder, f"{name}.parquet")
        self.handle = open(self.csv_tmp, "w", newline="", encoding="utf-8")
        self.csv = csv.writer(self.handle, lineterminator="\n")
        self.csv.writerow(self.names)
        self.parquet: Any = None
        self.rows: list[list[Any]] = []
        self.count = 0

    def write(self, row: list[Any]) -> None:
        self.csv.writerow(["" if v is None else v for v in row])
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.parquet is None:
            self.parquet = pq.ParquetWriter(self.pq_tmp, self.schema, compression="zstd")
        columns = list(zip(*self.rows)) if self.rows else [[] for _ in self.names]
        self.parquet.write_table(pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, self.schema)], schema=self.schema))
        self.rows = []

    def close(self) -> None:
        """Finish both files and move them into place."""
        if self.rows or self.parquet is None:
            self._flush()
        self.parquet.close()
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.csv_tmp, self.folder / f"{self.name}.csv")
        os.replace(self.pq_tmp, self.folder / f"{self.name}.parquet")

    def abort(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
        self.handle.close()
        for tmp in (self.csv_tmp, self.pq_tmp):
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


def _temp(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # like any file the user creates, not mkstemp's 0600
    return Path(tmp)
