"""Precision and recall of `lexicon check` against the gold verdicts of the development
corpora in ../shared/corpus and ../shared/corpus-2 (never copied into the project).

Scoring follows ../shared/corpus/gold/README.md: a finding matches a gold line when the spans
overlap; recall counts gold error+warning lines matched by an error/warning finding;
precision counts error/warning findings that match a gold error/warning line. Only the term
rules (avoid-term, care-term) are scored: the gold lists term occurrences, not the
document-level mixed-terms/acronym findings. Gold `any` lines count neither way.

Runs against the installed lexicon package (pip install . or -e .), like a user would.

Usage: python benchmarks/accuracy.py [--corpus DIR]... [--json] [--details]
(default: both ../shared/corpus and ../shared/corpus-2, scored together: one row per
language and one for all)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent

from lexicon.check.pipeline import Linter, Settings  # noqa: E402
from lexicon.glossary import load_glossary  # noqa: E402
from lexicon.model import Severity  # noqa: E402
from lexicon.readers.text import from_text  # noqa: E402

TERM_RULES = {"avoid-term", "care-term"}
FLAGGED = {Severity.ERROR, Severity.WARNING}


def load_gold(gold_dir: Path) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    for path in sorted(gold_dir.glob("*.jsonl")):
        gold[path.stem] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return gold


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(corpus: Path | list[Path], details: bool = False) -> dict:
    corpora = [corpus] if isinstance(corpus, Path) else list(corpus)
    glossary = load_glossary()
    linter = Linter(glossary, Settings())
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses, false_pos, off_severity = [], [], []
    documents = [(folder, stem, lines) for folder in corpora for stem, lines in load_gold(folder / "gold").items()]
    for corpus, stem, lines in documents:
        text = (
            (corpus / f"{stem}.txt").read_text(encoding="utf-8", newline="")
            if False
            else open(corpus / f"{stem}.txt", encoding="utf-8", newline="").read()
        )
        result = linter.check_document(from_text(text, stem))
        lang = lines[0]["lang"] if lines else result.lang or "en"
        findings = [f for f in result.findings if f.rule.value in TERM_RULES and f.severity in FLAGGED]
        for row in (rows[lang], rows["all"]):
            row["docs"] += 1
        for g in lines:
            hit = [f for f in findings if overlaps(f.start.offset, f.end.offset, g["start"], g["end"])]
            for row in (rows[lang], rows["all"]):
                if g["expect"] in ("error", "warning"):
                    row["gold_flag"] += 1
                    if hit:
                        row["recalled"] += 1
                        if any(f.severity.value == g["expect"] for f in hit):
                            row["strict"] += 1
                        elif any(f.severity is Severity.ERROR for f in hit):
                            row["too_harsh"] += 1
                            if row is rows["all"]:
                                off_severity.append((g, "too harsh"))
                        else:
                            row["too_lenient"] += 1
                            if row is rows["all"]:
                                off_severity.append((g, "too lenient"))
                elif g["expect"] == "none" and hit:
                    row["on_none"] += 1
                    row["errors_on_none"] += any(f.severity is Severity.ERROR for f in hit)
                    row["warnings_on_none"] += all(f.severity is Severity.WARNING for f in hit)
            if g["expect"] in ("error", "warning") and not hit:
                misses.append(g)
            if g["expect"] == "none" and hit:
                false_pos.append((g, [f.severity.value for f in hit]))
        for f in findings:
            matched = [g for g in lines if overlaps(f.start.offset, f.end.offset, g["start"], g["end"])]
            good = any(g["expect"] in ("error", "warning") for g in matched)
            neutral = matched and all(g["expect"] == "any" for g in matched)
            for row in (rows[lang], rows["all"]):
                if neutral:
                    continue
                row["findings"] += 1
                row["true_pos"] += good
            if not good and not neutral and not matched:
                false_pos.append(
                    ({"doc": stem, "text": f.matched, "start": f.start.offset, "expect": "(not in gold)", "why": ""}, [f.severity.value])
                )
    table = {}
    for lang, row in rows.items():
        table[lang] = {
            "docs": row["docs"],
            "gold_flagged": row["gold_flag"],
            "recall": round(row["recalled"] / row["gold_flag"], 3) if row["gold_flag"] else None,
            "strict_recall": round(row["strict"] / row["gold_flag"], 3) if row["gold_flag"] else None,
            "precision": round(row["true_pos"] / row["findings"], 3) if row["findings"] else None,
            "findings": row["findings"],
            "errors_on_none": row["errors_on_none"],
            "warnings_on_none": row["warnings_on_none"],
            "too_harsh": row["too_harsh"],
            "too_lenient": row["too_lenient"],
        }
    out = {"table": table}
    if details:
        out["misses"] = [{k: g[k] for k in ("doc", "start", "text", "expect", "why")} for g in misses]
        out["false_positives"] = [
            {"doc": g["doc"], "start": g["start"], "text": g["text"], "expect": g["expect"], "why": g["why"], "got": s}
            for g, s in false_pos
        ]
        out["off_severity"] = [
            {"doc": g["doc"], "start": g["start"], "text": g["text"], "expect": g["expect"], "why": g["why"], "got": s}
            for g, s in off_severity
        ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus folder with gold/ (repeatable)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args()
    shared = HERE.parent.parent / "shared"
    corpora = args.corpus or [shared / "corpus", shared / "corpus-2"]
    for folder in corpora:
        if not (folder / "gold").is_dir():
            print(f"no corpus at {folder}", file=sys.stderr)
            return 2
    result = score(corpora, args.details)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    cols = [
        "docs",
        "gold_flagged",
        "recall",
        "strict_recall",
        "precision",
        "findings",
        "errors_on_none",
        "warnings_on_none",
        "too_harsh",
        "too_lenient",
    ]
    print("| lang | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for lang in sorted(result["table"], key=lambda k: (k == "all", k)):
        row = result["table"][lang]
        print(f"| {lang} | " + " | ".join(str(row[c]) for c in cols) + " |")
    if args.details:
        print("\nMisses:")
        for m in result["misses"]:
            print(f"  {m['doc']}@{m['start']} {m['text']!r} expect={m['expect']} ({m['why']})")
        print("\nFalse positives:")
        for fp in result["false_positives"]:
            print(f"  {fp['doc']}@{fp['start']} {fp['text']!r} expect={fp['expect']} got={fp['got']} ({fp['why']})")
        print("\nRight place, other severity:")
        for o in result["off_severity"]:
            print(f"  {o['doc']}@{o['start']} {o['text']!r} expect={o['expect']}, {o['got']} ({o['why']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
