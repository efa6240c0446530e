"""One schema: the loader and `terms/glossary.schema.json` give the same verdict on every
glossary file, because the loader validates against that file (issue 12)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import fastjsonschema
import jsonschema
import pytest
import yaml

from lexicon.cli import app
from lexicon.errors import GlossaryError
from lexicon.glossary import load_glossary
from lexicon.glossary.schema import schema_path

GOOD = """\
section: {id: test, title: Test}
concepts:
  - id: sexual-extortion
    definition: {en: Blackmail of a child with sexual images., fr: Chantage exercé sur un enfant avec des images sexuelles.}
    note: {en: The word hides the abuse.}
    sources:
      - {title: Luxembourg Guidelines (2016), edition: 2016, page: 52, confirmed: false}
    terms:
      en:
        - {term: sexual extortion, status: preferred}
        - term: sextortion
          status: avoid
          suggest: [sexual extortion]
          rephrase: [blackmail of a child with sexual images]
          reason: hides the abuse
          fine_when: quoting a law
          near: [child, children]
          near_window: 12
          provenance: {who: body, body: NSPCC, how: quoted, url: "https://example.org/nspcc"}
    exceptions:
      en:
        - {text: Sextortion Prevention Act of 2030, kind: title, short: [Sextortion Prevention Act], misprints: [Sextorsion Prevention Act]}
    examples:
      en: {flag: ["Sextortion cases rose."], ok: ["Sexual extortion cases rose."]}
"""

BROKEN = {
    "near_window is a word": ("near_window: 12", "near_window: twelve"),
    "old section_page field": ("  - id: sexual-extortion\n", "  - id: sexual-extortion\n    section_page: thirty\n"),
    "page is a word": ("page: 52", "page: fifty-two"),
    "old evidence field": (
        'provenance: {who: body, body: NSPCC, how: quoted, url: "https://example.org/nspcc"}',
        'evidence: {url: "https://example.org/nspcc", confirmed: true}',
    ),
    "team reading cannot be quoted": ("who: body, body: NSPCC, how: quoted", "who: team, how: quoted"),
    "guidelines verdict without edition": ("who: body, body: NSPCC, how: quoted", "who: guidelines, via: INTERPOL, how: quoted"),
    "body verdict without the body": ("who: body, body: NSPCC,", "who: body,"),
    "unknown who": ("who: body,", "who: somebody,"),
    "unknown how": ("how: quoted", "how: rumoured"),
    "edition not an edition": ("edition: 2016", "edition: 2017"),
    "avoid without reason": ("          reason: hides the abuse\n", ""),
    "avoid without any alternative": (
        "          suggest: [sexual extortion]\n          rephrase: [blackmail of a child with sexual images]\n",
        "",
    ),
    "exceptions as a list (old shape)": ("      en:\n        - {text: Sextortion", "      - {lang: en, text: Sextortion"),
    "exception language not a tag": ("    exceptions:\n      en:", "    exceptions:\n      English:"),
    "misprints not a list": ("misprints: [Sextorsion Prevention Act]", "misprints: Sextorsion Prevention Act"),
    "definition without English": ("definition: {en: Blackmail of a child with sexual images., fr:", "definition: {fr:"),
    "empty definition": (
        "definition: {en: Blackmail of a child with sexual images., fr: Chantage exercé sur un enfant avec des images sexuelles.}",
        "definition: ''",
    ),
    "status misspelt": ("status: avoid", "status: avoided"),
    "severity not a severity": ("status: avoid\n", "status: avoid\n          severity: high\n"),
    "inflect not a boolean": ("status: avoid\n", "status: avoid\n          inflect: sometimes\n"),
    "suggest a string": ("suggest: [sexual extortion]", "suggest: sexual extortion"),
    "empty suggest": ("suggest: [sexual extortion]", "suggest: []"),
    "blank term": ("{term: sexual extortion, status: preferred}", "{term: '  ', status: preferred}"),
    "concept id not kebab-case": ("id: sexual-extortion", "id: Sexual_Extortion"),
    "no sources": ("    sources:\n      - {title: Luxembourg Guidelines (2016), edition: 2016, page: 52, confirmed: false}\n", ""),
    "unknown key in a term": ("          fine_when: quoting a law", "          fine_whenn: quoting a law"),
    "example kind unknown": ('ok: ["Sexual extortion cases rose."]', 'fine: ["Sexual extortion cases rose."]'),
    "terms language not a tag": ("    terms:\n      en:", "    terms:\n      EN-english:"),
}


@functools.cache
def validators() -> tuple[jsonschema.Draft202012Validator, Callable[[Any], Any]]:
    """Both validators lexicon uses, on the shipped schema, compiled once per run."""
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema), fastjsonschema.compile(schema)


def schema_errors(text: str) -> list[str]:
    """What the JSON Schema says, by both validators lexicon uses (they must agree)."""
    slow, fast = validators()
    data = yaml.safe_load(text)
    errors = [e.message for e in slow.iter_errors(data)]
    try:
        fast(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == (errors == []), errors
    return errors


def loader_problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_glossary([path], builtin=False)
    except GlossaryError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_the_good_glossary_passes_both(tmp_path):
    assert schema_errors(GOOD) == [] and loader_problems(tmp_path, GOOD) == []


@pytest.mark.parametrize("case", list(BROKEN))
def test_loader_and_schema_reject_the_same_glossaries(tmp_path, case):
    old, new = BROKEN[case]
    assert old in GOOD, case  # the mutation applies
    text = GOOD.replace(old, new, 1)
    schema = schema_errors(text)
    loader = loader_problems(tmp_path, text)
    assert schema, f"the JSON Schema accepts: {case}"
    assert loader, f"the loader accepts: {case}"
    assert all(p.startswith(f"{tmp_path / 'g.yaml'}:") for p in loader)  # file and line, one line each
    assert all("\n" not in p for p in loader)


def test_a_word_for_a_number_is_a_clear_problem_not_a_crash(runner, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(GOOD.replace("near_window: 12", "near_window: twelve"), encoding="utf-8")
    result = runner.invoke(app, ["glossary", "validate", "--alone", str(path)])
    assert result.exit_code == 2
    assert f"{path}:18: [sexual-extortion] 'sextortion': near_window must be a whole number, not 'twelve'" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr.casefold()


def test_unknown_key_is_named_at_its_own_line_with_a_hint(tmp_path):
    problems = loader_problems(tmp_path, GOOD.replace("          fine_when: quoting a law", "          fine_whenn: quoting a law"))
    assert problems == [f"{tmp_path / 'g.yaml'}:16: [sexual-extortion] unknown key 'fine_whenn' in a term (did you mean 'fine_when'?)"]


def test_the_team_reading_can_only_be_inferred(tmp_path):
    problems = loader_problems(tmp_path, GOOD.replace("who: body, body: NSPCC, how: quoted", "who: team, how: quoted"))
    assert any("the team's own reading can only be 'inferred'" in p for p in problems), problems


def test_schema_file_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_path().read_text(encoding="utf-8")))
