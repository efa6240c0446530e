"""`lexicon glossary validate` rejects broken glossaries, naming file, line and concept."""

from __future__ import annotations

import textwrap

import pytest

from lexicon.check.examples import check_examples
from lexicon.cli import app
from lexicon.errors import GlossaryError
from lexicon.glossary import load_glossary
from lexicon.glossary.validate import cross_check

HEADER = "section: {id: test, title: Test}\nconcepts:\n"
GOOD_CONCEPT = """
  - id: sexual-extortion
    definition: Blackmail of a child with sexual images.
    sources: [{title: Test}]
    terms:
      en:
        - {term: sexual extortion, status: preferred}
        - term: sextortion
          status: avoid
          suggest: [sexual extortion]
          reason: hides the abuse
          provenance: {who: team, how: inferred, url: "https://example.org"}
    examples:
      en:
        flag: ["Sextortion cases rose."]
        ok: ["Sexual extortion cases rose."]
"""


def write(tmp_path, body: str):
    path = tmp_path / "g.yaml"
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(path):
    try:
        glossary = load_glossary([path], builtin=False)
    except GlossaryError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in cross_check(glossary) + check_examples(glossary)]


def test_a_good_glossary_has_no_problems(tmp_path):
    assert problems_of(write(tmp_path, GOOD_CONCEPT)) == []


def test_unknown_key_names_file_line_concept_and_the_likely_key(tmp_path):
    path = write(tmp_path, GOOD_CONCEPT.replace("    definition:", "    definiton:"))
    problems = problems_of(path)
    assert any(f"{path}:5:" in p and "unknown key 'definiton'" in p and "did you mean 'definition'" in p for p in problems)


def test_duplicate_ids(tmp_path):
    problems = problems_of(write(tmp_path, GOOD_CONCEPT + GOOD_CONCEPT))
    assert any("duplicate concept id 'sexual-extortion'" in p for p in problems)


def test_term_avoided_in_one_concept_and_preferred_in_another(tmp_path):
    other = """
  - id: other-concept
    definition: Something else.
    sources: [{title: Test}]
    terms:
      en:
        - {term: sextortion, status: preferred}
    examples: {en: {ok: ["Nothing here."]}}
"""
    problems = problems_of(write(tmp_path, GOOD_CONCEPT + other))
    assert any("avoided in one concept and preferred in another" in p and "[other-concept]" in p for p in problems)


def test_suggestion_that_is_itself_avoided(tmp_path):
    body = GOOD_CONCEPT.replace("suggest: [sexual extortion]", "suggest: [sextortion]")
    assert any("which is itself 'avoid'" in p for p in problems_of(write(tmp_path, body)))


def test_suggestion_that_is_not_a_term_of_the_glossary(tmp_path):
    body = GOOD_CONCEPT.replace("suggest: [sexual extortion]", "suggest: [blackmail of a child]")
    assert any("suggests 'blackmail of a child', which is not a en term of the glossary" in p for p in problems_of(write(tmp_path, body)))
    free = GOOD_CONCEPT.replace("suggest: [sexual extortion]", "rephrase: [blackmail of a child]")
    assert problems_of(write(tmp_path, free)) == []


def test_missing_provenance(tmp_path):
    body = GOOD_CONCEPT.replace('          provenance: {who: team, how: inferred, url: "https://example.org"}\n', "")
    assert any("'sextortion' is 'avoid' but has no 'provenance'" in p for p in problems_of(write(tmp_path, body)))


def test_failing_examples(tmp_path):
    body = GOOD_CONCEPT.replace('flag: ["Sextortion cases rose."]', 'flag: ["Nothing to see."]')
    body = body.replace('ok: ["Sexual extortion cases rose."]', 'ok: ["Sextortion again."]')
    problems = problems_of(write(tmp_path, body))
    assert any("should be flagged but is not" in p for p in problems)
    assert any("should not be flagged but is" in p for p in problems)


def test_invalid_yaml_names_the_line(tmp_path):
    path = write(tmp_path, GOOD_CONCEPT.replace("status: avoid", "status: [avoid"))
    problems = problems_of(path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:") and "invalid YAML" in problems[0]


@pytest.mark.parametrize("alone", [True, False])
def test_cli_validate_exits_2_with_file_and_line(runner, tmp_path, alone):
    path = write(tmp_path, GOOD_CONCEPT.replace("status: avoid", "status: avoided"))
    args = ["glossary", "validate", str(path)] + (["--alone"] if alone else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "[sexual-extortion]" in result.stderr and "status must be one of" in result.stderr


def test_cli_validate_passes_on_the_builtin_glossary(runner):
    result = runner.invoke(app, ["glossary", "validate"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_each_missing_field_is_reported_once(runner, tmp_path):
    from lexicon.cli import app

    bad = tmp_path / "house.yaml"
    bad.write_text(
        "section: {id: h, title: House}\nconcepts:\n  - id: house-term\n    terms:\n"
        "      en:\n        - {term: looked-after child, status: preferred}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["glossary", "validate", str(bad)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "needs" in line]
    assert sorted(lines) == sorted(set(lines)) and len(lines) == 2
