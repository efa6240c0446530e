"""Properties of `fix` over generated policy-report sentences (hypothesis): a second fix
changes nothing, nothing outside a finding (and the article before it) changes, and after a
fix a new check has no safe fix left."""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st

from lexicon.fix import Applicability, apply_edits, plan_fixes, select  # noqa: E402
from lexicon.fix.files import fix_text  # noqa: E402
from lexicon.fix.language import fix_language  # noqa: E402
from lexicon.model import Status  # noqa: E402
from lexicon.readers import markdown  # noqa: E402
from tests.conftest import builtin_glossary, builtin_linter  # noqa: E402

WORDS = {
    "en": [
        "the",
        "report",
        "hotline",
        "received",
        "reports",
        "of",
        "in",
        "2024",
        "a",
        "an",
        "and",
        "police",
        "said",
        "figures",
        "rose",
        "children",
        "on",
        "agency",
        "data",
    ],
    "fr": ["le", "la", "rapport", "de", "la", "les", "du", "un", "une", "chiffres", "et", "police", "enfants", "à", "l'"],
    "es": ["el", "la", "informe", "de", "del", "los", "un", "una", "cifras", "y", "policía", "niños", "a", "al"],
}


def terms(lang: str) -> list[str]:
    return sorted(
        {t.text for t in builtin_glossary().terms if t.lang == lang and (t.status in (Status.AVOID, Status.CARE) or t.status.agreed)}
    )


def fragment(lang: str):
    term = st.sampled_from(terms(lang))
    cased = st.tuples(term, st.sampled_from(["lower", "sentence", "title", "upper"]), st.sampled_from(["", "s", "'s"])).map(_shape)
    quoted = cased.map(lambda t: f'"{t}"')
    return st.one_of(st.sampled_from(WORDS[lang]), cased, quoted, st.sampled_from([".", ",", "\n\n", "\n", "#"]))


def _shape(item: tuple[str, str, str]) -> str:
    text, case, ending = item
    text = {"lower": text, "sentence": text[:1].upper() + text[1:], "title": text.title(), "upper": text.upper()}[case]
    return text + ending


def documents():
    return st.sampled_from(["en", "fr", "es"]).flatmap(
        lambda lang: st.tuples(st.just(lang), st.lists(fragment(lang), min_size=1, max_size=25).map(" ".join))
    )


def fix_once(source: str, lang: str):
    doc = markdown.from_text(source, "<doc>")
    fixes = plan_fixes(doc, builtin_linter(lang).check_document(doc), builtin_glossary())
    fixed, applied = apply_edits(source, select(fixes))
    return fixed, applied, fixes


PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (conftest)


@PROPERTY
@given(documents())
def test_a_second_fix_changes_nothing(case):
    lang, source = case
    once = fix_text(markdown.from_text(source, "<doc>"), builtin_linter(lang)).fixed
    twice = fix_text(markdown.from_text(once, "<doc>"), builtin_linter(lang))
    assert twice.fixed == once, twice.applied


@PROPERTY
@given(documents())
def test_nothing_outside_a_finding_and_its_article_changes(case):
    lang, source = case
    fixed, applied, fixes = fix_once(source, lang)
    by_end = {f.finding.end.offset: f.finding for f in fixes}
    articles = {form.casefold() for form, _ in fix_language(lang).article_forms()}
    pos, shift = 0, 0
    for edit in applied:
        finding = by_end[edit.end]  # every edit ends where a finding ends...
        extra = source[edit.start : finding.start.offset]
        # ...and starts at the finding or at the article just before it
        assert extra == "" or extra.rstrip().replace("\u2019", "'").casefold() in articles
        assert fixed[pos + shift : edit.start + shift] == source[pos : edit.start]
        shift += len(edit.text) - (edit.end - edit.start)
        pos = edit.end
    assert fixed[pos + shift :] == source[pos:]


@PROPERTY
@given(documents())
def test_after_fix_no_safe_fix_is_left(case):
    lang, source = case
    fixed = fix_text(markdown.from_text(source, "<doc>"), builtin_linter(lang)).fixed
    _, _, fixes = fix_once(fixed, lang)
    assert [f.finding.matched for f in fixes if f.applicability is Applicability.SAFE] == []
