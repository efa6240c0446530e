"""Re-runs write what changed: the rows of the previous outputs that still hold are copied,
the few new or changed ones are spliced in, in path order, and the totals are the last
run's minus the rows left out plus the rows written anew.

This is only done when the outputs are exactly as the last run left them: the cache keeps
each output file's stamp (size, modification time, inode) and the run's totals; a file that
was edited, replaced or removed, a different glossary, lexicon version or set of metadata
columns, or too many changes make the run write everything from scratch. Either way the
files are the same, byte for byte, as a run from scratch writes.

CSV records are copied as they are, as bytes (only the path in the first field is read); the Parquet copies are read a row group at a time, filtered and merged with
pyarrow, and written again in row groups of the same size as a run from scratch.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lexicon.audit import writers
from lexicon.audit.writers import new_temps, replace_all

MAX_CHANGES = 20_000  # more rows to drop or add than this: write everything (memory stays bounded)
TABLES = ("documents", "variants")


def stamp(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def stamps(folder: Path, names: Iterable[str]) -> dict[str, str | None]:
    return {name: stamp(folder / name) for name in names}


Table = tuple[str, list[tuple[str, str]], list[tuple[Any, ...]]]  # name, columns, fresh rows


class Copier:
    """Splices the Parquet copies in a process of its own, forked when a re-run that may
    splice starts. Told that the outputs will change (`warm`: the walk found a new or
    changed document), it imports pyarrow (a fifth of a second) while this process walks
    the archive and checks the documents; asked, it splices both copies, a thread each, while this process writes the CSV files
    and the report is drawn. Neither the import nor the copying then holds this process's
    interpreter. Without it (not Linux, another thread running, or a failure there) the
    copies are spliced in threads here."""

    def __init__(self) -> None:
        from lexicon.audit import forked

        self._conn: Any
        self._proc: Any
        self._conn, self._proc = forked.fork(_copy, "lexicon-audit-parquet") or (None, None)

    def warm(self) -> None:
        """Have pyarrow imported now."""
        if self._conn is not None:
            try:
                self._conn.send(("warm",))
            except (OSError, ValueError):
                self.close()

    def start(self, jobs: list[tuple[Path, Path, list[tuple[str, str]], list[tuple[Any, ...]]]], dropped: set[str]) -> bool:
        """Hand over (old file, temporary file, columns, fresh rows) per copy; False when
        there is no process to take them."""
        if self._conn is None:
            return False
        try:
            self._conn.send((jobs, dropped))
        except (OSError, ValueError):
            self.close()
            return False
        return True

    def done(self) -> bool:
        """Wait for the copies: True when they are written, False when that process failed
        or is gone (then the run splices them itself, and a failure shows there as it is)."""
        answer: Any = None
        try:
            answer = self._conn.recv()
        except (EOFError, OSError, ValueError):
            pass
        if answer != "done":
            self.close()
            return False
        return True

    def close(self) -> None:
        from lexicon.audit import forked

        conn, proc, self._conn, self._proc = self._conn, self._proc, None, None
        forked.stop(conn, proc)


def _copy(conn: Any, parent: int) -> None:
    """The Parquet process: splice the copies of each request, then answer. Asked to warm
    up (the run found something to change: the copies will be spliced), it starts
    importing pyarrow at once, in a thread at a lower priority (`forked.import_aside`)."""
    from lexicon.audit import forked

    without_numpy()
    importing = False
    while (asked := forked.request(conn, parent)) is not None:
        if asked == ("warm",):
            if not importing:
                importing = True
                forked.import_aside(_warm_up, "lexicon-audit-import")
            continue
        steady_allocator()
        jobs, dropped = asked
        failed = _splice_all(jobs, dropped)
        conn.send("failed" if failed else "done")


def _warm_up() -> None:
    steady_allocator()  # before pyarrow allocates anything
    import pyarrow.compute  # noqa: F401  (the fresh rows are merged with it)
    import pyarrow.parquet  # noqa: F401


def without_numpy() -> None:
    """Keep numpy out of the Parquet process, unless it is loaded already. pyarrow (18 and
    later) runs without it, and imports it only to convert to and from numpy arrays, which
    the splice never does: half of pyarrow's import time (0.12 of 0.25 CPU s). Should
    pyarrow want it after all, the splice fails there and the run does it itself."""
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]  # what makes `import numpy` fail


def steady_allocator() -> None:
    """Have pyarrow allocate with jemalloc (else the C library's malloc) in this process,
    unless the user chose an allocator (ARROW_DEFAULT_MEMORY_POOL). pyarrow's default,
    mimalloc, maps its memory in huge pages, and where the kernel compacts memory to find
    them (transparent huge pages on "madvise", as many distributions ship), a splice spent
    between 0.03 and 0.2 s in the kernel from one run to the next; with jemalloc, a steady
    0.04-0.07 s. Only in the Parquet process, which is lexicon's own: the allocator is the
    whole process's."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "mimalloc":
        return
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without it
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)


def _splice_all(jobs: list[tuple[Path, Path, list[tuple[str, str]], list[tuple[Any, ...]]]], dropped: set[str]) -> list[BaseException]:
    """Splice every copy, a thread each (pyarrow does its work without holding the
    interpreter, so they run side by side); the exceptions raised."""
    failed: list[BaseException] = []

    def one(old: Path, tmp: Path, columns: list[tuple[str, str]], fresh: list[tuple[Any, ...]]) -> None:
        try:
            _splice_parquet(old, tmp, columns, dropped, fresh)
        except BaseException as exc:
            failed.append(exc)

    workers = [threading.Thread(target=one, args=job, name=f"lexicon-audit-parquet-{job[0].stem}", daemon=True) for job in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failed


def splice_tables(folder: Path, dropped: set[str], tables: list[Table], copier: Copier | None = None) -> Any:
    """Write NAME.csv and NAME.parquet anew from the old ones, for each (name, columns,
    fresh rows): leave out the rows whose path is in `dropped`, add the fresh rows (in
    output order), keep everything else as it was.

    The CSV files are written here; the Parquet files by `copier` (or in a thread each,
    here), beside the CSV files and the report's drawing. Returns `finish`, which waits
    for the Parquet files and renames all the files into place (until then the old ones
    stay whole)."""
    temps = [(name, *new_temps(folder, name)) for name, *_ in tables]
    jobs = [
        (folder / f"{name}.parquet", pq_tmp, columns, fresh) for (name, columns, fresh), (_, _, pq_tmp) in zip(tables, temps, strict=True)
    ]
    failed: list[BaseException] = []
    here: threading.Thread | None = None
    away = copier is not None and copier.start(jobs, dropped)

    def splice_here() -> threading.Thread:
        thread = threading.Thread(target=lambda: failed.extend(_splice_all(jobs, dropped)), name="lexicon-audit-parquet", daemon=True)
        thread.start()
        return thread

    def clean() -> None:
        if away and copier is not None:
            copier.close()  # ended before its files are removed: it writes none after
        if here is not None:
            here.join()
        for _, csv_tmp, pq_tmp in temps:
            csv_tmp.unlink(missing_ok=True)
            pq_tmp.unlink(missing_ok=True)

    try:
        if not away:
            here = splice_here()
        for (name, columns, fresh), (_, csv_tmp, _) in zip(tables, temps, strict=True):
            _splice_csv_file(folder / f"{name}.csv", csv_tmp, [n for n, _ in columns], dropped, fresh)
    except BaseException:
        clean()
        raise

    def finish() -> None:
        nonlocal here
        if away and copier is not None and not copier.done():
            here = splice_here()
        if here is not None:
            here.join()
        if failed:
            clean()
            raise failed[0]
        replace_all(
            [(tmp, folder / f"{name}{suffix}") for name, *pair in temps for tmp, suffix in zip(pair, (".csv", ".parquet"), strict=True)]
        )

    return finish


def _splice_csv_file(old: Path, tmp: Path, names: list[str], dropped: set[str], fresh: list[tuple[Any, ...]]) -> None:
    with open(old, "rb") as src, open(tmp, "wb") as dst:
        header = src.readline()
        try:
            same = next(csv.reader([header.decode("utf-8")]), None) == names
        except UnicodeDecodeError:
            same = False
        if not same:
            raise Stale(f"{old.name} has other columns")
        dst.write(header)
        _CsvSplice(dropped, fresh, dst).run(src)
        dst.flush()
        os.fsync(dst.fileno())


class Stale(Exception):
    """The previous outputs cannot be spliced into: write everything."""


def _records(lines: Iterable[str]) -> Iterator[str]:
    """The CSV records of a file read with newline="", each as its text: a record whose
    quotes are not balanced yet goes on over the next line (a quoted line break)."""
    pending: list[str] = []
    odd = False
    for line in lines:
        if pending or line.count('"') % 2:
            pending.append(line)
            odd ^= line.count('"') % 2 == 1
            if odd:
                continue
            line = "".join(pending)
            pending.clear()
        yield line
    if pending:
        yield "".join(pending)


class _CsvSplice:
    """Two streams in path order -> one: the old records not dropped, copied as they are,
    and the fresh rows, written as a run from scratch writes them (UTF-8).

    The old file is read a block of bytes at a time, never decoded: UTF-8 keeps the order
    of the paths (SQLite's and Python's), so paths are compared as bytes. A block without
    a quote holds one record per line, each starting with its path, so the places where
    something changes are found by bisection and the records between them are copied in
    one write: the work grows with the changes, not with the rows. From the first block
    with a quote on, records are decoded and read one by one (a quoted field may hold a
    comma or a line break).

    Between two files, those runs of records are copied by the kernel (copy_file_range)
    rather than written from the block read: writing tens of megabytes through this
    process had been most of the splice's time. Where the kernel cannot (another system,
    a file system that refuses), they are written from the block."""

    BLOCK = 1 << 20

    def __init__(self, dropped: set[str], fresh: list[tuple[Any, ...]], dst: Any) -> None:
        self.dropped, self.gone = dropped, sorted(p.encode("utf-8") for p in dropped)
        self.fresh, self.keys, self.at, self.next_gone = fresh, [r[0].encode("utf-8") for r in fresh], 0, 0
        self.dst = dst
        self.fds: tuple[int, int] | None = None  # (source, destination) while the kernel copies
        self.base = 0  # where the block being spliced starts in the source

    def run(self, src: Any) -> None:
        self.fds = _file_numbers(src, self.dst)
        self.base = src.tell() if self.fds is not None else 0
        while block := src.read(self.BLOCK):
            if not block.endswith(b"\n"):
                block += src.readline()
                if not block.endswith(b"\n"):
                    raise Stale("a table that does not end with a line break")
            if b'"' in block or b"\r" in block:
                rest = io.TextIOWrapper(src, encoding="utf-8", newline="")
                self._one_by_one(_records(itertools.chain(io.StringIO(block.decode("utf-8"), newline=""), rest)))
                rest.detach()
                break
            self._block(block)
            self.base += len(block)
        self._fresh_before(None)

    def _fresh_before(self, path: bytes | None, *, inclusive: bool = False) -> None:
        """Write the fresh rows that come before `path` (and those of `path` itself when
        `inclusive`; all of them for None)."""
        keys, at = self.keys, self.at
        end = at
        while end < len(keys) and (path is None or keys[end] < path or (inclusive and keys[end] == path)):
            end += 1
        if end > at:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(self.fresh[at:end])
            self.dst.write(text.getvalue().encode("utf-8"))
            self.at = end

    def _block(self, block: bytes) -> None:
        """`block`: whole lines (each ending with a line break), found by their offsets:
        it is never split into lines."""
        i, n, copy = 0, len(block), self._copy
        view = memoryview(block)
        while i < n:
            fresh: bytes | None = self.keys[self.at] if self.at < len(self.keys) else None
            gone = self.gone[self.next_gone] if self.next_gone < len(self.gone) else None
            if fresh is not None and (gone is None or fresh <= gone):
                j = _line_from(block, fresh, i, n)
                if j > i:
                    copy(view, i, j)
                i = j
                if j == n:
                    return  # comes after this block
                self._fresh_before(fresh, inclusive=True)
            elif gone is not None:
                j = _line_from(block, gone, i, n)
                k = _line_from(block, gone, j, n, after=True)
                if j > i:
                    copy(view, i, j)
                i = k
                if k == n:
                    return  # its records may go on in the next block
                self.next_gone += 1
            else:
                break
        if n > i:
            copy(view, i, n)

    def _copy(self, block: memoryview, start: int, end: int) -> None:
        """Put block[start:end] (of the block being spliced) in the destination: copied from
        the source by the kernel when it can, else written."""
        if self.fds is not None:
            self.dst.flush()  # the fresh rows before it first
            start += _kernel_copy(*self.fds, self.base + start, end - start)
            if start == end:
                return
            self.fds = None  # it cannot: from here on, written
        self.dst.write(block[start:end])

    def _one_by_one(self, records: Iterator[str]) -> None:
        write, dropped = self.dst.write, self.dropped
        for record in records:
            path = _first_field(record)
            self._fresh_before(path.encode("utf-8"))
            if path not in dropped:
                write(record.encode("utf-8"))


def _file_numbers(src: Any, dst: Any) -> tuple[int, int] | None:
    """The descriptors of two files the kernel may copy between, or None."""
    if not hasattr(os, "copy_file_range"):
        return None
    try:
        return src.fileno(), dst.fileno()
    except (AttributeError, OSError, ValueError):  # in memory
        return None


def _kernel_copy(src: int, dst: int, offset: int, count: int) -> int:
    """Copy `count` bytes of `src` from `offset` on to `dst` where it stands; how many were
    copied (fewer when the kernel refuses or the source ends early)."""
    done = 0
    try:
        while done < count:
            step = os.copy_file_range(src, dst, count - done, offset + done)
            if step <= 0:
                break
            done += step
    except OSError:
        pass
    return done


def _line_from(block: bytes, path: bytes, lo: int, hi: int, *, after: bool = False) -> int:
    """The offset of the first line of block[lo:hi] (whole lines, in path order) whose path
    (the bytes before its first comma) is not less than `path` (greater, with `after`):
    a bisection over the bytes, each step reading the one line around its middle."""
    while lo < hi:
        mid = (lo + hi) // 2
        start = block.rfind(b"\n", lo, mid) + 1 or lo
        end = block.find(b"\n", start, hi)
        comma = block.find(b",", start, end)
        here = block[start : comma if comma >= 0 else end]
        if here < path or (after and here == path):
            lo = end + 1
        else:
            hi = start
    return lo


def _first_field(record: str) -> str:
    if record.startswith('"'):
        return next(csv.reader([record]))[0]
    end = record.find(",")
    if end < 0:
        raise Stale("a record without fields")
    return record[:end]


def _splice_parquet(old: Path, tmp: Path, columns: list[tuple[str, str]], dropped: set[str], fresh: list[tuple[Any, ...]]) -> None:
    """The old Parquet file without the dropped paths' rows, with the fresh rows (in path
    order; a path's own rows in the order given) merged in by path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from lexicon.audit.writers import schema_of, table_of

    schema = schema_of(columns)
    source = pq.ParquetFile(old)
    if not source.schema_arrow.equals(schema):
        raise Stale(f"{old.name} has other columns")
    gone = pa.array(sorted(dropped), type=pa.string())
    pending = schema.empty_table()
    written = 0
    at = 0  # fresh[at:] not written yet
    with writers.parquet_writer(tmp, schema) as out:

        def add(table: Any) -> None:
            nonlocal pending, written
            pending = pa.concat_tables([pending, table]) if pending.num_rows else table
            while pending.num_rows >= writers.BATCH:
                out.write_table(pending.slice(0, writers.BATCH).combine_chunks())
                pending = pending.slice(writers.BATCH)
                written += writers.BATCH

        # one row group at a time, in this thread (pyarrow's own threads only fight this
        # thread's siblings for the two cores)
        for batch in source.iter_batches(batch_size=writers.BATCH, use_threads=False):
            table = pa.Table.from_batches([batch], schema=schema)
            if len(gone):
                import pyarrow.compute as pc

                table = table.filter(pc.invert(pc.is_in(table["path"], value_set=gone)))
            last = batch.column(0)[-1].as_py() if batch.num_rows else None
            end = at
            while end < len(fresh) and last is not None and fresh[end][0] < last:
                end += 1
            if end > at:
                table = _merged(table, table_of(fresh[at:end], schema))
                at = end
            add(table)
        if at < len(fresh):
            add(table_of(fresh[at:], schema))
        if pending.num_rows or not written:
            out.write_table(pending.combine_chunks())
    writers.flush_to_disk(tmp)


def _merged(table: Any, fresh: Any) -> Any:
    """`table` (sorted by path) with the `fresh` rows (sorted by path) put in place, each
    after the old rows whose path is not greater than its own: a stable sort on the path
    of `table` followed by them (Arrow's sort is stable; it compares strings as bytes, as
    SQLite and Python order UTF-8 paths)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    both = pa.concat_tables([table, fresh])
    return both.take(pc.sort_indices(both, sort_keys=[(both.schema.names[0], "ascending")]))
