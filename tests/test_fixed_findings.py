"""Speed work must not change what lexicon finds (issue 15).

The expected findings were produced by the code as it was before the speed work, on a fixed
generated corpus (tests/speed_corpus.py): a plain-text file, a Markdown file, and a text with
French and Spanish paragraphs checked without --lang. Each finding is kept as one compact
line (place, rule, concept, severity, context, matched text, snippet); everything else the
JSON report says of each file (messages, suggestions, provenance, related places, stats)
is pinned by a digest.

Regenerate only when a change of findings is intended: `python -m tests.test_fixed_findings`.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from lexicon.check.pipeline import Linter, Settings
from lexicon.model import FileResult
from lexicon.report import RenderOptions
from lexicon.report.json_format import file_dict
from tests.conftest import builtin_glossary
from tests.speed_corpus import corpus

EXPECTED = Path(__file__).parent / "data" / "speed" / "fixed-findings.json"

CASES = {
    "report.txt": lambda: corpus(120_000, seed=15),
    "report.md": lambda: corpus(60_000, seed=16, markdown=True),
}


def results(folder: Path) -> dict[str, FileResult]:
    linter = Linter(builtin_glossary(), Settings())
    out = {}
    for name, make in CASES.items():
        path = folder / name
        path.write_text(make(), encoding="utf-8")
        out[name] = linter.check_path(path)
    return out


def snapshot(result: FileResult) -> dict[str, Any]:
    data = file_dict(result, RenderOptions(show_info=True))
    data["path"] = Path(data["path"]).name
    rows = [
        [
            f["start"]["offset"],
            f["end"]["offset"],
            f"{f['start']['line']}:{f['start']['column']}-{f['end']['line']}:{f['end']['column']}",
            f["rule"],
            f["concept"],
            f["severity"],
            f["context"],
            f["lang"],
            f["matched"],
            f["snippet"]["before"],
            f["snippet"]["after"],
        ]
        for f in data["findings"]
    ]
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return {"findings": rows, "digest": digest, "suppressed": result.suppressed, "unknown_names": [list(n) for n in result.unknown_names]}


def test_findings_on_the_fixed_corpus_are_unchanged(tmp_path: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = {name: snapshot(r) for name, r in results(tmp_path).items()}
    for name in CASES:
        assert got[name]["findings"] == expected[name]["findings"], name
        assert got[name]["digest"] == expected[name]["digest"], f"{name}: messages, suggestions, stats or related places changed"
        assert got[name]["suppressed"] == expected[name]["suppressed"]


def test_the_fixed_corpus_covers_the_contexts(tmp_path: Path) -> None:
    """The expected file is worth comparing against only if the corpus reaches every context."""
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    contexts = {row[6] for case in expected.values() for row in case["findings"]}
    rules = {row[3] for case in expected.values() for row in case["findings"]}
    langs = {row[7] for case in expected.values() for row in case["findings"]}
    assert {"title", "legal", "quoted", "metalinguistic", None} <= contexts
    assert {"avoid-term", "care-term", "mixed-terms", "acronym"} <= rules
    assert {"en", "fr", "es"} <= langs
    assert any(case["suppressed"] for case in expected.values())


if __name__ == "__main__":  # regenerate the expected findings
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        snap = {name: snapshot(r) for name, r in results(Path(folder)).items()}
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(snap, ensure_ascii=False, indent=None, separators=(",", ":"))
    EXPECTED.write_text(text.replace("],[", "],\n[") + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED} ({len(text)} characters)", file=sys.stderr)
