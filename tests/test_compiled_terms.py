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


def _compiles(monkeypatch) -> list[str]:
    """Every expression `re` compiles from here on (its own cache emptied first)."""
    from re import _compiler  # type: ignore[attr-defined]

    made: list[str] = []
    original = _compiler.compile

    def counting(p, flags=0):
        made.append(p if isinstance(p, str) else "")
        return original(p, flags)

    re.purge()
    monkeypatch.setattr(_compiler, "compile", counting)
    return made


def test_an_expression_kept_once_is_not_compiled_again(tmp_path, monkeypatch) -> None:
    if compiled.engine_key() is None:
        pytest.skip("this Python's re cannot take compiled lists")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    expression = r"\bchild (?:sexual )?abuse material\b(?!-)"
    first = compiled.kept(expression, re.IGNORECASE)
    assert list(tmp_path.glob("rx-*.bin")), "kept in the cache"
    made = _compiles(monkeypatch)
    second = compiled.kept(expression, re.IGNORECASE)  # as a later run would
    assert made == []
    text = "The report says Child Sexual Abuse Material, not child abuse material-like terms."
    reference = re.compile(expression, re.IGNORECASE)
    assert second.flags == reference.flags == first.flags
    assert [m.span() for m in second.finditer(text)] == [m.span() for m in reference.finditer(text)] == [(16, 43)]


def test_a_damaged_kept_expression_is_compiled_afresh_and_replaced(tmp_path, monkeypatch) -> None:
    if compiled.engine_key() is None:
        pytest.skip("this Python's re cannot take compiled lists")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    expression = r"\bchild prostitut(?:e|es|ion)\b"
    compiled.kept(expression, re.IGNORECASE)
    (entry,) = tmp_path.glob("rx-*.bin")
    good = entry.read_bytes()
    entry.write_bytes(good[:-8] + b"AAAAAAAA")  # the MAC no longer fits: never handed to the engine
    again = compiled.kept(expression, re.IGNORECASE)
    assert again.search("Reports on child prostitution fell.") is not None
    assert again.search("Reports on child protection rose.") is None
    assert entry.read_bytes() == good


def test_without_a_cache_an_expression_is_compiled_as_usual(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LEXICON_NO_CACHE", "1")
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path / "unused"))
    rx = compiled.kept(r"\bchild pornography\b", re.IGNORECASE)
    assert rx.search("a law on Child Pornography") is not None
    assert not (tmp_path / "unused").exists()


def test_a_warm_check_of_a_short_page_compiles_no_term_or_cue(tmp_path, monkeypatch) -> None:
    """The second run over a short page takes the term expressions and context cues it
    needs from the cache (issue 15: compiling them was a tenth of a one-page check)."""
    if compiled.engine_key() is None:
        pytest.skip("this Python's re cannot take compiled lists")
    from lexicon.check.context import classify
    from lexicon.check.match import ellipsis
    from lexicon.check.match import terms as matcher
    from lexicon.check.pipeline import Settings, check_text

    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    glossary = load_glossary()
    page = "# Annual report\n\n" + " ".join(SENTENCES[:1]) + ' The term "child prostitute" is not used.\n'

    def run() -> list[tuple[str, str]]:
        matcher._SHARED.clear()  # what a new process would hold: nothing compiled
        classify.context_cues.cache_clear()
        ellipsis._suspended.cache_clear()
        result = check_text(page, glossary, Settings(lang="en"), name="page.md", fmt="markdown")
        return [(f.matched, f.context) for f in result.findings]

    first = run()
    assert first  # the page names terms: their expressions and the cues around them were needed
    made = _compiles(monkeypatch)
    assert run() == first
    patterns = {p.regex for p in matcher.shared_matcher(glossary, "en").patterns}
    assert not [e for e in made if e in patterns], "a term expression was compiled again"
    assert not [e for e in made if len(e) > 200], "a long expression (a context cue) was compiled again"
