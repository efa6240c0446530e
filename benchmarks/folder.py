"""Many small files: now the `files` case of benchmarks/compare.py.

    python benchmarks/folder.py [compare.py options]

is `python benchmarks/compare.py --cases files [options]` (kept so old notes still run).
SENTENCES stays here: benchmarks/audit.py builds its archive from them.
"""

from __future__ import annotations

import sys

from compare import main

SENTENCES = (
    "The national report reviews the protection of children online.",
    "The agency recorded an increase in reports of child sexual abuse material.",
    "Several outlets still used the term child pornography in their headlines.",
    "The committee recommends training for judges and prosecutors.",
    "Helplines received calls from parents and teachers across the region.",
    "The study followed the terminology of the Luxembourg Guidelines.",
    "Police identified a child exploited in prostitution and referred her to support services.",
    "The ministry published guidance for schools in three languages.",
    "Funding for victim support rose by twelve percent in 2023.",
    "Researchers interviewed social workers in five countries.",
)


if __name__ == "__main__":
    sys.argv[1:1] = ["--cases", "files"]
    sys.exit(main())
