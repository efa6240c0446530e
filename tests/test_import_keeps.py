"""`lexicon import` never loses what the glossary had (issue 12, point 6): regional language
tags, entry-level definitions, built-in definitions and verdicts, two-column word lists,
readable ids, and nothing written when the result would not validate."""

from __future__ import annotations

import json
from pathlib import Path

from lexicon.cli import app
from lexicon.glossary import load_glossary

MEMOQ = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en-GB">
<martifHeader><fileDesc><sourceDesc><p>memoQ term base export</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="1">
  <descripGrp><descrip type="definition">A child looked after by a local authority or placed with foster carers.</descrip></descripGrp>
  <langSet xml:lang="en-GB">
    <tig><term>child in care</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>looked-after kid</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="fr-FR">
    <tig><term>enfant placé</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>enfant de la DASS</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="2">
  <langSet xml:lang="es-419">
    <tig><term>niño bajo cuidado alternativo</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
</body></text></martif>
"""


def run_import(runner, source: Path, out: Path, *args: str):
    return runner.invoke(app, ["import", str(source), "-o", str(out), *args])


def test_memoq_regional_tags_are_checked_with_g(runner, tmp_path):
    source = tmp_path / "memoq.tbx"
    source.write_text(MEMOQ, encoding="utf-8")
    out = tmp_path / "house.yaml"
    result = run_import(runner, source, out)
    assert result.exit_code == 0, result.stderr
    g = load_glossary([out])
    concept = g.concepts["child-in-care"]  # from the preferred English term, not '1'
    assert concept.definition["en"].startswith("A child looked after")  # the entry-level definition
    assert {(t.lang, t.text, t.region) for t in concept.terms} >= {("en", "looked-after kid", "GB"), ("fr", "enfant placé", "FR")}
    assert any(t.lang == "es" and t.region == "419" for t in g.terms)
    for lang, sentence, term in (
        ("en", "The looked-after kid moved to a new school.", "looked-after kid"),
        ("fr", "L'enfant de la DASS a changé d'école.", "enfant de la DASS"),
    ):
        doc = tmp_path / f"report-{lang}.txt"
        doc.write_text(sentence + "\n", encoding="utf-8")
        lint = runner.invoke(app, ["check", "--no-config", "-g", str(out), "--lang", lang, str(doc), "-f", "json-lines"])
        found = [json.loads(line) for line in lint.stdout.splitlines()]
        assert [(f["concept"], f["term"]) for f in found if f["rule"] == "avoid-term"] == [("child-in-care", term)], lint.stdout


def test_a_minimal_csv_import_leaves_every_builtin_definition_unchanged(runner, tmp_path):
    builtin = load_glossary()
    source = tmp_path / "minimal.csv"
    source.write_text(
        "language,term,status\nen,child sexual abuse material,preferred\n"
        "fr,pédopornographie,avoid\nes,sextorsión,avoid\nen,child in care,preferred\n",
        encoding="utf-8",
    )
    out = tmp_path / "house"
    result = run_import(runner, source, out)
    assert result.exit_code == 0, result.stderr
    merged = load_glossary([out])
    for cid, concept in builtin.concepts.items():
        assert merged.concepts[cid].definition == concept.definition, cid
        assert merged.concepts[cid].note == concept.note, cid
        assert {s.title for s in concept.sources} <= {s.title for s in merged.concepts[cid].sources}, cid
    for concept_id, lang, text in (("child-sexual-abuse-material", "fr", "pédopornographie"), ("sexual-extortion", "es", "sextorsión")):
        before = next(t for t in builtin.concepts[concept_id].terms_in(lang) if t.text == text)
        after = next(t for t in merged.concepts[concept_id].terms_in(lang) if t.text == text)
        assert (after.provenance, after.reason, after.suggest) == (before.provenance, before.reason, before.suggest)
    assert "child-in-care" in merged.concepts  # a new concept, id from its English term


def test_two_column_bilingual_csv(runner, tmp_path):
    source = tmp_path / "wordlist.csv"
    source.write_text("English;French\nchild in care;enfant placé\nchild pornography;pornographie infantile\n", encoding="utf-8")
    out = tmp_path / "house.yaml"
    result = run_import(runner, source, out)
    assert result.exit_code == 0, result.stderr
    g = load_glossary([out])
    new = g.concepts["child-in-care"]
    assert {(t.lang, t.text, t.status.value) for t in new.terms} == {
        ("en", "child in care", "admitted"),
        ("fr", "enfant placé", "admitted"),
    }
    known = g.concepts["child-sexual-abuse-material"]  # the row belongs to the built-in concept
    assert next(t for t in known.terms if t.text == "pornographie infantile").status.value == "avoid"


def test_import_that_would_not_validate_writes_nothing(runner, tmp_path):
    source = tmp_path / "conflict.csv"
    source.write_text("concept_id,language,term,status\nhouse-blackmail,en,sextortion,preferred\n", encoding="utf-8")
    out = tmp_path / "house.yaml"
    result = run_import(runner, source, out)
    assert result.exit_code == 2
    assert "nothing written" in result.stderr and "[sexual-extortion]" in result.stderr  # it would unflag the built-in verdict
    assert str(out) in result.stderr  # problems name the file that would have been written
    assert not out.exists() and list(tmp_path.iterdir()) == [source]
