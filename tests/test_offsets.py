"""The offset invariant: for every finding on every text-format test document,
`source[start.offset:end.offset] == matched`, and line/column agree with the offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import load_glossary
from lexicon.readers import read_document

ROOT = Path(__file__).parents[1]
TEXT_DOCUMENTS = sorted(
    [
        *ROOT.glob("tests/data/**/*.md"),
        *ROOT.glob("tests/data/**/*.txt"),
        *ROOT.glob("tests/data/**/*.html"),
        ROOT / "examples" / "draft-policy.md",
    ]
)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(load_glossary(), Settings())


@pytest.mark.parametrize("path", TEXT_DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_finding_points_at_its_matched_text(linter, path):
    doc = read_document(path)
    source = path.read_text(encoding="utf-8")
    assert doc.source == source
    result = linter.check_document(doc)
    term_findings = [f for f in result.findings if f.matched]
    if path.name in ("draft-policy.md", "sample.md", "sample.txt"):
        assert term_findings, "the sample documents are written to produce findings"
    for f in term_findings:
        assert source[f.start.offset : f.end.offset] == f.matched
        line_start = source.rfind("\n", 0, f.start.offset) + 1
        assert f.start.line == source.count("\n", 0, f.start.offset) + 1
        assert f.start.column == f.start.offset - line_start + 1
