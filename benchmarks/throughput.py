"""Throughput of `lexicon check --format json` next to `grep -F -i -w -f` (same avoid terms,
same file, same run), and start-up on a 2 KB file next to codespell.

Builds the test documents deterministically (seeded): policy-report prose with glossary terms
spliced in about once per 2 KB. Files go to a temporary folder and are not committed.

Usage: python benchmarks/throughput.py [--sizes 10,100] [--repeat 3] [--keep DIR]
Run by hand; figures go in the closing note, not in tests.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "the agency report policy framework data national review services platform hotline victims survivors "
    "children protection measures guidance public authorities cooperation prevention research evidence annual "
    "government ministry department support response online offline safeguarding partners training schools "
    "families community legal reform implementation monitoring statistics analysis coordination budget"
).split()
TERMS = [
    "child pornography",
    "child sexual abuse material",
    "child prostitutes",
    "sexual exploitation of children in prostitution",
    "child sex tourism",
    "sextortion",
    "sexual extortion",
    "sexting",
    "CSAM",
    "child-pornography",
    "paedophile networks",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def build(path: Path, megabytes: int, seed: int = 2016) -> None:
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    next_term = 2000
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            para = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
            if written >= next_term:
                words = para.split(" ")
                words.insert(rng.randint(1, len(words) - 1), rng.choice(TERMS))
                para = " ".join(words)
                next_term += 2000
            out.write(para + "\n\n")
            written += len(para) + 2


def timed(cmd: list[str], repeat: int) -> float:
    """Median wall time. Output goes to a real file: GNU grep stops at the first match when
    it sees that its output is /dev/null, which would flatter it."""
    times = []
    with tempfile.TemporaryFile() as sink:
        for _ in range(repeat):
            sink.seek(0)
            sink.truncate()
            start = time.perf_counter()
            subprocess.run(cmd, stdout=sink, stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def avoid_terms_file(folder: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from lexicon.glossary import load_glossary
    from lexicon.model import Status

    terms = sorted({t.text for t in load_glossary().terms if t.status in (Status.AVOID, Status.CARE) and t.lang == "en"})
    path = folder / "avoid-terms.txt"
    path.write_text("\n".join(terms) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="file sizes in MB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep generated files in this folder")
    args = parser.parse_args()
    lexicon = shutil.which("lexicon") or str(Path(sys.executable).with_name("lexicon"))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lexicon-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    patterns = avoid_terms_file(folder)
    print(f"{'file':>10} {'lexicon MB/s':>13} {'grep MB/s':>10} {'ratio':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        doc = folder / f"prose-{size}mb.txt"
        if not doc.exists():
            build(doc, size)
        mb = doc.stat().st_size / 1_000_000
        t_lex = timed([lexicon, "check", "--format", "json", "--fail-on", "never", "--no-config", str(doc)], args.repeat)
        t_grep = timed(["grep", "-F", "-i", "-w", "-f", str(patterns), str(doc)], args.repeat)
        print(f"{size:>8}MB {mb / t_lex:>13.1f} {mb / t_grep:>10.1f} {t_grep / t_lex:>6.2f}x")
    small = folder / "note-2kb.md"
    build(small, 0)
    small.write_text((sentence(random.Random(1)) + " ") * 12 + "It mentions child pornography once.\n", encoding="utf-8")
    t_small = timed([lexicon, "check", "--no-config", str(small)], max(5, args.repeat))
    codespell = shutil.which("codespell") or str(Path(sys.executable).with_name("codespell"))
    if Path(codespell).exists():
        t_cs = timed([codespell, str(small)], max(5, args.repeat))
        print(f"2 KB file: lexicon {t_small * 1000:.0f} ms, codespell {t_cs * 1000:.0f} ms, ratio {t_small / t_cs:.2f}x (target <= 1.0)")
    else:
        print(f"2 KB file: lexicon {t_small * 1000:.0f} ms (install codespell to compare)")
    if not args.keep:
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
