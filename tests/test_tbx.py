"""`lexicon export --format tbx`: TBX-Basic (ISO 30042:2019, DCA) read back by an independent
reader (translate-toolkit) and by lxml; every concept, language and status is found."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from lexicon.cli import app
from lexicon.exchange import export
from lexicon.exchange.tbx import NS, STATUS_TBX
from lexicon.glossary import Glossary, load_glossary
from lexicon.model import Status
from tests.conftest import TEST_GLOSSARY

tbx_storage = pytest.importorskip("translate.storage.tbx")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
V2 = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry", "langSec": "langSet", "termSec": "tig"}


@pytest.fixture(scope="module")
def builtin() -> Glossary:
    return load_glossary()


def toolkit_read(data: bytes) -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """concept id -> language -> [(term, administrativeStatus)], as translate-toolkit reads it."""
    store = tbx_storage.tbxfile.parsestring(data)
    out: dict[str, dict[str, list[tuple[str, str | None]]]] = {}
    for unit in store.units:
        langs = out.setdefault(unit.xmlelement.get("id"), {})
        for node in unit.getlanguageNodes():
            langs[node.get(XML_LANG)] = [(t.text, t.administrative_status) for t in unit._get_terms(node)]
    return out


def v3_as_v2(data: bytes) -> bytes:
    """TBX v3 DCA differs from v2 by element names and the namespace: rename them so the
    toolkit (which reads v2) can read the v3 file itself."""
    root = etree.fromstring(data)
    for el in root.iter(etree.Element):
        name = etree.QName(el).localname
        el.tag = V2.get(name, name)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def expected(g: Glossary) -> dict[str, dict[str, list[tuple[str, str]]]]:
    return {c.id: {lang: [(t.text, STATUS_TBX[t.status]) for t in c.terms_in(lang)] for lang in c.languages} for c in g.concepts.values()}


@pytest.mark.parametrize("version", [2, 3])
def test_builtin_glossary_read_back_by_translate_toolkit(builtin: Glossary, version: int) -> None:
    data = export(builtin, "tbx", tbx_version=version)
    found = toolkit_read(data if version == 2 else v3_as_v2(data))
    assert found == expected(builtin)
    deprecated = {t for langs in found.values() for terms in langs.values() for t, s in terms if s == "deprecatedTerm-admn-sts"}
    assert deprecated == {t.text for t in builtin.terms if t.status is Status.AVOID}


def test_v3_structure(builtin: Glossary) -> None:
    data = export(builtin, "tbx")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    assert root.tag == f"{{{NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    entries = root.findall(f".//{{{NS}}}conceptEntry")
    assert [e.get("id") for e in entries] == sorted(
        builtin.concepts, key=lambda cid: (builtin.concepts[cid].section.id, list(builtin.concepts).index(cid))
    )
    for entry in entries:
        concept = builtin.concepts[entry.get("id")]
        assert entry.find(f"{{{NS}}}descrip[@type='subjectField']").text == concept.section.title
        langs = [ls.get(XML_LANG) for ls in entry.findall(f"{{{NS}}}langSec")]
        assert langs == list(concept.languages)
        en = entry.find(f"{{{NS}}}langSec[@{{http://www.w3.org/XML/1998/namespace}}lang='en']/{{{NS}}}descrip[@type='definition']")
        assert en is not None and en.text == concept.definition["en"]
        assert len(entry.findall(f"{{{NS}}}adminGrp/{{{NS}}}admin[@type='source']")) == len(concept.sources)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def test_care_acronym_and_full_form(glossary: Glossary) -> None:
    root = ET.fromstring(export(glossary, "tbx"))
    q = lambda path: root.findall(path.replace("{}", f"{{{NS}}}"))  # noqa: E731
    care = [s for s in q(".//{}termSec") if s.find(f"{{{NS}}}term").text == "prostituted child"][0]
    assert care.find(f"{{{NS}}}termNote[@type='administrativeStatus']").text == "admittedTerm-admn-sts"
    assert [n.text for n in care.findall(f"{{{NS}}}note")][0] == "Use with care: still labels the child"
    csam = [s for s in q(".//{}termSec") if s.find(f"{{{NS}}}term").text == "CSAM"][0]
    assert csam.find(f"{{{NS}}}termNote[@type='termType']").text == "acronym"
    ref = csam.find(f"{{{NS}}}ref[@type='crossReference']")
    full = [s for s in q(".//{}termSec") if s.get("id") == ref.get("target")][0]
    assert full.find(f"{{{NS}}}term").text == "child sexual abuse material"
    assert full.find(f"{{{NS}}}termNote[@type='termType']").text == "fullForm"


def test_languages_and_escaping(tmp_path, runner) -> None:
    tricky = tmp_path / "tricky.yaml"
    tricky.write_text(
        "section: {id: house, title: 'House <terms> & more'}\n"
        "concepts:\n  - id: tricky\n    definition: 'A \"quoted\" <b>definition</b> & ampersand'\n"
        "    sources: [{title: 'A & B'}]\n    terms:\n      en: [{term: 'R&D <x>', status: preferred}]\n"
        "      fr: [{term: 'R&D fr', status: preferred}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.tbx"
    result = runner.invoke(app, ["export", "--no-builtin", "-g", str(tricky), "-g", str(TEST_GLOSSARY), "--lang", "fr", "-o", str(out)])
    assert result.exit_code == 0, result.output
    found = toolkit_read(v3_as_v2(out.read_bytes()))
    assert found == {
        "tricky": {"fr": [("R&D fr", "preferredTerm-admn-sts")]},
        "child-sexual-abuse-material": {
            "fr": [("matériel d'abus sexuels d'enfants", "preferredTerm-admn-sts"), ("pédopornographie", "deprecatedTerm-admn-sts")]
        },
    }
    result = runner.invoke(app, ["export", "--no-builtin", "-g", str(tricky), "-f", "tbx"])
    root = ET.fromstring(result.stdout_bytes)
    assert root.find(f".//{{{NS}}}term").text == "R&D <x>"
    assert b"R&amp;D &lt;x&gt;" in result.stdout_bytes


def test_unknown_language_and_format(runner) -> None:
    assert runner.invoke(app, ["export", "--lang", "xx"]).exit_code == 2
    assert runner.invoke(app, ["export", "-f", "xlsx"]).exit_code == 2


# TBX-Basic (DCA) data categories and the levels where the dialect allows them
# (TBX-Basic integrated RELAX NG schema and Schematron rules, LTAC/TBXinfo).
TYPES = {
    "termNote": {"administrativeStatus", "grammaticalGender", "geographicalUsage", "partOfSpeech", "termLocation", "termType"},
    "descrip": {"context", "definition", "subjectField"},
    "admin": {"customerSubset", "projectSubset", "source"},
    "ref": {"crossReference"},
    "xref": {"externalCrossReference", "xGraphic"},
}
LEVELS = {
    ("descrip", "subjectField"): {"conceptEntry"},
    ("descrip", "definition"): {"conceptEntry", "langSec"},
    ("descrip", "context"): {"termSec"},
    ("admin", "projectSubset"): {"termSec"},
    ("admin", "customerSubset"): {"termSec"},
    ("ref", "crossReference"): {"conceptEntry", "termSec"},
    ("xref", "externalCrossReference"): {"conceptEntry", "termSec"},
}
VALUES = {
    "administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
}
CHILDREN = {  # element -> allowed children, in TBX-Basic DCA
    "conceptEntry": {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref", "langSec"},
    "langSec": {"descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref", "termSec"},
    "termSec": {"term", "termNote", "termNoteGrp", "descrip", "descripGrp", "admin", "adminGrp", "transacGrp", "note", "ref", "xref"},
    "adminGrp": {"admin", "adminNote", "note", "ref", "xref"},
}


def test_only_tbx_basic_data_categories_at_their_levels(builtin: Glossary) -> None:
    root = etree.fromstring(export(builtin, "tbx"))
    ids = {el.get("id") for el in root.iter(etree.Element) if el.get("id")}
    parent_of = {child: parent for parent in root.iter(etree.Element) for child in parent}
    for el in root.iter(etree.Element):
        name = etree.QName(el).localname
        assert etree.QName(el).namespace == NS
        if name in CHILDREN:
            assert {etree.QName(c).localname for c in el} <= CHILDREN[name], name
        if name in ("conceptEntry", "langSec"):
            kids = [etree.QName(c).localname for c in el]
            inner = "langSec" if name == "conceptEntry" else "termSec"
            assert kids.count(inner) >= 1 and all(k == inner for k in kids[kids.index(inner) :])
        if name == "termSec":
            kids = [etree.QName(c).localname for c in el]
            assert kids[0] == "term"
            notes = [i for i, k in enumerate(kids) if k == "termNote"]
            assert notes == list(range(1, len(notes) + 1))  # termNotes come right after the term
        kind = el.get("type")
        if name in TYPES:
            assert kind in TYPES[name], (name, kind)
            levels = LEVELS.get((name, kind))
            if levels:
                assert etree.QName(parent_of[el]).localname in levels, (name, kind)
        if name == "termNote" and kind in VALUES:
            assert el.text in VALUES[kind]
        if name == "ref":
            assert el.get("target") in ids
        if name == "xref":
            assert el.get("target", "").startswith(("http://", "https://"))
        if name == "langSec":
            assert el.get(XML_LANG)
