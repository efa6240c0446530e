"""Start-up of one installed lexicon next to another, on the same 2 KB note (issue 10's
budget: a change keeps `lexicon check` on a 2 KB file within 20 ms of the version before).

    python benchmarks/startup.py --baseline /path/to/other/venv/bin/lexicon
                                 [--lexicon lexicon] [--rounds 60] [--budget-ms 20]

Install the version to compare against in its own virtual environment (for example
`git worktree add /tmp/base <commit> && python -m venv /tmp/base-venv &&
/tmp/base-venv/bin/pip install /tmp/base`). Each executable gets its own cache folder,
filled by one untimed run, so both are measured warm. Runs alternate (the order flips every
round) and the difference is paired per round; the median of the paired differences is the
figure, as a shift in the machine's load hits both sides of a pair alike. Exit code 0 if the
median difference is within the budget, 1 if not.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare import SENTENCES  # the same register as the speed harness

NOTE = " ".join(SENTENCES[:8]) + " An older circular still speaks of child pornography. " + " ".join(SENTENCES[8:]) + "\n"


def timed(command: list[str], cache: Path) -> float:
    env = dict(os.environ, LEXICON_CACHE_DIR=str(cache))
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="the other lexicon executable")
    parser.add_argument("--lexicon", default=shutil.which("lexicon") or "lexicon", help="this one (default: from PATH)")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--budget-ms", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lexicon-startup-") as tmp:
        folder = Path(tmp)
        note = folder / "note.md"
        note.write_text(NOTE * 2, encoding="utf-8")  # about 2 KB, one term to avoid in each half
        size = note.stat().st_size
        sides = {
            "baseline": ([args.baseline, "check", "--no-config", str(note)], folder / "cache-baseline"),
            "this": ([args.lexicon, "check", "--no-config", str(note)], folder / "cache-this"),
        }
        for command, cache in sides.values():
            timed(command, cache)  # fills the cache: both are measured warm
        times: dict[str, list[float]] = {name: [] for name in sides}
        for r in range(args.rounds):
            for name in list(sides) if r % 2 else list(reversed(sides)):
                times[name].append(timed(*sides[name]))
    for name, values in times.items():
        print(f"{name:9} median {statistics.median(values) * 1e3:6.1f} ms   min {min(values) * 1e3:6.1f} ms")
    paired = [b - a for a, b in zip(times["baseline"], times["this"], strict=True)]
    median = statistics.median(paired) * 1e3
    print(f"paired difference (this - baseline): median {median:+.1f} ms, mean {statistics.mean(paired) * 1e3:+.1f} ms")
    ok = median <= args.budget_ms
    print(f"budget {args.budget_ms:g} ms: {'met' if ok else 'MISSED'} ({size} bytes, {args.rounds} rounds)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
