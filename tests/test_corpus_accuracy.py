"""The development corpus in ../shared (never copied here): the accuracy targets hold.

Skips when ../shared/corpus is absent (a clone outside the workspace)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not (CORPUS / "gold").is_dir(), reason="../shared/corpus is not available")


@pytest.fixture(scope="module")
def table() -> dict:
    path = Path(__file__).parents[1] / "benchmarks" / "accuracy.py"
    spec = importlib.util.spec_from_file_location("accuracy", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score(CORPUS)["table"]


def test_recall_and_precision_on_the_development_corpus(table):
    overall = table["all"]
    assert overall["recall"] >= 0.97
    assert overall["precision"] >= 0.95


def test_no_error_or_warning_on_a_span_the_gold_marks_none(table):
    assert table["all"]["errors_on_none"] == 0
    assert table["all"]["warnings_on_none"] == 0
