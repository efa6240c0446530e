"""documents.csv / variants.csv from row streams, and their Parquet copies converted from
the finished CSV by pyarrow's streaming reader (in C++, a block at a time). Every file goes
to a temporary name in the output folder and is renamed into place at the end: a reader
never sees half a file, and a failed run leaves the previous outputs whole."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lexicon.audit.store import iter_batches

TYPES = ("str", "int", "float")


def write_table(folder: Path, name: str, columns: list[tuple[str, str]], rows: Iterable[Iterable[Any]]) -> int:
    """Write NAME.csv and NAME.parquet; returns the number of rows."""
    csv_tmp = _temp(folder, f"{name}.csv")
    pq_tmp = _temp(folder, f"{name}.parquet")
    try:
        with open(csv_tmp, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([n for n, _ in columns])
            count = 0
            for chunk in iter_batches(rows, 5000):
                writer.writerows(chunk)
                count += len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        _parquet(csv_tmp, pq_tmp, columns)
        os.replace(csv_tmp, folder / f"{name}.csv")
        os.replace(pq_tmp, folder / f"{name}.parquet")
    except BaseException:
        for tmp in (csv_tmp, pq_tmp):
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    return count


def _parquet(source: Path, target: Path, columns: list[tuple[str, str]]) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(n, types[t]) for n, t in columns])
    convert = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=False, quoted_strings_can_be_null=False)
    read = pacsv.ReadOptions(block_size=1 << 20, use_threads=False)
    with pacsv.open_csv(source, read_options=read, convert_options=convert) as reader:
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch)


def _temp(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # like any file the user creates, not mkstemp's 0600
    return Path(tmp)
