"""Throughput and start-up: now the `big` and `page` cases of benchmarks/compare.py.

    python benchmarks/throughput.py [compare.py options]

is `python benchmarks/compare.py --cases big,page [options]` (kept so old notes still run).
"""

from __future__ import annotations

import sys

from compare import main

if __name__ == "__main__":
    sys.argv[1:1] = ["--cases", "big,page"]
    sys.exit(main())
