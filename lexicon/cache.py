"""An on-disk cache for work that is slow to redo (parsed glossary files, compiled scanners).

The cache can never run code or change a result:

- entries are data only (JSON text, Hyperscan database bytes), never pickles;
- every entry carries an HMAC-SHA256 made with a per-user key (32 random bytes in the file
  `key`, mode 0600, in the cache folder): a planted or damaged entry fails the check and is
  rebuilt and replaced, so only this user's lexicon can have written what is loaded;
- keys are content hashes (of the glossary bytes, of the patterns) plus lexicon's version;
- the folder is created 0700; an existing folder that is not ours, is a symlink, or can be
  written by group or others is refused (one warning, see `take_warning`, then no cache);
- entries are opened without following symlinks, must be regular files we own, and are read
  with a size bound.

Any failure falls back to rebuilding: the cache is never required.
Location: $LEXICON_CACHE_DIR, else $XDG_CACHE_HOME/lexicon, else ~/.cache/lexicon.
Set LEXICON_NO_CACHE=1 to disable it. At most KEEP entries of each kind are kept (KEEP_SMALL
of the kinds whose entries are small data, KEEP_MANY compiled expressions), the least
recently used dropped first.

Prebuilt entries: an installed package (a wheel) carries, in `lexicon/terms/prebuilt/`, the
entries a first run of the built-in glossary makes (its files' parses and schema verdicts,
the language tables, the term patterns and their gates), made when the wheel is built
(`lexicon.check.prebuilt`, run by `setup.py`). They are read before the user's cache, so a
first run in a fresh container costs what a warm one does. They are part of the package, as
trusted as its code (no HMAC: there is no key to make one with at build time), but still
read as data only, by the same callers, with the same size bound, never through a symlink;
keys are content hashes, so an entry for other glossary bytes or other code is never found.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

KEEP = 32  # entries per kind: a glossary of many files, a few side by side; never unbounded
# Kinds whose entries are small data (a file's parse, a schema verdict, a glossary's term
# patterns: kilobytes, not a compiled database's megabytes) keep more: with more files in use
# than the bound (several house glossaries beside the built-in one's files, or a test suite),
# least-recently-used pruning evicted, run after run, exactly what the next run read.
KEEP_SMALL = 256
SMALL_KINDS = frozenset({"yaml", "valid", "patterns", "language"})
# One compiled expression per entry (`check.match.compiled.kept`, a few KB each): a page
# needs a few dozen, a run over many documents a few hundred. Looking over that many entries
# costs milliseconds, so a process prunes these once, at its first write, not at every one
# (a process writes at most one entry per expression its glossary makes: still bounded).
KEEP_MANY = 2048
MANY_KINDS = frozenset({"rx"})
_pruned: set[tuple[str, str]] = set()  # (folder, kind of MANY_KINDS) this process has pruned
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAGIC = b"LXC1"
KEY_FILE = "key"
KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

_checked: dict[str, bool] = {}  # folder -> usable, decided once per process
_warning: list[str] = []  # one message about a refused folder, for the CLI to print
_keys: dict[str, bytes | None] = {}  # folder -> its HMAC key
PREBUILT_KINDS = frozenset({"yaml", "valid", "language", "patterns", "gates"})
_prebuilt: list[Path | None] = []  # the package's prebuilt folder, looked for once per process
_recording: list[dict[str, bytes]] = []  # while `record` runs: every entry built, by label


def cache_dir() -> Path | None:
    if os.environ.get("LEXICON_NO_CACHE"):
        return None
    root = os.environ.get("LEXICON_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    base = Path(root) if root else Path.home() / ".cache"
    return base if os.environ.get("LEXICON_CACHE_DIR") else base / "lexicon"


def take_warning() -> str | None:
    """The warning about a refused cache folder, once per process (then None)."""
    return _warning.pop() if _warning else None


def key_for(*parts: str) -> str:
    """A content key: the hash of `parts` and of lexicon's version."""
    from lexicon import __version__

    digest = hashlib.sha256()
    for part in (__version__, *parts):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def usable_folder() -> Path | None:
    """The cache folder, created 0700 if missing; None when disabled or refused."""
    folder = cache_dir()
    if folder is None:
        return None
    name = str(folder)
    if name not in _checked:
        _keys.pop(name, None)
        problem = _prepare(folder)
        _checked[name] = problem is None
        if problem is not None:
            _warning[:] = [f"cache folder {folder} {problem}; running without a cache"]
    return folder if _checked[name] else None


def _prepare(folder: Path) -> str | None:
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        return f"cannot be created ({exc.strerror or exc})"
    try:
        info = os.lstat(folder)
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return "belongs to another user"
    if info.st_mode & 0o022:
        return f"can be written by other users (mode {stat.S_IMODE(info.st_mode):o}; chmod 700 it)"
    return None


def read_bounded(path: Path, limit: int, *, owner_only: bool = True) -> bytes | None:
    """The bytes of a regular file we own, opened without following a symlink, at most
    `limit` bytes; None when it is missing, not such a file, or too large."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        if owner_only and hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > limit else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _user_key(folder: Path) -> bytes | None:
    """The per-user HMAC key, made on first use (written to a temporary file and linked into
    place, so two processes starting together agree on one key)."""
    path = folder / KEY_FILE
    for _attempt in range(2):
        data = read_bounded(path, KEY_BYTES)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = None
        if data is not None and len(data) == KEY_BYTES and mode is not None and not mode & 0o077:
            return data
        if mode is not None:  # a key others could read, or a damaged one: replace it
            try:
                os.unlink(path)
            except OSError:
                return None
        import secrets  # only when a key is made (start-up: issue 15)

        tmp = folder / f".key-{secrets.token_hex(8)}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made one first: use theirs
        except OSError:
            return None
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return None


def _key_of(folder: Path) -> bytes | None:
    """The folder's key, read once per process (while the folder stays the one checked)."""
    name = str(folder)
    if name not in _keys:
        _keys[name] = _user_key(folder)
    return _keys[name]


def _mac(key: bytes, label: str, payload: bytes) -> bytes:
    return hmac.new(key, label.encode("utf-8", "surrogatepass") + b"\0" + payload, hashlib.sha256).digest()


def cached_bytes(name: str, key: str, build: Callable[[], bytes], *, check: Callable[[bytes], bool] | None = None) -> bytes:
    """The bytes for (name, key): from the package's prebuilt entries or the cache when an
    authentic entry is there (and `check` accepts it), else built, stored (replacing a bad
    entry) and returned."""
    label = f"{name}-{key}"
    if _recording:
        data = build()
        _recording[-1][label] = data
        return data
    if name in PREBUILT_KINDS:
        shipped = _read_prebuilt(label)
        if shipped is not None and (check is None or check(shipped)):
            return shipped
    folder = usable_folder()
    secret = _key_of(folder) if folder is not None else None
    if folder is None or secret is None:
        return build()
    path = folder / f"{label}.bin"
    raw = read_bounded(path, MAX_ENTRY_BYTES + len(MAGIC) + 32)
    if raw is not None and raw.startswith(MAGIC):
        mac, payload = raw[len(MAGIC) : len(MAGIC) + 32], raw[len(MAGIC) + 32 :]
        if hmac.compare_digest(mac, _mac(secret, label, payload)) and (check is None or check(payload)):
            _touch(path)
            return payload
    data = build()
    if len(data) <= MAX_ENTRY_BYTES:
        from lexicon.atomic import write_atomic

        try:
            write_atomic(path, MAGIC + _mac(secret, label, data) + data, overwrite=True, durable=False)
            if (str(folder), name) not in _pruned:
                _prune(folder, name)
        except OSError:
            pass
    return data


def prebuilt_dir() -> Path | None:
    """The installed package's folder of prebuilt entries, or None (a source checkout, an
    editable install: they are made when a wheel is built)."""
    if not _prebuilt:
        folder = Path(__file__).parent / "terms" / "prebuilt"
        _prebuilt.append(folder if folder.is_dir() and not folder.is_symlink() else None)
    return _prebuilt[0]


def _read_prebuilt(label: str) -> bytes | None:
    folder = prebuilt_dir()
    return None if folder is None else read_bounded(folder / f"{label}.bin", MAX_ENTRY_BYTES, owner_only=False)


@contextlib.contextmanager
def record() -> Iterator[dict[str, bytes]]:
    """Build every entry asked for while this runs, neither reading nor writing the cache
    or the prebuilt entries, and collect them by label (`name-key`): how the prebuilt
    entries are made."""
    _recording.append({})
    try:
        yield _recording[-1]
    finally:
        _recording.pop()


def _touch(path: Path) -> None:
    """Mark an entry as just used, so pruning drops the least recently used, not the oldest:
    the built-in glossary's databases, read on every run, outlive one-off glossaries."""
    try:
        os.utime(path, follow_symlinks=False)
    except OSError:
        pass


def _prune(folder: Path, name: str) -> None:
    """Delete all but the KEEP (KEEP_SMALL, KEEP_MANY) most recently used entries of this kind."""
    if name in MANY_KINDS:
        _pruned.add((str(folder), name))

    def mtime(p: Path) -> int:
        try:
            return p.lstat().st_mtime_ns
        except OSError:
            return 0

    entries = sorted(folder.glob(f"{name}-*.bin"), key=mtime, reverse=True)
    for old in entries[KEEP_MANY if name in MANY_KINDS else KEEP_SMALL if name in SMALL_KINDS else KEEP :]:
        try:
            old.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def canonical_json(*values: object) -> bytes:
    """The same bytes for the same values in every process, for cache keys: dataclasses as
    dicts, sets sorted (str hashing is randomised per process, so a set's order and its
    repr are not stable), anything else by its repr."""
    import dataclasses
    import json

    def plain(o: object) -> object:
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            return {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}
        if isinstance(o, (set, frozenset)):
            return sorted(o, key=repr)
        if isinstance(o, tuple):
            return list(o)
        return repr(o)

    return json.dumps(values, sort_keys=True, default=plain, ensure_ascii=False).encode("utf-8")
