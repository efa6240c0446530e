"""Compiled scanners are reused: across processes through the on-disk cache (their key must
not depend on the process's hash seed), within a process from memory, and the cache drops
the least recently used entries, not the ones a user needs on every run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lexicon.check.match.scan import hyperscan_module
from lexicon.check.pipeline import Linter, Settings
from tests.conftest import TEST_GLOSSARY, check, spans

needs_hyperscan = pytest.mark.skipif(hyperscan_module() is None, reason="Hyperscan is not installed")

TITLE_WORDS = """
from lexicon.glossary import load_glossary
from lexicon.check.context.finder import ContextFinder
print("|".join(ContextFinder.build(load_glossary()).words))
"""


@pytest.mark.slow  # starts two Pythons
def test_title_scanner_words_are_the_same_whatever_the_hash_seed():
    # the words decide the title scanner's cache key: a different order in each process meant
    # compiling the titles again on every run of lexicon
    def words(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", TITLE_WORDS],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=Path(__file__).resolve().parents[1],
        )
        return out.stdout

    first = words("1")
    assert first.count("|") > 10
    assert words("2") == first


@needs_hyperscan
def test_a_second_linter_on_the_same_glossary_reuses_the_compiled_terms(glossary):
    first = Linter(glossary, Settings(lang="en")).matcher("en")
    second = Linter(glossary, Settings(lang="en")).matcher("en")
    assert first.load() and second.load()  # compiled when a text first needs them
    assert first._scanner is not None and first._scanner is second._scanner
    other = Linter(glossary, Settings(lang="en")).matcher("fr")
    assert other.load() and other._scanner is not first._scanner


@needs_hyperscan
def test_reused_databases_still_find_the_terms(glossary):
    sentence = "The hotline received reports of child pornography in 2024."
    results = [check(Linter(glossary, Settings(lang="en")), sentence) for _ in range(2)]
    assert spans(results[0]) == spans(results[1]) == [("avoid-term", "child-sexual-abuse-material", "child pornography")]


def test_cache_keeps_the_entry_read_most_recently(tmp_path, monkeypatch):
    from lexicon import cache

    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    past = time.time() - 3600
    cache.cached_bytes("thing", "used-every-run", lambda: b"first")
    os.utime(tmp_path / "thing-used-every-run.bin", (past, past))  # written long ago ...
    for n in range(cache.KEEP - 1):
        cache.cached_bytes("thing", f"one-off-{n}", lambda: b"x")
        os.utime(tmp_path / f"thing-one-off-{n}.bin", (past + 60 + n, past + 60 + n))  # ... before these
    assert cache.cached_bytes("thing", "used-every-run", lambda: b"rebuilt") == b"first"  # ... but read just now
    cache.cached_bytes("thing", "one-more", lambda: b"x")
    assert len(list(tmp_path.glob("thing-*.bin"))) == cache.KEEP
    assert (tmp_path / "thing-used-every-run.bin").exists()
    assert not (tmp_path / "thing-one-off-0.bin").exists()


def test_linters_on_the_same_glossary_share_one_title_finder(glossary, builtin):
    assert Linter(glossary).context is Linter(glossary, Settings(lang="en")).context
    assert Linter(builtin).context is not Linter(glossary).context
    sentence = "The Optional Protocol on the sale of children, child prostitution and child pornography entered into force."
    first, second = (check(Linter(builtin, Settings(lang="en")), sentence) for _ in range(2))
    assert [(f.matched, f.context) for f in first.findings] == [(f.matched, f.context) for f in second.findings]
    assert first.findings and all(f.context is not None for f in first.findings if f.rule.value == "avoid-term")


def test_a_copy_of_a_glossary_shares_the_title_finder_of_the_same_exceptions(glossary, builtin):
    """The finder is found by glossary object first, then by content: a copy (another object
    with the same concepts, e.g. the same files loaded from elsewhere) still gets the same one."""
    import dataclasses

    copy = dataclasses.replace(builtin, paths=("elsewhere",))
    assert copy is not builtin
    assert Linter(copy).context is Linter(builtin).context
    assert Linter(copy).context is not Linter(glossary).context


def test_loading_the_same_files_again_gives_the_glossary_already_built(tmp_path):
    from lexicon.glossary import load_glossary

    house = tmp_path / "house.yaml"
    house.write_text((TEST_GLOSSARY / "core.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first = load_glossary([house], builtin=False)
    assert load_glossary([house], builtin=False) is first  # nothing read twice: same bytes, same glossary
    assert Linter(first, Settings(lang="en")).matcher("en") is Linter(first, Settings(lang="en")).matcher("en")
    house.write_text(house.read_text(encoding="utf-8").replace("child pornography", "child pornographic content", 1), encoding="utf-8")
    edited = load_glossary([house], builtin=False)
    assert edited is not first and "child pornographic content" in {t.text for t in edited.terms}
    sentence = "The hotline received reports of child pornographic content in 2024."
    assert [f.matched for f in check(Linter(edited, Settings(lang="en")), sentence).findings] == ["child pornographic content"]
    assert not check(Linter(first, Settings(lang="en")), sentence).findings


def test_more_glossary_files_than_databases_kept_are_all_still_cached(tmp_path, monkeypatch):
    """A parse is small: forty house glossary files in use do not evict each other's parses
    run after run, as the bound on compiled databases would."""
    from lexicon import cache

    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path))
    files = cache.KEEP + 8
    for n in range(files):
        cache.cached_bytes("yaml", f"house-{n}", lambda: b"parsed")
    assert len(list(tmp_path.glob("yaml-*.bin"))) == files
    assert cache.cached_bytes("yaml", "house-0", lambda: b"parsed again") == b"parsed"


def test_a_copied_house_glossary_reuses_its_term_patterns(tmp_path, monkeypatch):
    import shutil

    from lexicon.check.match import terms as matcher
    from lexicon.glossary import load_glossary

    monkeypatch.setenv("LEXICON_CACHE_DIR", str(tmp_path / "cache"))
    built: list[str] = []
    real = matcher.term_patterns
    monkeypatch.setattr(matcher, "term_patterns", lambda term, spelling: built.append(term.text) or real(term, spelling))
    counts = []
    for folder in ("team", "copy"):
        (tmp_path / folder).mkdir()
        shutil.copy(TEST_GLOSSARY / "core.yaml", tmp_path / folder / "core.yaml")
        glossary = load_glossary([tmp_path / folder / "core.yaml"], builtin=False)
        assert Linter(glossary, Settings(lang="en")).matcher("en").terms
        counts.append(len(built))
    assert counts[0] > 0 and counts[1] == counts[0]  # the copy's patterns came from the cache


def test_a_changed_copy_of_a_loaded_glossary_gets_patterns_for_its_own_terms():
    # patterns of a loaded glossary are cached under the digest of its files; a copy made
    # with dataclasses.replace (an embedding tool dropping a concept) must not get them
    from dataclasses import replace

    from lexicon.check.match.terms import Matcher
    from lexicon.glossary import load_glossary

    glossary = load_glossary([TEST_GLOSSARY], builtin=False)
    full = Matcher(glossary, "en")
    dropped = full.terms[0].concept_id
    smaller = replace(glossary, concepts={k: v for k, v in glossary.concepts.items() if k != dropped})
    part = Matcher(smaller, "en")
    assert {t.concept_id for t in part.terms} == {t.concept_id for t in full.terms} - {dropped}
    assert Matcher(glossary, "en").terms == full.terms  # the loaded one still finds its own entry
