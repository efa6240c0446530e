"""Scanners are compiled lazily (issue 15): a short check compiles no Hyperscan database
and finds exactly what the databases find; a long text loads them."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from lexicon.check.context import finder as titles
from lexicon.check.match import scan as scanners
from lexicon.check.match import terms
from lexicon.check.match.scan import fold, hyperscan_module, phrase_scanner, required_literals
from lexicon.check.match.terms import Matcher
from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import Glossary, load_glossary
from lexicon.glossary.types import Term
from lexicon.model import Status
from lexicon.readers.text import from_text
from tests.conftest import SHARED, TEST_GLOSSARY, builtin_glossary

needs_hyperscan = pytest.mark.skipif(hyperscan_module() is None, reason="Hyperscan is not installed")
LANGS = ("en", "fr", "es", "de")


def lang_terms(lang: str, every: int = 1) -> list[Term]:
    """The built-in glossary's terms in `lang`, in its order; `every` > 1: every n-th of them."""
    return [t for t in builtin_glossary().terms if t.lang == lang][::every]


def forms_text(sample: list[Term]) -> str:
    """Every listed form of the terms in `sample`, each in a sentence of a report, as written,
    in capitals, and broken over a line."""
    lines = []
    for term in sample:
        for form in (term.text, *term.variants, *term.plurals):
            lines.append(f"The annual report quotes the wording {form} once.")
            lines.append(f"A HEADLINE READ {form.upper()} IN 2019.")
            lines.append("Its table lists " + form.replace(" ", "\n", 1) + " next to the agreed term.")
    return "\n".join(lines)


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and nothing compiled in this process, as in a new container."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("LEXICON_CACHE_DIR", str(folder))
    monkeypatch.delenv("LEXICON_NO_CACHE", raising=False)
    monkeypatch.setattr(scanners, "_DATABASES", OrderedDict())
    monkeypatch.setattr(scanners, "_EXPRESSION_SCANNERS", {})
    monkeypatch.setattr(titles, "_FINDERS", OrderedDict())
    monkeypatch.setattr(terms, "_SHARED", OrderedDict())  # nor a matcher shared by earlier Linters
    monkeypatch.setattr(titles, "_OF_GLOSSARY", OrderedDict())  # nor a title finder
    return folder


def small_glossary() -> Glossary:
    """The test glossary (English, with official titles): what these tests show of when a
    database is built holds for any glossary, and a small one compiles in a fraction of a
    second on an empty cache (the built-in one takes seconds)."""
    return load_glossary([TEST_GLOSSARY], builtin=False)


def test_required_literals_are_the_fixed_words_every_match_contains():
    assert required_literals(r"child(?:ren)?(?:\s+|-)porn(?:ography)?") == (("child",), ("porn",))
    assert required_literals(r"(?:sexting|sextortion)") == (("sext",), ("ing", "ortion"))
    assert required_literals(r"(?:grooming|csam)s?") == (("grooming", "csam"),)  # one of them
    assert required_literals(r"(?:groom\w+|[a-z]+)") == ()  # nothing fixed: always tried
    assert required_literals(r"(?<![\w])CSAM(?![\w])") == (("csam",),)
    assert required_literals(r"(unclosed") is None
    # alternatives that each need two words: both are required, not only one of four
    either_order = r"(?:(?:child|teen)\s+pornography|pornography\s+of\s+(?:children|minors))"
    assert required_literals(either_order) == (("pornography",), ("child", "teen", "children", "minors"))


def test_folded_text_contains_every_case_of_a_word():
    assert fold("straße") in fold("THE STRASSE WAS CLOSED") and fold("straße") in fold("Die STRAẞE")
    assert fold("istanbul") in fold("Conference in İSTANBUL")
    assert fold("pédopornographie") in fold("LA PÉDOPORNOGRAPHIE")


@pytest.fixture(scope="module")
def engines() -> tuple[Matcher, Matcher]:
    """The built-in glossary's matchers with the database loaded and without Hyperscan, for
    the four languages at once. What they find in a text does not depend on the texts they
    scanned before, so the tests below share them (each builds its own matcher that starts in
    Python)."""
    database = Matcher(builtin_glossary(), LANGS)
    assert database.load()
    return database, Matcher(builtin_glossary(), LANGS, accelerate=False)


def assert_the_three_ways_agree(sample: list[Term], engines: tuple[Matcher, Matcher]) -> None:
    """Short texts with every listed form of the terms in `sample`, scanned in Python (no
    database built), with the database and with the plain expression: the same matches."""
    text = forms_text(sample)
    assert len(text) <= scanners.PYTHON_TEXT * 4
    chunks = [text[i : i + 15_000] for i in range(0, len(text), 15_000)]  # short enough for Python
    gated = Matcher(builtin_glossary(), LANGS)
    assert gated.engine == "hyperscan"
    python_found = [gated.find(chunk) for chunk in chunks]
    assert gated._scanner is None  # no database was needed
    database, plain = engines
    assert [database.find(chunk) for chunk in chunks] == python_found
    assert database.engine == "hyperscan" and plain.engine == "regex"
    assert [plain.find(chunk) for chunk in chunks] == python_found
    assert sum(len(found) for found in python_found) >= len([t for t in sample if not t.status.agreed])


@needs_hyperscan
@pytest.mark.parametrize("lang", LANGS)
def test_short_texts_scanned_in_python_find_what_the_database_finds(lang, engines):
    """Every sixth term of each language (the quick loop; the sweep below takes them all)."""
    sample = lang_terms(lang, every=6)
    assert len(sample) >= 3
    assert_the_three_ways_agree(sample, engines)


@pytest.mark.slow  # every listed form of the built-in glossary, three ways
@needs_hyperscan
@pytest.mark.parametrize("lang", LANGS)
def test_every_listed_form_scanned_in_python_is_what_the_database_finds(lang, engines):
    assert_the_three_ways_agree(lang_terms(lang), engines)


@needs_hyperscan
def test_title_words_scanned_in_python_are_the_database_hits(monkeypatch):
    finder = titles.ContextFinder.build(builtin_glossary())
    text = "\n".join(
        f"Under the {e.text} ({', '.join(e.short)}), adopted in 2011, the agency reports every year. {e.text.upper()}."
        for e in builtin_glossary().exceptions
    )[: scanners.PYTHON_TEXT]
    python = phrase_scanner(finder.words)(text)
    monkeypatch.setattr(scanners, "PYTHON_TEXT", 0)
    assert sorted(phrase_scanner(finder.words)(text)) == sorted(python)
    assert len(python) > 20


@needs_hyperscan
def test_a_short_check_compiles_no_database_and_a_long_one_does(fresh):
    linter = Linter(small_glossary(), Settings())
    page = (
        "The agency published its annual review of online safety on Monday. "
        "Several regional newspapers still used the term child pornography in their headlines, "
        "and the review asks editors to write child sexual abuse material instead.\n\n"
    ) * 8
    assert len(page) < 2_500
    result = linter.check_document(from_text(page, "note.txt"))
    assert result.lang == "en"
    assert [f.matched for f in result.findings if f.rule.value == "avoid-term"] == ["child pornography"] * 8
    assert not list(fresh.glob("hyperscan-*")), "a 2 KB page needs no compiled database"
    long = page * (scanners.PYTHON_TEXT // len(page) + 1)
    result = Linter(small_glossary(), Settings()).check_document(from_text(long, "report.txt"))
    assert len([f for f in result.findings if f.rule.value == "avoid-term"]) == long.count("child pornography")
    assert list(fresh.glob("hyperscan-terms-*")), "a long text loads the terms database"


@needs_hyperscan
def test_a_prepared_linter_scans_a_first_short_page_of_a_told_language_with_its_database(fresh):
    """A run that prepares (much text, or worker processes to fork: `audit`'s workers) never
    scans its first short documents in Python: the matcher of a document's language loads
    its database for the first one, and finds what the Python scan finds."""
    note = "The hotline received reports of child pornography from schools. " * 3

    def found(linter: Linter) -> list[tuple[int, str, str]]:
        return [(u.start, u.term.text, str(u.context)) for u in linter.uses(from_text(note, "note.txt"), "en")]

    unprepared = Linter(small_glossary(), Settings())
    expected = found(unprepared)
    assert unprepared.matcher("en")._scanner is None  # one short page: scanned in Python
    linter = Linter(small_glossary(), Settings())
    linter.prepare()
    assert linter.matcher("en")._scanner is None  # nothing loaded for a language before its first page
    assert found(linter) == expected and len(expected) == 3
    assert linter.matcher("en")._scanner is not None


@needs_hyperscan
def test_many_short_files_switch_to_the_database(fresh):
    matcher = Matcher(small_glossary(), "en")
    note = "The hotline received reports of child pornography from schools. " * 30
    for _ in range(scanners.PYTHON_BUDGET // len(note) + 2):
        found = matcher.find(note)
    assert matcher._scanner is not None
    assert [m.term.status for m in found] == [Status.AVOID] * 30


def findings_of(linter: Linter, texts: list[tuple[str, str]]) -> list[tuple[str, list[tuple[str, str, int, int, str]]]]:
    out = []
    for name, text in texts:
        result = linter.check_document(from_text(text, name))
        out.append((str(result.lang), [(f.rule.value, f.concept, f.start.offset, f.end.offset, f.severity.value) for f in result.findings]))
    return out


@pytest.mark.slow  # the development corpus twice, in 12 KB pieces
@needs_hyperscan
def test_the_development_corpus_gets_the_same_findings_with_and_without_databases(monkeypatch):
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent")
    texts = []
    for path in sorted((SHARED / "corpus").glob("*.txt")) + sorted((SHARED / "corpus-2").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [(path.name, text[i : i + 12_000]) for i in range(0, len(text), 12_000)]
    monkeypatch.setattr(scanners, "PYTHON_BUDGET", 10**12)  # every piece in Python ...
    python = findings_of(Linter(builtin_glossary(), Settings()), texts)
    monkeypatch.setattr(scanners, "PYTHON_TEXT", 0)  # ... and every piece with the databases
    assert findings_of(Linter(builtin_glossary(), Settings()), texts) == python
    assert sum(len(found) for _, found in python) > 300


@needs_hyperscan
def test_a_run_over_much_text_loads_the_databases_once_before_the_first_file(fresh, tmp_path, monkeypatch):
    from lexicon.check.batch import check_paths

    notes = []
    for i in range(3):
        notes.append(tmp_path / f"note{i}.md")
        notes[-1].write_text("The hotline received reports of child pornography from schools.\n" * 20, encoding="utf-8")
    results = check_paths(notes, small_glossary(), Settings())
    assert all(len(r.findings) == 20 for r in results)
    assert not list(fresh.glob("hyperscan-*")), "three short notes: Python is cheaper"
    monkeypatch.setattr(scanners, "PYTHON_BUDGET", 2_000)  # as if the notes were many
    results = check_paths(notes, small_glossary(), Settings())
    assert all(len(r.findings) == 20 for r in results)
    assert list(fresh.glob("hyperscan-terms-*")) and list(fresh.glob("hyperscan-titles-*"))
