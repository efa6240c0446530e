"""lexicon next to GNU grep, ripgrep and codespell: the same generated corpus, the same terms.

    python benchmarks/compare.py [--cases big,page,files] [--repeat 5] [--mb 100] [--gb]
                                 [--files 10000] [--keep DIR] [--json FILE]

Runs against the INSTALLED package, as a user would: `lexicon` and `codespell` are taken
from PATH (else from the folder of this Python), and the term list is read by
`python -I -c ...` with the interpreter `lexicon` runs on, from a temporary folder, so the
checkout's source tree is never imported by this script.

The term list is lexicon's own: every avoid and care term of the built-in glossary, in
every listed form (the term, its variants and its listed plurals), in every language. GNU
grep and ripgrep get it as a fixed-string list (`-F -i -w -f`, grep under C.UTF-8);
codespell gets its own dictionary plus the single-word forms as `word->replacement`
entries (it matches single words only). Every tool writes its output to a real file: GNU
grep stops at the first match when its output is /dev/null.

Cases (all files built here with a fixed seed, in the register of policy reports, with a
term from the list about once per 2 KB):

- big: one 100 MB file (`--mb`), `lexicon check --format json`; with `--gb` also a 1 GB
  file with `--max-size 1100 --timeout 0`. MB/s and peak RSS.
- page: one 2 KB file: lexicon warm (its cache filled by an earlier run), and with an
  empty cache (LEXICON_CACHE_DIR a fresh empty folder for every run).
- files: 10,000 files of 2-5 KB (`--files`) in one process (`-j1`), and with `-j2`.

Runs are interleaved (round r runs every tool once, in an order that rotates), so a change
in the machine's load hits every tool alike; ratios are paired (lexicon's time over the
other tool's in the same round) and the median is printed. Peak RSS is the largest
resident set of the command or any process it waited for (wait4's ru_maxrss), as
`/usr/bin/time -v` reports it. Targets of issue 15 are printed next to each ratio; the exit
code is 0 whatever the figures (they depend on the machine's load).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Sentences in the register of a policy report; the words of each are shuffled a little
# (see `sentence`) so the text does not repeat, and it still reads as English to the
# language detection (stop words, punctuation), as real documents do.
SENTENCES = (
    "The national report reviews the protection of children online and offline.",
    "The agency recorded an increase in reports from the public in the last year.",
    "The committee recommends training for judges, prosecutors and social workers.",
    "Helplines received calls from parents and teachers across the region.",
    "The study follows the terminology of the Luxembourg Guidelines where it can.",
    "The ministry published guidance for schools in three languages.",
    "Funding for victim support services rose by twelve percent in 2023.",
    "Researchers interviewed social workers and police officers in five countries.",
    "The platform removed the reported content within a day in most cases.",
    "Cooperation between the hotline and the police improved after the reform.",
    "The annual budget for prevention work is set out in the second chapter.",
    "Survivors asked to be consulted before new measures are adopted.",
    "The evaluation found gaps in the data that public authorities collect.",
    "Partners from civil society took part in the review of the framework.",
    "Most of the recommendations of the previous report have been implemented.",
    "The department will publish statistics on the response times every quarter.",
)


# Read by the installed lexicon's interpreter: every listed form of every avoid or care term.
TERMS_SCRIPT = """
import json
from lexicon.glossary import load_glossary
from lexicon.model import Status
forms = []
for t in load_glossary().terms:
    if t.status in (Status.AVOID, Status.CARE):
        suggestion = (t.suggest or t.rephrase or ("",))[0]
        for form in (t.text, *t.variants, *t.plurals):
            forms.append({"form": form, "lang": t.lang, "suggest": suggestion, "plain_avoid": t.status is Status.AVOID and not t.near})
print(json.dumps(forms))
"""


# Run by the installed lexicon's interpreter on the big file (`-j1`, in this one process): the
# time its Hyperscan databases take to scan the text with a match callback that does nothing,
# i.e. the least any design that keeps these scans and their Python callbacks can spend,
# before context, findings or JSON. It hooks one private function (where databases are
# loaded); if that is gone, it says so and the floor is not printed.
FLOOR_SCRIPT = """
import json, sys, time
import lexicon.check.match.scan as scan
from lexicon.cli import main
floor = {}
load = getattr(scan, "_load_database", None)
class Timed:
    def __init__(self, name, db):
        self.name, self.db = name, db
    def __getattr__(self, attr):
        return getattr(self.db, attr)
    def scan(self, data, match_event_handler=None, **kw):
        result = self.db.scan(data, match_event_handler=match_event_handler, **kw)
        count = [0]
        def nothing(*args):
            count[0] += 1
        start = time.process_time()
        self.db.scan(data, match_event_handler=nothing, **kw)
        seconds, hits = floor.get(self.name, (0.0, 0))
        floor[self.name] = (seconds + time.process_time() - start, hits + count[0])
        return result
if load is not None:
    scan._load_database = lambda name, key, exprs, flags: Timed(name, load(name, key, exprs, flags))
    sys.argv = ["lexicon", "check", "--no-config", "--fail-on", "never", "--format", "json", "-j", "1", "-o", sys.argv[2], sys.argv[1]]
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(floor))
"""


# ---------------------------------------------------------------- the installed tools


def tool(name: str) -> str | None:
    """A program from PATH, else from the folder of this Python (a venv not activated)."""
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else None


def interpreter_of(script: str) -> str:
    """The Python a console script runs on (its #! line), so `python -c` uses the same install."""
    with open(script, "rb") as handle:
        first = handle.readline().decode("utf-8", "replace").strip()
    if first.startswith("#!"):
        candidate = first[2:].strip().split()[0]
        if Path(candidate).exists():
            return candidate
    return sys.executable


def term_forms(python: str, workdir: Path) -> list[dict[str, str]]:
    """Every listed form of every avoid/care term, from the installed package (isolated mode,
    run in `workdir`, so neither the working folder nor PYTHONPATH can put the checkout first)."""
    done = subprocess.run([python, "-I", "-c", TERMS_SCRIPT], capture_output=True, text=True, cwd=workdir, check=True)
    return json.loads(done.stdout)


def write_term_lists(forms: list[dict[str, str]], folder: Path) -> tuple[Path, Path]:
    """The fixed-string list for grep/ripgrep and a codespell dictionary (single words only)."""
    plain = sorted({f["form"] for f in forms})
    patterns = folder / "terms.txt"
    patterns.write_text("\n".join(plain) + "\n", encoding="utf-8")
    lines = []
    for f in forms:
        word = f["form"].casefold()
        if " " in word or "-" in word or not word.replace("'", "").isalpha():
            continue
        fix = (f["suggest"] or "(see the Guidelines)").replace(",", " ")
        lines.append(f"{word}->{fix}")
    dictionary = folder / "terms.codespell"
    dictionary.write_text("\n".join(sorted(set(lines))) + "\n", encoding="utf-8")
    return patterns, dictionary


# ---------------------------------------------------------------- the corpus


def sentence(rng: random.Random) -> str:
    """One of SENTENCES, with two of its inner words swapped now and then."""
    words = rng.choice(SENTENCES).split(" ")
    if rng.random() < 0.5 and len(words) > 4:
        i, j = rng.sample(range(1, len(words) - 1), 2)
        words[i], words[j] = words[j], words[i]
    return " ".join(words)


def prose(rng: random.Random, size: int, terms: list[str], every: int = 2000) -> str:
    """About `size` characters of report prose with one of `terms` spliced in every ~`every`."""
    parts, written, next_term = [], 0, every // 2
    while written < size:
        para = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        if written + len(para) >= next_term:
            words = para.split(" ")
            words.insert(rng.randint(1, len(words) - 1), rng.choice(terms))
            para = " ".join(words)
            next_term += every
        parts.append(para + "\n\n")
        written += len(para) + 2
    return "".join(parts)


def build_big(path: Path, megabytes: int, terms: list[str], seed: int = 2016) -> None:
    """A `megabytes` MB file, written in 1 MB pieces (memory stays small whatever the size)."""
    if path.exists() and path.stat().st_size >= megabytes * 1_000_000:
        return
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(megabytes):
            out.write(prose(rng, 1_000_000, terms))


def build_page(path: Path, terms: list[str], seed: int = 7) -> None:
    """A note of about 2 KB with one term from `terms`."""
    rng = random.Random(seed)
    text = prose(rng, 1900, terms, every=3800)
    path.write_text(text, encoding="utf-8")


def build_files(root: Path, count: int, terms: list[str], seed: int = 5) -> None:
    """`count` files of 2-5 KB, half Markdown, 500 to a folder."""
    if root.exists() and sum(1 for _ in root.rglob("note*")) == count:
        return
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(seed)
    for i in range(count):
        folder = root / f"part{i // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = prose(rng, rng.randint(2000, 5000), terms)
        if i % 2:
            (folder / f"note{i:05d}.md").write_text(f"# Briefing {i}\n\n{body}", encoding="utf-8")
        else:
            (folder / f"note{i:05d}.txt").write_text(body, encoding="utf-8")


# ---------------------------------------------------------------- timing


@dataclass
class Command:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    fresh_cache: bool = False  # LEXICON_CACHE_DIR: a new empty folder for every run
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


def run_once(command: Command, out: Path, scratch: Path) -> None:
    env = {**os.environ, **command.env}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: Python's modules from their .pyc files
    if command.fresh_cache:
        env["LEXICON_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=scratch)
    with out.open("wb") as sink:
        started = time.perf_counter()
        proc = subprocess.Popen(command.argv, stdout=sink, stderr=subprocess.DEVNULL, env=env, cwd=scratch)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1, 65):  # 1: findings (lexicon, grep none found), 65: codespell found some
        raise SystemExit(f"{command.name} exited {proc.returncode}: {' '.join(command.argv)}")
    if command.fresh_cache:
        shutil.rmtree(env["LEXICON_CACHE_DIR"], ignore_errors=True)
    command.times.append(elapsed)
    command.rss_mb.append(usage.ru_maxrss / 1024)


def interleaved(commands: list[Command], repeat: int, scratch: Path) -> None:
    """Round r runs every command once; the order rotates so none is always first."""
    for r in range(repeat):
        order = commands[r % len(commands) :] + commands[: r % len(commands)]
        for command in order:
            run_once(command, scratch / f"out-{command.name}.txt", scratch)


def paired_ratio(a: Command, b: Command) -> float:
    """Median over rounds of a's time / b's time in the same round."""
    return statistics.median(x / y for x, y in zip(a.times, b.times, strict=True))


def summary(commands: list[Command], megabytes: float | None) -> list[dict[str, object]]:
    rows = []
    for c in commands:
        median = statistics.median(c.times)
        row: dict[str, object] = {
            "tool": c.name,
            "median_s": round(median, 4),
            "min_s": round(min(c.times), 4),
            "peak_rss_mb": round(max(c.rss_mb), 1),
        }
        if megabytes:
            row["mb_per_s"] = round(megabytes / median, 1)
        rows.append(row)
    return rows


def print_table(title: str, rows: list[dict[str, object]]) -> None:
    print(f"\n## {title}")
    cols = [k for k in ("tool", "median_s", "min_s", "mb_per_s", "peak_rss_mb") if any(k in r for r in rows)]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "")) for k in cols) + " |")


def verdict(label: str, value: float, target: str, ok: bool, results: dict[str, object]) -> None:
    print(f"{label}: {value:.2f} (target {target}) {'OK' if ok else 'MISSED'}")
    results.setdefault("targets", []).append({"what": label, "value": round(value, 3), "target": target, "met": ok})  # type: ignore[union-attr]


# ---------------------------------------------------------------- the cases


class Bench:
    def __init__(self, folder: Path, repeat: int) -> None:
        self.folder = folder
        self.repeat = repeat
        self.scratch = folder / "scratch"
        self.scratch.mkdir(parents=True, exist_ok=True)
        lexicon = tool("lexicon")
        if lexicon is None:
            raise SystemExit("lexicon is not installed (pip install . or -e .)")
        self.lexicon = lexicon
        self.python = interpreter_of(lexicon)
        self.codespell = tool("codespell")
        self.rg = shutil.which("rg")
        self.grep = shutil.which("grep")
        forms = term_forms(self.python, self.scratch)
        self.patterns, self.dictionary = write_term_lists(forms, folder)
        self.english = sorted({f["form"] for f in forms if f["lang"] == "en"})
        self.avoid = sorted({f["form"] for f in forms if f["lang"] == "en" and f["plain_avoid"]})  # always a finding
        self.results: dict[str, object] = {"terms": len({f["form"] for f in forms}), "cpus": os.cpu_count(), "load": os.getloadavg()}
        print(
            f"lexicon: {self.lexicon}\nterms: {self.results['terms']} forms; load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs"
        )

    def lexicon_cmd(self, name: str, *args: str, fresh_cache: bool = False) -> Command:
        return Command(name, [self.lexicon, "check", "--no-config", "--fail-on", "never", *args], fresh_cache=fresh_cache)

    def others(self, target: Path, recursive: bool = False) -> list[Command]:
        out = []
        if self.grep:
            flags = ["-r"] if recursive else []
            out.append(
                Command("grep", [self.grep, "-F", "-i", "-w", *flags, "-f", str(self.patterns), str(target)], env={"LC_ALL": "C.UTF-8"})
            )
        if self.rg:
            out.append(Command("ripgrep", [self.rg, "--no-config", "-F", "-i", "-w", "-f", str(self.patterns), str(target)]))
        if self.codespell:
            out.append(Command("codespell", [self.codespell, "-D", "-", "-D", str(self.dictionary), str(target)]))
        return out

    def find(self, commands: list[Command], name: str) -> Command | None:
        return next((c for c in commands if c.name == name), None)

    def measure(
        self, key: str, title: str, commands: list[Command], rounds: int, mb: float | None = None, warm_up: Command | None = None
    ) -> None:
        """Interleaved rounds of `commands`, after one untimed run of `warm_up`; print and keep the table."""
        if warm_up is not None:
            run_once(warm_up, self.scratch / "out-warm-up.txt", self.scratch)
            warm_up.times.clear()
            warm_up.rss_mb.clear()
        interleaved(commands, rounds, self.scratch)
        rows = summary(commands, mb)
        print_table(f"{title} ({rounds} rounds)", rows)
        self.results[key] = rows

    def against_codespell(self, lexicon: Command, commands: list[Command], label: str, limit: float) -> None:
        codespell = self.find(commands, "codespell")
        if codespell:
            ratio = paired_ratio(lexicon, codespell)
            verdict(f"{label}: lexicon time / codespell's", ratio, f"<= {limit}", ratio <= limit, self.results)

    def big(self, megabytes: int, gigabyte: bool) -> None:
        sizes = [megabytes] + ([1000] if gigabyte else [])
        for size in sizes:
            doc = self.folder / f"prose-{size}mb.txt"
            build_big(doc, size, self.english)
            mb = doc.stat().st_size / 1_000_000
            extra = ["--max-size", str(size + 100), "--timeout", "0"] if size > 200 else []
            lex = self.lexicon_cmd("lexicon-json", "--format", "json", *extra, str(doc))
            commands = [lex, *self.others(doc)]
            repeat = self.repeat if size <= 200 else max(1, self.repeat // 3)
            # one untimed run first, as for the other cases: the figures are for a warm cache
            # (compiling the databases on an empty one costs time and memory once per install)
            warm = self.lexicon_cmd("lexicon-warm-up", "--format", "json", *extra, str(doc))
            self.measure(f"big-{size}mb", f"big: {size} MB file", commands, repeat, mb, warm_up=warm)
            grep = self.find(commands, "grep")
            if grep:
                ratio = 1 / paired_ratio(lex, grep)
                verdict(f"{size} MB: lexicon throughput / grep's", ratio, ">= 2.0", ratio >= 2.0, self.results)
            limit = 120 if size <= 200 else 150
            verdict(f"{size} MB: lexicon peak RSS (MB)", max(lex.rss_mb), f"<= {limit}", max(lex.rss_mb) <= limit, self.results)
            if size <= 200 and grep:
                self.floor(doc, grep)

    def floor(self, doc: Path, grep: Command) -> None:
        """The least wall time lexicon's Hyperscan scans alone allow on this machine, as a
        throughput bound next to grep's: their CPU time with callbacks that do nothing,
        spread perfectly over every core, and nothing else counted."""
        out = self.scratch / "out-floor.json"
        done = subprocess.run(
            [self.python, "-I", "-c", FLOOR_SCRIPT, str(doc), str(out)], capture_output=True, text=True, cwd=self.scratch, check=False
        )
        lines = done.stdout.strip().splitlines()
        floor = json.loads(lines[-1]) if done.returncode == 0 and lines else {}
        if not floor:
            print("scan floor: not measured (the installed lexicon has no _load_database hook)")
            return
        for name, (seconds, hits) in sorted(floor.items()):
            print(f"scan floor: {name:14} {seconds:6.2f} CPU s, {hits:,} matches")
        total = sum(seconds for seconds, _ in floor.values())
        cpus = os.cpu_count() or 1
        line = self.scratch / "one-line.txt"  # start-up: a run with (nearly) nothing to check
        line.write_text("The annual report was published in May.\n", encoding="utf-8")
        start = self.lexicon_cmd("lexicon-start", str(line))
        for _ in range(3):
            run_once(start, self.scratch / "out-start.txt", self.scratch)
        best = statistics.median(start.times) + total / cpus
        bound = statistics.median(grep.times) / best
        print(
            f"scan floor: {total:.2f} CPU s in all; with start-up ({statistics.median(start.times):.2f} s) and the scans "
            f"spread over {cpus} cores, at best {best:.2f} s wall: at most {bound:.2f}x grep's throughput "
            "with everything else (context, findings, JSON) free"
        )
        self.results["scan-floor"] = {"databases": floor, "cpu_s": total, "start_s": statistics.median(start.times), "bound_vs_grep": bound}

    def page(self) -> None:
        doc = self.folder / "note-2kb.md"
        build_page(doc, self.avoid)
        warm = self.lexicon_cmd("lexicon-warm", str(doc))
        cold = self.lexicon_cmd("lexicon-empty-cache", str(doc), fresh_cache=True)
        commands = [warm, cold, *self.others(doc)]
        self.measure("page", f"page: one {doc.stat().st_size} byte file", commands, max(self.repeat, 5), warm_up=warm)  # fills the cache
        self.against_codespell(warm, commands, "2 KB warm", 1.5)
        extra = statistics.median(c - w for c, w in zip(cold.times, warm.times, strict=True))
        verdict("2 KB: empty cache minus warm (s)", extra, "<= 0.3", extra <= 0.3, self.results)

    def files(self, count: int) -> None:
        root = self.folder / f"files-{count}"
        build_files(root, count, self.english)
        one = self.lexicon_cmd("lexicon-j1", "--format", "json", "-j", "1", str(root))
        two = self.lexicon_cmd("lexicon-j2", "--format", "json", "-j", "2", str(root))
        commands = [one, two, *self.others(root, recursive=True)]
        rounds = max(1, min(self.repeat, 3))
        self.measure(f"files-{count}", f"files: {count} files of 2-5 KB", commands, rounds, warm_up=one)  # into the page cache
        self.against_codespell(one, commands, f"{count} files -j1", 1.0)
        speedup = paired_ratio(one, two)
        verdict(f"{count} files: -j2 speed-up over -j1", speedup, ">= 1.7 (idle machine)", speedup >= 1.7, self.results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="big,page,files", help="comma-separated: big, page, files")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (big 1 GB: a third, files: at most 3)")
    parser.add_argument("--mb", type=int, default=100, help="size of the big file in MB")
    parser.add_argument("--gb", action="store_true", help="also a 1 GB file (with --max-size)")
    parser.add_argument("--files", type=int, default=10_000, help="number of small files")
    parser.add_argument("--keep", type=Path, help="build (and reuse) the corpus in this folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(cases) - {"big", "page", "files"}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    folder = (args.keep or Path(tempfile.mkdtemp(prefix="lexicon-compare-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        bench = Bench(folder, args.repeat)
        if "big" in cases:
            bench.big(args.mb, args.gb)
        if "page" in cases:
            bench.page()
        if "files" in cases:
            bench.files(args.files)
        if args.json:
            args.json.write_text(json.dumps(bench.results, indent=2) + "\n", encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
