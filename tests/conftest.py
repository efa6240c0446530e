"""Shared fixtures: the small test glossary, a linter, a CLI runner."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lexicon.engine import Linter, Settings
from lexicon.glossary import Glossary, load_glossary
from lexicon.model import FileResult
from lexicon.readers import markdown, text

# Tests never write to the user's cache folder.
os.environ.setdefault("LEXICON_CACHE_DIR", tempfile.mkdtemp(prefix="lexicon-test-cache-"))

DATA = Path(__file__).parent / "data"
TEST_GLOSSARY = DATA / "glossary"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def glossary() -> Glossary:
    return load_glossary([TEST_GLOSSARY], builtin=False)


@pytest.fixture(scope="session")
def linter(glossary: Glossary) -> Linter:
    return Linter(glossary, Settings(lang="en"))


def check(linter: Linter, source: str, fmt: str = "text") -> FileResult:
    reader = markdown if fmt == "markdown" else text
    return linter.check_document(reader.from_text(source, "<test>"))


def spans(result: FileResult, rules: tuple[str, ...] = ("avoid-term", "care-term")) -> list[tuple[str, str, str]]:
    """(rule, concept, matched) for each finding of the given rules."""
    return [(f.rule.value, f.concept, f.matched) for f in result.findings if f.rule.value in rules]


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
