"""Shared fixtures: the small test glossary, a linter, a CLI runner, and the built-in
glossary with one Linter per language, loaded once per run (never at import time).

Speed: the built-in glossary's Hyperscan databases take seconds to compile. They are
compiled once into one cache folder that every run of this checkout reuses (below), and the
engine keeps the glossaries, matchers and databases it built for the rest of the process, so
a test that builds its own Linter or runs the CLI in-process pays nothing again. End-to-end
tests that start other programs or read large inputs are marked `slow`: plain `pytest` is the
quick loop and leaves them out, `pytest -m "slow or not slow"` runs all."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

# Compiled bytecode: where PYTHONDONTWRITEBYTECODE is set, every run compiled lexicon and
# rewrote the asserts of every test module again (~1.2 s of CPU in each process, the workers of
# `-n` included, which import this file too). The test processes keep their bytecode in
# .pytest_cache/pycache instead, as pytest keeps its own cache there, and never beside the
# sources. Not passed on to the programs the tests start (pip building the wheel would leave
# its temporary folders' bytecode there). Set before lexicon is imported below.
if sys.dont_write_bytecode and not sys.pycache_prefix:
    sys.pycache_prefix = str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "pycache")
    sys.dont_write_bytecode = False

# Scratch folders in memory: on this project's machines /tmp is a disk mounted with online
# discard, where removing a folder waits ~3 ms for the device; a run makes ~1,500 of them
# (tmp_path and what the tests write there), several seconds of every run. Where /dev/shm is
# a RAM-backed folder with room (1 GB free) and neither TMPDIR nor PYTEST_DEBUG_TEMPROOT (pytest's
# own setting for this) says otherwise, tmp_path lives there; a failing test's folder is kept
# as always (pyproject's tmp_path_retention_policy).
if not (os.environ.get("TMPDIR") or os.environ.get("PYTEST_DEBUG_TEMPROOT")):
    try:
        _shm = os.statvfs("/dev/shm")
    except OSError:
        pass
    else:
        if _shm.f_bavail * _shm.f_frsize >= 1 << 30 and os.access("/dev/shm", os.W_OK | os.X_OK):
            os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"

import pytest
from typer.testing import CliRunner

from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import Glossary, load_glossary
from lexicon.model import FileResult
from lexicon.readers import markdown, text

# Tests never write to the user's cache folder, and every run of this checkout shares one
# (entries are keyed by their content, so a second run finds what the first compiled).
os.environ.setdefault("LEXICON_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "lexicon"))

# The suite makes many short-lived objects over a large heap (the glossaries, hypothesis): with
# Python's default thresholds the collector ran ~2,000 times for ~1.7 s of CPU in a ~20 s run,
# with a first threshold of 5,000 ~150 times for ~0.6 s. The test process only; the product
# keeps the defaults.
gc.set_threshold(5000, 10, 10)

# Property tests (hypothesis): 25 examples each by default, a bound that keeps the suite quick
# while each example mixes many terms; CI runs the "ci" profile, 150 (HYPOTHESIS_PROFILE=ci).
# No hypothesis plugins from other packages: the only one installed is trio's (a dependency of
# selenium, for the browser test), whose import cost ~0.15 s of every run and serves no test here.
os.environ.setdefault("HYPOTHESIS_NO_PLUGINS", "1")
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # the property tests skip themselves
    pass
else:
    _hypothesis_settings.register_profile("default-lexicon", max_examples=25)
    _hypothesis_settings.register_profile("ci", max_examples=150)
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default-lexicon"))

DATA = Path(__file__).parent / "data"
TEST_GLOSSARY = DATA / "glossary"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return load_glossary([TEST_GLOSSARY], builtin=False)


@pytest.fixture(scope="session")
def linter(glossary: Glossary) -> Linter:
    return Linter(glossary, Settings(lang="en"))


@functools.cache
def builtin_glossary() -> Glossary:
    """The built-in glossary, loaded the first time a test asks for it."""
    return load_glossary()


@functools.cache
def builtin_linter(lang: str | None = None) -> Linter:
    """A Linter on the built-in glossary for `lang` (None: each block's own language)."""
    return Linter(builtin_glossary(), Settings(lang=lang))


@pytest.fixture(scope="session")
def builtin() -> Glossary:
    return builtin_glossary()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking `concept_id` runs once per concept of the built-in glossary (loaded at
    collection, once for all modules, instead of at each module's import)."""
    if "concept_id" in metafunc.fixturenames:
        metafunc.parametrize("concept_id", sorted(builtin_glossary().concepts))


@pytest.hookimpl(optionalhook=True)  # xdist's hook: unknown where xdist is not installed
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker per CPU this process may use when the run takes the whole suite
    or a folder of it; none (the tests run in this process) when the command line names test
    files or tests, or there is one CPU, where starting workers (each imports and collects,
    ~1.5 s of CPU) costs more than it saves. PYTEST_XDIST_AUTO_NUM_WORKERS still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own reading of it
    named = [arg for arg in config.args if not Path(arg.split("::")[0]).is_dir()]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return 0 if named or cpus < 2 else cpus


def check(linter: Linter, source: str, fmt: str = "text") -> FileResult:
    reader = markdown if fmt == "markdown" else text
    return linter.check_document(reader.from_text(source, "<test>"))


def spans(result: FileResult, rules: tuple[str, ...] = ("avoid-term", "care-term")) -> list[tuple[str, str, str]]:
    """(rule, concept, matched) for each finding of the given rules."""
    return [(f.rule.value, f.concept, f.matched) for f in result.findings if f.rule.value in rules]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session", autouse=True)
def _build_the_cli_once() -> Iterator[None]:
    """typer turns the app into a click command on every `CliRunner.invoke` (a fifth of the
    CLI tests' time); the app does not change during a run, so build its command once."""
    import typer.testing

    command = functools.cache(typer.testing._get_command)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", command)
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_waiting_for_the_disk() -> Iterator[None]:
    """`os.fsync` returns at once in the test process: the atomic writes still write, flush
    and rename as they do for a user, but do not wait ~4 ms each for the disk (~175 of them in
    a run), a wait that only a power cut could tell apart. The tests of a failing fsync replace
    it with their own."""

    def synced(fd: int) -> None:
        os.fstat(fd)  # a closed or wrong descriptor still fails as fsync would

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", synced)
        yield
