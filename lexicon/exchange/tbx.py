"""Write the glossary as TBX-Basic (ISO 30042:2019, DCA style), or TBX v2 (martif) for
older CAT tools. Built with xml.etree.ElementTree, so every text is escaped.

Only TBX-Basic data categories, at the levels TBX-Basic allows them (docs/translators.md
has the full table):
- conceptEntry id = concept id; descrip subjectField = section title; note "Section id: ...";
  one adminGrp per source (admin source = title, notes Article/Page/Confirmed/URL).
- langSec: descrip definition, the concept note as a plain note, official titles/names
  that contain avoided terms as notes "Official title: ..." / "Official name: ...".
- termSec: termNote administrativeStatus (preferred -> preferredTerm-admn-sts, admitted
  and care -> admittedTerm-admn-sts, avoid -> deprecatedTerm-admn-sts); care adds the usage
  note "Use with care: <reason>" (TBX-Basic has no usageNote termNote, so it is a note);
  termType acronym / fullForm; ref crossReference to the full form of an acronym; the
  provenance of the status (who gives the verdict, how it is known) as an adminGrp like a
  source (admin source = its label, notes Who/Edition/Via/Body/How/URL/Note); lexicon's
  other term fields as "Key: value" notes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from lexicon.exchange.records import default_case_sensitive, ordered
from lexicon.glossary.types import Concept, Glossary, Source, Term
from lexicon.model import Status

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
V2_NAMES = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry", "langSec": "langSet", "termSec": "tig"}

STATUS_TBX = {
    Status.PREFERRED: "preferredTerm-admn-sts",
    Status.ADMITTED: "admittedTerm-admn-sts",
    Status.CARE: "admittedTerm-admn-sts",
    Status.AVOID: "deprecatedTerm-admn-sts",
}
CARE = "Use with care"

# "Key: value" notes for the fields TBX-Basic has no data category for.
SECTION_ID, SECTION_PAGE, SECTION_CONFIRMED = "Section id", "Section page", "Section confirmed"  # page keys: read only
ARTICLE, PAGE, CONFIRMED, URL, EDITION = "Article", "Page", "Confirmed", "URL", "Edition"
WHO, VIA, BODY, HOW, NOTE = "Who", "Via", "Body", "How", "Note"
OFFICIAL = {"title": "Official title", "name": "Official name", "heading": "Official heading"}
SHORT, MISPRINT = "Short form", "Misprint"
SUGGEST, REPHRASE, REASON, FINE_WHEN = "Suggest", "Rephrase", "Reason", "Fine when"
VARIANT, PLURAL, INFLECT, CASE = "Variant", "Plural", "Inflect", "Case sensitive"
ACRONYM_OF, NEAR, NEAR_WINDOW, SEVERITY, REGION = "Acronym of", "Only near", "Near window", "Severity", "Region"
TERM_KEYS = (SUGGEST, REPHRASE, REASON, FINE_WHEN, VARIANT, PLURAL, INFLECT, CASE, ACRONYM_OF, NEAR, NEAR_WINDOW, SEVERITY, REGION)
LANG_KEYS = (*OFFICIAL.values(), SHORT, MISPRINT)
CONCEPT_KEYS = (SECTION_ID, SECTION_PAGE, SECTION_CONFIRMED)
SOURCE_KEYS = (ARTICLE, PAGE, CONFIRMED, URL, EDITION)
PROVENANCE_KEYS = (WHO, EDITION, VIA, BODY, HOW, URL, NOTE, CONFIRMED)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def keyed(key: str, value: object) -> str:
    return f"{key}: {value}"


def split_key(text: str, keys: Iterable[str]) -> tuple[str | None, str]:
    """'Reason: implies consent' -> ('Reason', 'implies consent'); unknown keys -> (None, text)."""
    for key in keys:
        if text.startswith(key + ": "):
            return key, text[len(key) + 2 :]
    return None, text


def write_tbx(glossary: Glossary, langs: tuple[str, ...] | None = None, *, version: int = 3, tool: str = "lexicon") -> bytes:
    """The glossary (optionally only some languages) as a UTF-8 TBX document."""
    if version not in (2, 3):
        raise ValueError("TBX version must be 2 or 3")
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": NS})
    header = ET.SubElement(ET.SubElement(root, "tbxHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "titleStmt"), "title").text = "Luxembourg Guidelines terminology (lexicon glossary)"
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = (
        f"Exported by {tool}. Terms and statuses follow the Terminology Guidelines for the Protection of "
        "Children from Sexual Exploitation and Sexual Abuse (Luxembourg Guidelines, 2016)."
    )
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for concept in ordered(glossary, langs):
        body.append(concept_entry(concept, langs))
    if version == 2:
        root = _as_v2(root)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _as_v2(root: ET.Element) -> ET.Element:
    for el in root.iter():
        el.tag = V2_NAMES.get(el.tag, el.tag)
    del root.attrib["style"], root.attrib["xmlns"]
    return root


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = text
    return el


def concept_entry(c: Concept, langs: tuple[str, ...] | None) -> ET.Element:
    entry = ET.Element("conceptEntry", {"id": xml_id(c.id)})
    _sub(entry, "descrip", c.section.title, type="subjectField")
    _sub(entry, "note", keyed(SECTION_ID, c.section.id))
    for source in c.sources:
        entry.append(_source_group(source))
    for lang in c.languages:
        if not langs or lang in langs:
            entry.append(lang_sec(c, lang))
    return entry


def _source_group(s: Source) -> ET.Element:
    group = ET.Element("adminGrp")
    _sub(group, "admin", s.title, type="source")
    if s.edition is not None:
        _sub(group, "note", keyed(EDITION, s.edition))
    if s.article is not None:
        _sub(group, "note", keyed(ARTICLE, s.article))
    if s.page is not None:
        _sub(group, "note", keyed(PAGE, s.page))
    if s.confirmed is not None:
        _sub(group, "note", keyed(CONFIRMED, yes_no(s.confirmed)))
    if s.url:
        _sub(group, "note", keyed(URL, s.url))
    return group


def xml_id(concept_id: str) -> str:
    """An XML ID (NCName) for a kebab-case id: ids starting with a digit get a '_' (which
    `import` removes again, since no glossary id contains one)."""
    return concept_id if concept_id[:1].isalpha() else "_" + concept_id


def term_id(concept_id: str, lang: str, index: int) -> str:
    return f"{xml_id(concept_id)}--{lang}-{index + 1}"


def lang_sec(c: Concept, lang: str) -> ET.Element:
    sec = ET.Element("langSec", {XML_LANG: lang})
    if lang in c.definition:
        _sub(sec, "descrip", c.definition[lang], type="definition")
    if lang in c.note:
        _sub(sec, "note", c.note[lang])
    for exc in c.exceptions:
        if exc.lang == lang:
            _sub(sec, "note", keyed(OFFICIAL.get(exc.kind, OFFICIAL["title"]), exc.text))
            for short in exc.short:
                _sub(sec, "note", keyed(SHORT, short))
            for misprint in exc.misprints:
                _sub(sec, "note", keyed(MISPRINT, misprint))
    terms = c.terms_in(lang)
    ids = {t.text.casefold(): term_id(c.id, lang, i) for i, t in enumerate(terms)}
    expansions = {e.casefold() for t in terms for e in t.acronym_of}
    for i, t in enumerate(terms):
        sec.append(term_sec(t, term_id(c.id, lang, i), ids, t.text.casefold() in expansions))
    return sec


def term_sec(t: Term, tid: str, ids: dict[str, str], full_form: bool) -> ET.Element:
    sec = ET.Element("termSec", {"id": tid})
    _sub(sec, "term", t.text)
    _sub(sec, "termNote", STATUS_TBX[t.status], type="administrativeStatus")
    if t.acronym_of:
        _sub(sec, "termNote", "acronym", type="termType")
    elif full_form:
        _sub(sec, "termNote", "fullForm", type="termType")
    if t.provenance is not None:
        p = t.provenance
        group = ET.SubElement(sec, "adminGrp")
        _sub(group, "admin", p.label(), type="source")
        for key, value in ((WHO, p.who), (EDITION, p.edition), (VIA, p.via), (BODY, p.body), (HOW, p.how), (URL, p.url), (NOTE, p.note)):
            if value is not None:
                _sub(group, "note", keyed(key, value))
    for expansion in t.acronym_of:
        target = ids.get(expansion.casefold())
        if target:
            _sub(sec, "ref", expansion, type="crossReference", target=target)
        else:
            _sub(sec, "note", keyed(ACRONYM_OF, expansion))
    for note in term_notes(t):
        _sub(sec, "note", note)
    return sec


def term_notes(t: Term) -> list[str]:
    notes = [keyed(CARE, t.reason or "see the definition")] if t.status is Status.CARE else []
    notes += [keyed(SUGGEST, s) for s in t.suggest] + [keyed(REPHRASE, s) for s in t.rephrase]
    if t.reason and t.status is not Status.CARE:
        notes.append(keyed(REASON, t.reason))
    if t.fine_when:
        notes.append(keyed(FINE_WHEN, t.fine_when))
    notes += [keyed(VARIANT, v) for v in t.variants] + [keyed(PLURAL, p) for p in t.plurals]
    if not t.inflect:
        notes.append(keyed(INFLECT, "no"))
    if t.case_sensitive != default_case_sensitive(t.text, t.acronym_of):
        notes.append(keyed(CASE, yes_no(t.case_sensitive)))
    notes += [keyed(NEAR, n) for n in t.near]
    if t.near and t.near_window != 12:
        notes.append(keyed(NEAR_WINDOW, t.near_window))
    if t.severity is not None:
        notes.append(keyed(SEVERITY, t.severity.value))
    if t.region:
        notes.append(keyed(REGION, t.region))
    return notes
