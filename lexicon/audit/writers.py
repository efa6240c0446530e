"""documents.csv / variants.csv and their Parquet copies, written side by side from one
stream of rows, 20,000 rows at a time (a row group each), so memory does not grow with the
table. Every file goes to a temporary name in the output folder, is flushed to the disk and
is renamed into place at the end: a reader never sees half a file, and a failed run (or a
power cut) leaves the previous outputs whole. (pyarrow's streaming CSV reader was tried
for the Parquet copy: it held some 70 MB more at its peak.)"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lexicon.audit.store import iter_batches

# (row groups of 5,000 rows had cost a fifth more to encode and decode: per-group overhead)
BATCH = 20_000


def write_table(
    folder: Path,
    name: str,
    columns: list[tuple[str, str]],
    rows: Iterable[tuple[Any, ...]],
    seen: Callable[[list[tuple[Any, ...]]], None] | None = None,
) -> int:
    """Write NAME.csv and NAME.parquet; `seen` gets each chunk of rows too. Returns the
    number of rows. Values must already have their column's type (or be None)."""
    schema = schema_of(columns)
    csv_tmp, pq_tmp = new_temps(folder, name)
    count = 0
    try:
        with open(csv_tmp, "w", newline="", encoding="utf-8") as handle, parquet_writer(pq_tmp, schema) as parquet:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([n for n, _ in columns])
            for chunk in iter_batches(rows, BATCH):
                if seen is not None:
                    seen(chunk)
                writer.writerows(chunk)
                parquet.write_table(table_of(chunk, schema))
                count += len(chunk)
            if not count:
                parquet.write_table(table_of([], schema))
            handle.flush()
            os.fsync(handle.fileno())
        flush_to_disk(pq_tmp)  # closed by now: pyarrow wrote it through a handle of its own
        replace_all([(csv_tmp, folder / f"{name}.csv"), (pq_tmp, folder / f"{name}.parquet")])
    except BaseException:
        for tmp in (csv_tmp, pq_tmp):
            tmp.unlink(missing_ok=True)
        raise
    return count


UNIQUE = ("path", "sha256")  # one value a row, or nearly: a dictionary of them saves nothing


def flush_to_disk(path: Path) -> None:
    """Wait until the file written at `path` is on the disk, as the CSV files and the report
    are before they are renamed into place: after a power cut, a Parquet copy is either the
    old one or the new one, never a renamed file whose data never reached the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def parquet_writer(path: Path, schema: Any) -> Any:
    """How every Parquet copy is written (a clean run and a splice alike, so their bytes
    agree). The path and hash columns are left out of dictionary encoding: their values
    hardly repeat, so the dictionary only cost time (writing, and reading a copy back to
    splice into it) and made the files larger."""
    import pyarrow.parquet as pq

    return pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=[n for n in schema.names if n not in UNIQUE])


def schema_of(columns: list[tuple[str, str]]) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    return pa.schema([(n, types[t]) for n, t in columns])


def new_temps(folder: Path, name: str) -> tuple[Path, Path]:
    """Temporary files for NAME.csv and NAME.parquet, in `folder`."""
    csv_tmp = _temp(folder, f"{name}.csv")
    try:
        return csv_tmp, _temp(folder, f"{name}.parquet")
    except BaseException:
        csv_tmp.unlink(missing_ok=True)
        raise


def replace_all(moves: list[tuple[Path, Path]]) -> None:
    for tmp, final in moves:
        os.replace(tmp, final)


def table_of(chunk: list[tuple[Any, ...]], schema: Any) -> Any:
    import pyarrow as pa

    columns = list(zip(*chunk, strict=True)) if chunk else [() for _ in schema]
    return pa.Table.from_arrays([pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)], schema=schema)


def _temp(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # like any file the user creates, not mkstemp's 0600
    return Path(tmp)
