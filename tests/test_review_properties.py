"""Property (hypothesis): writing comments only, the review copy keeps every paragraph's
text, however the terms are split across runs and formatting."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

from lexicon.readers import read_document  # noqa: E402
from lexicon.review import review_docx  # noqa: E402
from tests.conftest import builtin_glossary, builtin_linter  # noqa: E402

WORDS = [
    "The",
    "report",
    "notes",
    "reports",
    "of",
    "child",
    "pornography",
    "prostitutes",
    "sexting",
    "in",
    "2024,",
    "CSAM",
    "and",
    "a",
    "child prostitute",
    "sex tourism",
    "child pornography",
    "the agency",
    "said.",
]


def pieces():
    """A run's text: words, glued or spaced, sometimes cutting a term in two."""
    return (
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)
        .map(" ".join)
        .flatmap(lambda text: st.integers(0, len(text)).map(lambda cut: [text[:cut], text[cut:]]))
    )


paragraphs = st.lists(st.lists(st.tuples(pieces(), st.booleans()), min_size=1, max_size=4), min_size=1, max_size=5)


def build(paras):
    import docx

    d = docx.Document()
    for runs in paras:
        p = d.add_paragraph()
        for texts, bold in runs:
            for text in texts:
                if text:
                    p.add_run(text).bold = bold
    return d


@pytest.mark.slow  # writes and reads a Word file per example
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (conftest)
@given(paragraphs)
def test_comments_only_keep_every_paragraph_text(paras):
    import docx

    d = build(paras)
    with tempfile.TemporaryDirectory() as tmp:
        original, copy = Path(tmp) / "in.docx", Path(tmp) / "out.docx"
        d.save(str(original))
        outcome = review_docx(original, copy, builtin_linter("en"), show_info=True)
        before = [p.text for p in docx.Document(str(original)).paragraphs]
        after = [p.text for p in docx.Document(str(copy)).paragraphs]
        assert after == before
        if any(t.strip() for t in before):
            assert read_document(copy).text == read_document(original).text
        assert outcome.skipped == []  # every finding in the main text gets its comment
        assert outcome.comments == len(outcome.result.findings)


@pytest.mark.slow  # writes and reads a Word file per example
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (conftest)
@given(paragraphs)
def test_tracked_changes_read_as_the_fixed_text(paras):
    """With --track-changes, the copy with every change accepted reads as `fix` would write."""

    from lexicon.fix import apply_edits, plan_fixes, select

    d = build(paras)
    with tempfile.TemporaryDirectory() as tmp:
        original, copy = Path(tmp) / "in.docx", Path(tmp) / "out.docx"
        d.save(str(original))
        if not any(p.text.strip() for p in d.paragraphs):
            return
        review_docx(original, copy, builtin_linter("en"), track_changes=True)
        doc = read_document(original)
        expected, _ = apply_edits(doc.text, select(plan_fixes(doc, builtin_linter("en").check_document(doc), builtin_glossary())))
        assert read_document(copy).text == expected
