"""Helper processes a run forks when it starts: the report's drawing (`html.Artist`) and
the spliced Parquet copies (`incremental.Copier`). Each imports its heavy library while
this process walks the archive and checks the documents, then does its share of writing
the outputs beside this one, with an interpreter of its own.

On Linux only, and only while this process runs no other thread (forking then is unsafe);
otherwise there is no helper and the run does the work itself."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any


def fork(target: Callable[..., None], name: str, *args: Any) -> tuple[Any, Any] | None:
    """Start `target(conn, parent_pid, *args)` in a forked process; (this end of the pipe,
    the process), or None when no helper can be started."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    import multiprocessing

    context = multiprocessing.get_context("fork")
    here, there = context.Pipe()
    proc = context.Process(target=_child, args=(target, there, here, os.getpid(), *args), name=name, daemon=True)
    try:
        proc.start()
    except OSError:  # no process to spare: the run does the work
        here.close()
        there.close()
        return None
    there.close()
    return here, proc


def _child(target: Callable[..., None], conn: Any, other: Any, parent: int, *args: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle; it ends this process
    other.close()
    target(conn, parent, *args)


# How much lower a helper's ahead-of-time import runs than the run's own work (added to
# the importing thread's nice value alone): while the run walks the archive and
# checks the documents, the imports use what CPU those leave, instead of taking a third
# of it from them (three processes on two cores); the import is seldom needed before the
# walk is over.
IMPORT_NICENESS = 10


def import_aside(load: Callable[[], None], name: str) -> threading.Thread:
    """Run `load` (imports) in a thread of this helper at a lower priority than the run's
    own processes; the helper's other threads keep theirs (on Linux a thread has its own
    nice value). Whoever needs a module meanwhile waits for its import to end."""

    def run() -> None:
        try:
            me = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + IMPORT_NICENESS))
        except (OSError, AttributeError):
            pass  # then at the helper's priority
        load()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def request(conn: Any, parent: int) -> Any:
    """The next request, or None once the run is gone (it closed the pipe, or died without
    closing it)."""
    try:
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return None
        return conn.recv()
    except (EOFError, OSError):
        return None


def settled(conn: Any, started: float, after: float) -> bool:
    """Wait until `after` seconds have passed since `started` (the helper's start) unless a
    request comes first: True when none came, time to import ahead (a first run: a small
    one is done before then and would not gain from it)."""
    left = started + after - time.monotonic()
    return left <= 0 or not conn.poll(left)


def stop(conn: Any, proc: Any) -> None:
    """End the helper, whatever it is doing (work not asked for is not needed)."""
    if conn is not None:
        conn.close()
    if proc is not None:
        proc.terminate()
        proc.join()
