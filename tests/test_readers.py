"""Every reader has a sample file in tests/data/docs and finds the same sentence's term in it.

Adding a format means a reader module, a READERS entry and a sample.<ext> here; this test
fails until the sample exists (as proselint checks that every check has examples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lexicon.readers import READERS, read_document
from tests.conftest import DATA

DOCS = DATA / "docs"
MODULES = sorted(set(READERS.values()))
EXPECTED = {
    "text": "3:36",
    "markdown": "3:36",
    "html": "4:39",
    "docx": "paragraph 2 (under 'Annual report')",
    "pdf": "page 2, line 2",
    "odt": "paragraph 2 (under 'Annual report')",
}


def sample(module: str) -> Path:
    extensions = [ext for ext, mod in READERS.items() if mod == module]
    found = [DOCS / f"sample{ext}" for ext in extensions if (DOCS / f"sample{ext}").exists()]
    assert found, f"reader '{module}' has no sample file: add one of {[f'sample{e}' for e in extensions]} to {DOCS}"
    return found[0]


@pytest.mark.parametrize("module", MODULES)
def test_every_reader_has_a_sample_and_finds_its_term(module, linter):
    doc = read_document(sample(module))
    result = linter.check_document(doc)
    (finding,) = [f for f in result.findings if f.rule.value == "avoid-term"]
    assert finding.matched == "child pornography"
    where = finding.locator or f"{finding.start.line}:{finding.start.column}"
    assert where == EXPECTED[module]
    if doc.source is not None:
        assert doc.source[finding.start.offset : finding.end.offset] == finding.matched
        assert len(doc.text) == len(doc.source)
