"""Article headings of laws (exceptions of kind `heading`) are legal text, not titles: a
term inside is reported as a warning, not an error and not mere information."""

from __future__ import annotations

import pytest

from lexicon.check.pipeline import Linter, Settings
from lexicon.glossary import load_glossary
from lexicon.model import Context, Severity
from lexicon.readers.markdown import from_text

HOUSE = """\
section: {id: house, title: House}
concepts:
  - id: sexual-extortion
    exceptions:
      en:
        - {text: Offences of sextortion against minors, kind: heading}
        - {text: National Sextortion Helpline, kind: name}
"""


def findings(glossary, sentence):
    linter = Linter(glossary, Settings(lang="en"))
    return [(f.severity, f.context) for f in linter.check_document(from_text(sentence, "<t>")).findings if f.rule.value == "avoid-term"]


def test_heading_title_and_prose_are_told_apart(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text(HOUSE, encoding="utf-8")
    glossary = load_glossary([path])
    assert findings(glossary, "The slide quotes Offences of sextortion against minors word for word.") == [
        (Severity.WARNING, Context.LEGAL)
    ]
    assert findings(glossary, "Call the National Sextortion Helpline for advice.") == [(Severity.INFO, Context.TITLE)]
    assert findings(glossary, "The slide describes sextortion of young people.") == [(Severity.WARNING, None)]


def test_us_code_section_heading_is_legal_text():
    glossary = load_glossary()
    heading = (
        "The dashboard groups the cases under Certain activities relating to material constituting or "
        "containing child pornography, as the agency labels them."
    )
    assert findings(glossary, heading) == [(Severity.WARNING, Context.LEGAL)]
    assert findings(glossary, "The dashboard groups the cases under material containing child pornography.") == [(Severity.ERROR, None)]


@pytest.mark.parametrize(
    "heading",
    [
        "Offences related to child pornography",  # Budapest Convention, art. 9
        "Offences concerning child pornography",  # Lanzarote Convention, art. 20
        "Offences concerning child prostitution",  # Lanzarote Convention, art. 19
    ],
)
def test_treaty_article_headings_are_legal_text(heading):
    sentence = f"The training slides reproduce the heading {heading} for the participants."
    assert findings(load_glossary(), sentence) == [(Severity.WARNING, Context.LEGAL)]
