"""Data tests on the built-in glossary (terms/): it loads, validates, and its examples pass."""

from __future__ import annotations

import functools
import json

import pytest
import yaml

from lexicon.check.examples import check_examples
from lexicon.glossary import builtin_dir
from lexicon.glossary.validate import cross_check
from lexicon.model import Status
from tests.conftest import builtin_glossary


@functools.cache
def example_problems() -> list:
    """Problems of the examples of every concept, checked once for the module's tests."""
    return check_examples(builtin_glossary())


def test_builtin_glossary_is_installed_inside_the_package():
    assert (builtin_dir() / "material.yaml").is_file()
    assert (builtin_dir() / "glossary.schema.json").is_file()


def test_builtin_glossary_has_no_cross_concept_problems():
    assert [str(p) for p in cross_check(builtin_glossary())] == []


def test_concept_examples_pass(concept_id):
    concept = builtin_glossary().concepts[concept_id]
    problems = [p for p in example_problems() if p.concept == concept_id]
    assert [p.message for p in problems] == []
    assert concept.definition.get("en") and concept.sources and concept.examples


def test_every_care_or_avoid_term_has_a_flag_example_in_its_language():
    missing = []
    for concept in builtin_glossary().concepts.values():
        for term in concept.terms:
            if term.status in (Status.CARE, Status.AVOID) and not concept.examples.get(term.lang, {}).get("flag"):
                missing.append((concept.id, term.lang, term.text))
    assert missing == []


def test_verdicts_not_shown_to_come_from_the_guidelines_never_give_errors():
    for term in builtin_glossary().terms:
        if term.status is Status.AVOID and not (term.provenance and term.provenance.from_guidelines):
            assert term.default_severity is not None and term.default_severity.value != "error", term.text


def test_shipped_json_schema_accepts_every_section_file():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((builtin_dir() / "glossary.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # yaml.safe_load's loader, in C where PyYAML has it
    for path in sorted(builtin_dir().glob("*.yaml")):
        if path.name in ("spellings.yaml", "inflections.yaml"):
            continue
        errors = [e.message for e in validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"), Loader=safe))]
        assert errors == [], path.name
