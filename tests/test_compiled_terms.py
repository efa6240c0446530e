"""The term expressions kept compiled between runs (lexicon/check/match/compiled.py) find
exactly what `re.compile` finds, and a kept list the engine cannot use is compiled afresh."""

from __future__ import annotations

import re

import pytest

from lexicon.check.match import compiled
from lexicon.check.match.compiled import compiled_rows, from_row
from lexicon.check.match.terms import Matcher
from lexicon.glossary import load_glossary

SENTENCES = (
    "The report replaces 'child pornography' with child sexual abuse material throughout.",
    "Le rapport parle de prostitution des mineures et de pédopornographie en ligne.",
    "El informe cita la pornografía infantil y los vídeos pornográficos de menores.",
    "Der Bericht verwendet den Begriff Kinderpornografie nicht mehr.",
    "Officers seized CHILD PORNOGRAPHY images, the court heard; the child-prostitution case closed.",
)


@pytest.fixture(scope="module")
def expressions() -> list[str]:
    matcher = Matcher(load_glossary(), ("en", "fr", "es", "de"))
    return [p.regex for p in matcher.patterns]


@pytest.mark.parametrize(
    "step",
    [6, pytest.param(1, marks=pytest.mark.slow, id="every-expression")],  # the quick loop: every sixth
)
def test_kept_expressions_find_what_re_finds(expressions: list[str], step: int, tmp_path, monkeypatch) -> None:
    if compiled.engine_key() is None:
        pytest.skip("this Python's re cannot take compiled lists")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    expressions = expressions[::step]
    made = compiled_rows(expressions, re.IGNORECASE)
    kept = compiled_rows(expressions, re.IGNORECASE)  # the second time from the cache
    assert made == kept and kept is not None
    text = " ".join(SENTENCES)
    found = 0
    for expression, row in zip(expressions, kept, strict=True):
        rx = from_row(expression, row)
        assert rx is not None
        reference = re.compile(expression, re.IGNORECASE)
        assert rx.flags == reference.flags
        spans = [m.span() for m in rx.finditer(text)]
        assert spans == [m.span() for m in reference.finditer(text)]
        found += len(spans)
    assert found >= (len(SENTENCES) if step == 1 else 1)  # the sentences hold terms: the comparison means something


def test_a_list_the_engine_refuses_is_compiled_afresh(expressions: list[str], tmp_path, monkeypatch) -> None:
    if compiled.engine_key() is None:
        pytest.skip("this Python's re cannot take compiled lists")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    rows = compiled_rows(expressions[:1], re.IGNORECASE)
    assert rows is not None and rows[0] is not None
    broken = list(rows[0])
    broken[4] = "AAAAAP////8="  # two words that are no engine code
    assert from_row(expressions[0], broken) is None
    assert from_row(expressions[0], None) is None


@pytest.mark.slow  # compiles every expression twice and builds the databases
def test_a_long_text_uses_the_kept_expressions_with_the_same_findings(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    glossary = load_glossary()
    text = " ".join(SENTENCES) * 400  # long enough for the database path
    plain = Matcher(glossary, ("en", "fr", "es", "de"))
    plain.load()
    plain._rows = None  # the ordinary compile
    kept = Matcher(glossary, ("en", "fr", "es", "de"))
    kept.load()
    if kept.engine != "hyperscan" or compiled.engine_key() is None:
        pytest.skip("no Hyperscan, or this Python's re cannot take compiled lists")
    assert kept._rows is not None
    expected = [(m.start, m.end, m.term.text) for m in plain.find(text)]
    assert expected and [(m.start, m.end, m.term.text) for m in kept.find(text)] == expected


def test_without_a_cache_nothing_is_made_ahead(monkeypatch) -> None:
    """Making every list costs more than compiling the few expressions a text needs: only
    worth it when the lists are kept."""
    monkeypatch.setenv("LEXICON_NO_CACHE", "1")
    assert compiled_rows(["child prostitution"], re.IGNORECASE) is None
