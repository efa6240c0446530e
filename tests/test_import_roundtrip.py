"""`lexicon import`: TBX or CSV back into glossary YAML. export -> import -> export gives
the same TBX (lossless), for the built-in glossary and the test glossary; foreign
termbases are completed into valid YAML; unsafe XML is refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lexicon.cli import app
from lexicon.exchange import export, read_termbase
from lexicon.exchange.complete import write_glossary
from lexicon.exchange.records import concept_record
from lexicon.glossary import Glossary, load_glossary
from tests.conftest import TEST_GLOSSARY

BILINGUAL = Path(__file__).parent / "data" / "bilingual" / "glossary"


def reimport(data: bytes, tmp_path: Path, suffix: str, out: str) -> Glossary:
    source = tmp_path / f"termbase{suffix}"
    source.write_bytes(data)
    paths = write_glossary(read_termbase(source), tmp_path / out)
    return load_glossary(paths, builtin=False)


@pytest.mark.parametrize("version", [3, 2])
def test_builtin_round_trip_is_lossless(tmp_path: Path, version: int) -> None:
    builtin = load_glossary()
    first = export(builtin, "tbx", tbx_version=version)
    again = reimport(first, tmp_path, ".tbx", "house")
    assert export(again, "tbx", tbx_version=version) == first
    assert set(again.concepts) == set(builtin.concepts)


@pytest.mark.parametrize("folder", [TEST_GLOSSARY, BILINGUAL])
def test_round_trip_keeps_every_field(tmp_path: Path, folder: Path) -> None:
    original = load_glossary([folder], builtin=False)
    again = reimport(export(original, "tbx"), tmp_path, ".tbx", "house.yaml")
    for cid, concept in original.concepts.items():
        record = concept_record(concept)
        record.pop("examples", None)  # examples are glossary tests, not exchanged
        assert concept_record(again.concepts[cid]) == record


def test_import_command_writes_valid_yaml(tmp_path: Path, runner) -> None:
    tbx = tmp_path / "house.tbx"
    assert runner.invoke(app, ["export", "--no-builtin", "-g", str(TEST_GLOSSARY), "-o", str(tbx)]).exit_code == 0
    out = tmp_path / "terms" / "house.yaml"
    result = runner.invoke(app, ["import", str(tbx), "-o", str(out), "--no-builtin"])  # a glossary of its own
    assert result.exit_code == 0, result.output
    assert out.exists() and "6 concept(s)" in result.stderr
    assert runner.invoke(app, ["import", str(tbx), "-o", str(out), "--no-builtin"]).exit_code == 2  # no silent overwrite
    assert runner.invoke(app, ["import", str(tbx), "-o", str(out), "--no-builtin", "--force"]).exit_code == 0
    again = runner.invoke(app, ["export", "--no-builtin", "-g", str(out)])
    assert again.stdout_bytes == tbx.read_bytes()
    lint = runner.invoke(app, ["check", "--no-config", "-g", str(out), "-", "--lang", "en"], input="Child pornography is a crime.\n")
    assert lint.exit_code == 1 and "child pornography" in lint.stdout


def test_csv_round_trip_keeps_terms_and_statuses(tmp_path: Path) -> None:
    original = load_glossary([BILINGUAL], builtin=False)
    again = reimport(export(original, "csv"), tmp_path, ".csv", "house.yaml")
    for cid, concept in original.concepts.items():
        assert [(t.lang, t.text, t.status, t.suggest, t.reason) for t in again.concepts[cid].terms] == [
            (t.lang, t.text, t.status, t.suggest, t.reason) for t in concept.terms
        ]
        assert again.concepts[cid].definition == concept.definition


FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>CAT tool</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="c42">
  <descrip type="subjectField">House terms</descrip>
  <langSet xml:lang="en"><descrip type="definition">A house definition.</descrip>
    <tig><term>online grooming</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <ntig><termGrp><term>cyber grooming</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
    <tig><term>grooming</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><termNote type="usageNote">only with "online" nearby</termNote></tig>
  </langSet>
  <langSet xml:lang="fr"><tig><term>pédopiégeage</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_foreign_termbase_is_completed(tmp_path: Path) -> None:
    g = reimport(FOREIGN.encode(), tmp_path, ".tbx", "house.yaml")
    concept = g.concepts["c42"]
    assert concept.section.title == "House terms" and concept.definition["en"] == "A house definition."
    statuses = {t.text: t.status.value for t in concept.terms}
    assert statuses == {"online grooming": "preferred", "cyber grooming": "avoid", "grooming": "care", "pédopiégeage": "admitted"}
    avoid = next(t for t in concept.terms if t.text == "cyber grooming")
    assert avoid.suggest == ("online grooming",) and "termbase.tbx" in avoid.reason
    assert avoid.provenance.who == "body" and not avoid.provenance.from_guidelines and avoid.default_severity.value == "warning"
    assert next(t for t in concept.terms if t.text == "grooming").reason == 'only with "online" nearby'


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY e "x">]><tbx><text><body/></text></tbx>',
        b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tbx>&e;</tbx>',
        b"<tbx><unclosed></tbx>",
        b"<html/>",
    ],
)
def test_unsafe_or_bad_xml_is_refused(tmp_path: Path, runner, payload: bytes) -> None:
    path = tmp_path / "bad.tbx"
    path.write_bytes(payload)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 2 and "bad.tbx" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_taken_from_the_header(tmp_path: Path, delimiter: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(export(load_glossary(), "csv").decode("utf-8-sig"))))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    again = reimport(buffer.getvalue().encode("utf-8"), tmp_path, ".csv", "house")
    builtin = load_glossary()
    for term in builtin.terms:
        match = [t for t in again.concepts[term.concept_id].terms if t.lang == term.lang and t.text == term.text]
        assert match and match[0].status == term.status and match[0].suggest == term.suggest
        assert match[0].rephrase == term.rephrase
        assert match[0].provenance == (None if term.provenance is None else replace(term.provenance, note=None))
        assert match[0].acronym_of == term.acronym_of


CAT_ROUND_TRIP = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>CAT tool export</p></sourceDesc></fileDesc></tbxHeader>
<text><body><conceptEntry id="child-sexual-abuse-material">
  <langSec xml:lang="en">
    <termSec><term>child sexual abuse material</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>child pornography</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
</conceptEntry></body></text></tbx>
"""


def test_gaps_are_filled_from_the_base_glossary(tmp_path: Path) -> None:
    """A CAT tool that dropped lexicon's notes does not weaken the built-in verdicts."""
    path = tmp_path / "cat.tbx"
    path.write_bytes(CAT_ROUND_TRIP.encode())
    builtin = load_glossary()
    known = next(t for t in builtin.concepts["child-sexual-abuse-material"].terms if t.text == "child pornography")
    sections = read_termbase(path, builtin)
    concept = sections[0]["concepts"][0]
    term = next(t for t in concept["terms"]["en"] if t["term"] == "child pornography")
    assert term["provenance"]["who"] == known.provenance.who and term["reason"] == known.reason
    assert term["provenance"]["via"] == known.provenance.via and term["provenance"]["how"] == known.provenance.how
    assert concept["definition"]["en"] == builtin.concepts["child-sexual-abuse-material"].definition["en"]
    bare = next(t for t in read_termbase(path)[0]["concepts"][0]["terms"]["en"] if t["term"] == "child pornography")
    assert bare["provenance"] == {"who": "body", "body": "the imported termbase cat.tbx", "how": "quoted", "url": "cat.tbx"}
    assert bare["suggest"] == ["child sexual abuse material"]
