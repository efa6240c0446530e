"""An on-disk cache for compiled scanners, so a 2 KB check does not pay a multi-pattern
compile every time. Keyed by a hash of the patterns; written atomically; any failure to
read or write the cache silently falls back to compiling (the cache is never required).

Location: $LEXICON_CACHE_DIR, else $XDG_CACHE_HOME/lexicon, else ~/.cache/lexicon.
Set LEXICON_NO_CACHE=1 to disable it. At most KEEP entries of each kind are kept, the
least recently used are deleted first.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    if os.environ.get("LEXICON_NO_CACHE"):
        return None
    root = os.environ.get("LEXICON_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    base = Path(root) if root else Path.home() / ".cache"
    return base if os.environ.get("LEXICON_CACHE_DIR") else base / "lexicon"


def key_for(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_bytes(name: str, key: str, build: Callable[[], bytes]) -> bytes:
    """Return the cached bytes for (name, key), building and storing them if absent."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.bin" if folder else None
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError:
            pass
        else:
            _touch(path)
            return data
    data = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
            _prune(path.parent, name)
        except OSError:
            pass
    return data


KEEP = 32  # entries per kind: enough for several glossaries and languages side by side, never unbounded


def _touch(path: Path) -> None:
    """Mark an entry as just used, so pruning drops the least recently used, not the oldest:
    the built-in glossary's databases, read on every run, outlive one-off glossaries."""
    try:
        os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, name: str) -> None:
    """Delete all but the KEEP most recently used entries of this kind."""
    entries = sorted(folder.glob(f"{name}-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        try:
            old.unlink()
        except OSError:
            pass
