"""Write a file so that a reader never sees half of it and the old content is never lost.

The data goes to a temporary file in the destination's folder, is flushed to disk, and is
renamed over the destination in one step (`os.replace`). If anything fails before the
rename, the destination is untouched and the temporary file is removed. An existing file is
replaced only when `overwrite` is true, and keeps its permission bits.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, overwrite: bool = False, durable: bool = True) -> None:
    """Write `data` (str is encoded as UTF-8) to `path` atomically. `durable` False skips
    the flush to disk (for a cache, whose entries are checked when read and rebuilt when
    lost: waiting for the disk cost more than the rest of a first run's writes).

    Raises FileExistsError when `path` exists and `overwrite` is false, and OSError when the
    folder cannot be written; in both cases nothing on disk has changed.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, overwrite=overwrite, durable=durable) as handle:
        handle.write(payload)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, overwrite: bool = False, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new content into, piece by piece (a large report
    need not be held in memory first); it replaces `path` in one step when the block ends
    without an error, and is removed, leaving `path` as it was, when it raises. Same rules
    and errors as `write_atomic`."""
    target = Path(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if mode is not None and not overwrite:
        raise FileExistsError(f"{target} exists (use --force to replace it)")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
