"""`lexicon define` says when it does not know, and opens the card in the language asked."""

from __future__ import annotations

import json
import re

import pytest

from lexicon.cli import app

UNKNOWN = [
    "minor",
    "child labour",
    "online safety",
    "school bullying",
    "foster care",
    "cyberbullying",
    "data protection",
    "age verification",
    "juvenile court",
    "parental control",
]


@pytest.mark.parametrize("phrase", UNKNOWN)
def test_unknown_phrases_exit_1_with_three_suggestions_and_their_language(runner, phrase):
    result = runner.invoke(app, ["define", phrase])
    assert result.exit_code == 1 and result.stdout == ""  # no unrelated card
    assert result.stderr.startswith(f"lexicon: no concept for '{phrase}'; did you mean: ")
    offered = re.findall(r'"[^"]+" \((en|fr|es|de), [a-z0-9-]+\)', result.stderr)
    assert 1 <= len(offered) <= 3


def test_a_phrase_close_to_a_term_but_not_a_typo_is_not_given_its_card(runner):
    result = runner.invoke(app, ["define", "child victim of prostitution"])
    assert result.exit_code == 1 and "no concept for" in result.stderr


def test_a_typing_slip_opens_the_card_and_says_so(runner):
    result = runner.invoke(app, ["define", "child pornografy"])
    assert result.exit_code == 0 and 'Did you mean "child pornography"' in result.stdout


def card(runner, *args):
    result = runner.invoke(app, ["define", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("us", "uk"),
    [
        ("pedophile", "paedophile"),
        ("pedophilia", "paedophilia"),
        ("sexualized images of children", "sexualised images of children"),
        ("traveling child sex offender", "travelling child sex offender"),
    ],
)
def test_us_and_uk_spellings_open_the_english_card(runner, us, uk):
    for spelling in (us, uk):
        data = card(runner, spelling)
        assert data["query"]["lang"] == "en" and data["query"]["matched"] == uk


def test_the_asked_language_and_the_typed_accents_decide_between_languages(runner):
    assert card(runner, "pédophile")["query"]["lang"] == "fr"  # typed with the French accent
    assert card(runner, "pedophile", "--lang", "fr")["query"]["lang"] == "fr"
    assert card(runner, "pornografía infantil")["query"]["lang"] == "es"


def test_a_card_without_a_definition_in_the_language_says_so(runner, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "section: {id: house, title: House}\nconcepts:\n  - id: house-term\n"
        "    definition: {en: A house concept defined in English only.}\n    sources: [{title: House style}]\n"
        "    terms: {en: [{term: agreed house term, status: preferred}], fr: [{term: terme maison, status: preferred}]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["define", "terme maison", "-g", str(path)])
    assert result.exit_code == 0
    assert "(no fr definition in the glossary; the English one follows)" in result.stdout


def test_a_card_with_no_note_in_english_or_the_asked_language_prints_no_empty_note(runner):
    # sexting has French and Spanish notes but no English one
    result = runner.invoke(app, ["define", "sexting"])
    assert result.exit_code == 0, result.stderr
    assert "no en note" not in result.stdout
    assert not any(line.strip() == "Note:" for line in result.stdout.splitlines())
