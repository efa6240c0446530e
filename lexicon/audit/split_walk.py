"""A re-run's walk, shared by two processes.

A re-run stats every file of the archive to find what changed, one system call each: on
100,000 documents that is most of the walk, and one core cannot hurry it. Here the walk
comes in parts (`manifest.Walk.parts`); this process forks a helper, and the two take the
parts in turns from a pipe (each read takes the next one), so neither waits while the other
has parts left. The helper sorts what it walks as this process would (`keep`): it sends
back the paths kept, and the few documents to plan, once it is done.

On Linux only, and only while this process runs no other thread (forking then is unsafe);
if the helper cannot be started or fails, this process walks the parts it did not take.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Doc = tuple[Any, ...]
INDEX = struct.Struct("<I")
MAX_PARTS = 16_000  # their numbers fit in a pipe's buffer (64 KiB) at once


def walk_in_two(
    parts: list[Callable[[], Iterator[Doc]]],
    sift: Callable[[Iterable[Doc]], Iterator[Doc]],
    keep: Callable[[Doc], bool],
    kept: Callable[[str], None],
    changed: Callable[[], None] | None = None,
) -> Iterator[Doc] | None:
    """The documents of `parts` that are not kept, or None when no helper can be started
    (the caller walks alone). This process walks its parts through `sift` (which marks the
    kept ones and yields the others); the helper's kept paths are handed to `kept`, its other
    documents go through `sift` too. `changed` is called as soon as the helper meets a
    document that is not kept (it is `sift`'s to call for this process's own)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1 or not 2 <= len(parts) <= MAX_PARTS:
        return None
    fds: list[int] = []
    try:
        order_r, order_w = os.pipe()
        fds += (order_r, order_w)
        # every number at once, or none: a pipe with a smaller buffer (the user's pipes
        # over their limit get one page) must not block the run here
        os.set_blocking(order_w, False)
        numbers = b"".join(INDEX.pack(i) for i in range(len(parts)))
        if os.write(order_w, numbers) != len(numbers):
            raise BlockingIOError
        fds.remove(order_w)
        os.close(order_w)  # all written: a read past the last number ends
        result_r, result_w = os.pipe()
        fds += (result_r, result_w)
        alert_r, alert_w = os.pipe()
        fds += (alert_r, alert_w)
        pid = os.fork()
    except OSError:  # BlockingIOError included
        for fd in fds:
            os.close(fd)
        return None
    if pid == 0:  # the helper
        code = 1
        try:
            os.close(result_r)
            os.close(alert_r)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
            _helper(parts, order_r, result_w, alert_w, keep)
            code = 0
        finally:
            os._exit(code)
    os.close(result_w)
    os.close(alert_w)
    os.set_blocking(alert_r, False)
    return _here(parts, pid, order_r, result_r, alert_r, sift, kept, changed)


def _taken(order: int) -> Iterator[int]:
    """The numbers of the parts this process takes, one read each."""
    while data := os.read(order, INDEX.size):
        yield INDEX.unpack(data)[0]


def _helper(parts: list[Callable[[], Iterator[Doc]]], order: int, result: int, alert: int, keep: Callable[[Doc], bool]) -> None:
    kept: list[str] = []
    others: list[Doc] = []
    for number in _taken(order):
        for doc in parts[number]():
            if keep(doc):
                kept.append(doc[0])
            else:
                if not others and alert >= 0:
                    os.write(alert, b"!")
                    os.close(alert)
                    alert = -1
                others.append(doc)
    # NUL ends a path (no file name holds one); undecodable names come back as they went
    names = "\0".join(kept).encode("utf-8", "surrogateescape")
    rest = json.dumps(others).encode("ascii")
    with os.fdopen(result, "wb") as out:
        out.write(INDEX.pack(len(names)) + names + rest)


def _here(
    parts: list[Callable[[], Iterator[Doc]]],
    pid: int,
    order: int,
    result: int,
    alert: int,
    sift: Callable[[Iterable[Doc]], Iterator[Doc]],
    kept: Callable[[str], None],
    changed: Callable[[], None] | None,
) -> Iterator[Doc]:
    mine: set[int] = set()
    try:
        for number in _taken(order):
            mine.add(number)
            yield from sift(parts[number]())
            if changed is not None and _alerted(alert):
                changed()
                changed = None
        with os.fdopen(result, "rb", closefd=False) as handle:
            data = handle.read()
        _, status = os.waitpid(pid, 0)
        pid = 0
        answer = _answer(data) if os.waitstatus_to_exitcode(status) == 0 else None
        if answer is None:  # the helper failed: its parts are walked here
            for number in range(len(parts)):
                if number not in mine:
                    yield from sift(parts[number]())
            return
        names, others = answer
        for name in names:
            kept(name)
        yield from sift(others)
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        for fd in (order, result, alert):
            os.close(fd)


def _alerted(alert: int) -> bool:
    try:
        return bool(os.read(alert, 1))
    except BlockingIOError:
        return False


def _answer(data: bytes) -> tuple[list[str], list[Doc]] | None:
    try:
        (size,) = INDEX.unpack_from(data)
        start = INDEX.size
        text = data[start : start + size].decode("utf-8", "surrogateescape")
        others = json.loads(data[start + size :])
    except (struct.error, ValueError):
        return None
    return (text.split("\0") if text else []), [tuple(doc) for doc in others]
