"""Audit benchmark: `lexicon audit` on a generated archive with a metadata manifest, then a
re-run after adding 1% new documents.

    python benchmarks/audit.py [--docs 100000] [--jobs 2] [--keep DIR]

Builds the same archive every time (fixed seed): small .md/.txt files in the register of
policy reports under ORG/YEAR/ folders, and manifest.csv (path, year, org, type). Runs the
installed `lexicon audit` (local engine) on the archive, again after 1% new
documents are added, and a third time with nothing changed. Prints each run's wall time
and peak memory, and exits 1 unless the re-run with 1% new documents takes at most 5% of
the first run's time and peak RSS stays within 300 MB.

Each run starts on a settled disk: `os.sync()` before it, outside the timing. Otherwise the
writeback of the step before (the 400 MB archive just built, the previous run's cache and
outputs) lands in the next run's time, and the durable commits of that run (fsync) wait
for it: a re-run timed right after the first run took 2.5 s where it takes 1.7 s on a
settled disk. A user's re-run, days after the first, starts settled too.

Wall time is what the target is about; on a machine other work shares, it varies with the
load from minute to minute, so the CPU time of each run (its own and its workers', from
wait4) is printed too: it does not depend on the load.

Peak RSS is the largest resident set of any one process of the run (the main process or a
worker, from wait4), as `/usr/bin/time -v` reports it; the sum over the process tree,
sampled every 0.2 s, is printed too (it counts pages the forked workers share more than once).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from folder import SENTENCES as FOLDER_SENTENCES  # the same register as the folder benchmark

SENTENCES = FOLDER_SENTENCES + (
    "An older circular still speaks of child prostitution.",
    "The hotline answered questions about sextortion from parents.",
    "The ministry published guidance on sexual extortion for schools.",
)
ORGS = ("hotline-a", "ministry-b", "ngo-c", "police-d", "regulator-e", "platform-f")
TYPES = ("annual report", "policy", "press release", "guidance")
LIMIT_MB = 300
RATIO = 0.05


def build(root: Path, start: int, count: int, seed: int = 16) -> list[list[str]]:
    """Write documents start..start+count; return their manifest rows."""
    rows = []
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)
        org, year = ORGS[i % len(ORGS)], str(2012 + rng.randint(0, 13))
        folder = root / org / year
        folder.mkdir(parents=True, exist_ok=True)
        lines = [rng.choice(SENTENCES) for _ in range(rng.randint(3, 15))]
        name = f"doc{i:06d}.md" if i % 2 else f"doc{i:06d}.txt"
        text = f"# Briefing {i}\n\n" + "\n\n".join(lines) + "\n" if i % 2 else "\n".join(lines) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
        rows.append([f"{org}/{year}/{name}", year, org, TYPES[i % len(TYPES)]])
    return rows


def write_manifest(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "year", "org", "type"])
        writer.writerows(rows)


def tree_rss(pid: int) -> int:
    """Sum of the resident set sizes (bytes) of `pid` and its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(root: Path, out: Path, manifest: Path, jobs: int) -> tuple[float, float, float, str, float]:
    """(seconds, peak RSS of one process in MB, peak summed tree RSS in MB, stderr, CPU
    seconds of the run and its workers)."""
    command = [
        sys.executable,
        "-m",
        "lexicon",
        "audit",
        "--no-config",
        str(root),
        "-o",
        str(out),
        "--metadata",
        str(manifest),
        "-j",
        str(jobs),
    ]
    os.sync()  # the writes of the step before are not this run's (see above)
    started = time.perf_counter()
    # from the archive's folder: `python -m` puts the working folder first on sys.path, and
    # from a checkout that would be the source tree, not the installed package
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=root)
    peak_tree = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak_tree[0] = max(peak_tree[0], tree_rss(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"lexicon audit exited {proc.returncode}: {stderr.strip()[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime  # the workers too: the run waited for them
    return elapsed, usage.ru_maxrss / 1024, peak_tree[0] / 2**20, stderr.strip().splitlines()[-1], cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the archive here and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="lexicon-audit-bench-"))
    root, out, manifest = base / "archive", base / "audit", base / "manifest.csv"
    try:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        rows = build(root, 0, args.docs)
        # the manifest sits beside the archive: its paths are relative to its own folder
        write_manifest(manifest, [[f"archive/{r[0]}", *r[1:]] for r in rows])
        print(f"built {args.docs} documents in {time.perf_counter() - started:.1f} s under {root}")
        first = run(root, out, manifest, args.jobs)
        print(
            f"first run:  {first[0]:8.1f} s  CPU {first[4]:7.1f} s  peak RSS {first[1]:6.1f} MB per process, {first[2]:6.1f} MB tree  | {first[3]}"
        )
        extra = max(1, args.docs // 100)
        rows += build(root, args.docs, extra)
        write_manifest(manifest, [[f"archive/{r[0]}", *r[1:]] for r in rows])
        second = run(root, out, manifest, args.jobs)
        print(
            f"+1% re-run: {second[0]:8.1f} s  CPU {second[4]:7.1f} s  peak RSS {second[1]:6.1f} MB per process, {second[2]:6.1f} MB tree  | {second[3]}"
        )
        third = run(root, out, manifest, args.jobs)
        print(
            f"unchanged:  {third[0]:8.1f} s  CPU {third[4]:7.1f} s  peak RSS {third[1]:6.1f} MB per process, {third[2]:6.1f} MB tree  | {third[3]}"
        )
        ratio = second[0] / first[0]
        peak = max(first[1], second[1], third[1])
        print(
            f"re-run / first run = {ratio:.1%} (target <= {RATIO:.0%}; CPU time {second[4] / first[4]:.1%}); "
            f"peak RSS {peak:.0f} MB (target <= {LIMIT_MB} MB)"
        )
        return 0 if ratio <= RATIO and peak <= LIMIT_MB else 1
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
