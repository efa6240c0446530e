"""Read TBX (v3 `tbx`/`conceptEntry`/`langSec`/`termSec`, or v2 `martif`/`termEntry`/
`langSet`/`tig`/`ntig`) into glossary records. Untrusted input: parsed with defusedxml,
entities are never expanded. The inverse of `exchange.tbx`; foreign termbases are read
too, and `exchange.complete` fills what the YAML format requires but they lack."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from lexicon.errors import LexiconError
from lexicon.exchange import tbx
from lexicon.exchange.records import Record

MAX_TBX_BYTES = 64 * 1024 * 1024
CONCEPT_TAGS, LANG_TAGS, TERM_TAGS = {"conceptEntry", "termEntry"}, {"langSec", "langSet"}, {"termSec", "tig", "ntig"}


def local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def text_of(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def parse(data: bytes, name: str) -> ET.Element:
    if len(data) > MAX_TBX_BYTES:
        raise LexiconError("TBX file is too large", path=name)
    try:
        root: ET.Element = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return root
    except DefusedXmlException as exc:
        raise LexiconError(f"refused unsafe XML ({type(exc).__name__})", path=name) from exc
    except ET.ParseError as exc:
        raise LexiconError(f"not well-formed XML: {exc}", path=name) from exc


def read_tbx(data: bytes, name: str) -> list[Record]:
    """Section files ({section, concepts}) in document order of their first concept."""
    root = parse(data, name)
    if local(root) not in ("tbx", "martif"):
        raise LexiconError(f"not a TBX file (root element <{local(root)}>)", path=name)
    sections: dict[str, Record] = {}
    for entry in root.iter():
        if local(entry) in CONCEPT_TAGS:
            section, concept = read_concept(entry)
            block = sections.setdefault(section["id"], {"section": section, "concepts": []})
            block["concepts"].append(concept)
    return list(sections.values())


def read_concept(entry: ET.Element) -> tuple[dict[str, str], Record]:
    section = {"id": "", "title": ""}
    concept: Record = {"id": entry.get("id") or "", "definition": {}, "note": {}, "sources": [], "terms": {}, "exceptions": {}}
    page: Record = {}
    for child in entry:
        kind, value = local(child), child.get("type")
        if kind == "descrip" and value == "subjectField":
            section["title"] = text_of(child)
        elif kind == "admin" and value == "projectSubset":  # older exports, other tools
            section["id"] = text_of(child)
        elif kind == "admin" and value == "source":
            concept["sources"].append({"title": text_of(child)})
        elif kind == "adminGrp":
            concept["sources"].append(_source(child))
        elif kind == "descrip" and value == "definition":
            concept["definition"].setdefault(split_lang(entry.get(tbx.XML_LANG) or "en")[0], text_of(child))
        elif kind == "descripGrp":  # an entry-level definition with its source (memoQ, Trados)
            for d in child:
                if local(d) == "descrip" and d.get("type") == "definition":
                    concept["definition"].setdefault(split_lang(entry.get(tbx.XML_LANG) or "en")[0], text_of(d))
        elif kind == "note":
            key, text = tbx.split_key(text_of(child), tbx.CONCEPT_KEYS)
            if key == tbx.SECTION_ID:
                section["id"] = text
            elif key == tbx.SECTION_PAGE and text.isdigit():  # exports before issue 12
                page["page"] = int(text)
            elif key == tbx.SECTION_CONFIRMED:
                page["confirmed"] = text == "yes"
            else:
                _append(concept["note"], "en", text)
        elif kind in LANG_TAGS:
            _read_lang(child, concept)
    if page and not any(s.get("edition") for s in concept["sources"]):
        concept["sources"].insert(0, {"title": "Luxembourg Guidelines (2016)", "edition": 2016, **page})
    return section, concept


def _append(texts: dict[str, str], lang: str, text: str) -> None:
    texts[lang] = f"{texts[lang]} {text}" if lang in texts else text


def _source(group: ET.Element) -> Record:
    source: Record = {"title": ""}
    for child in group:
        kind = local(child)
        if kind == "admin":
            source["title"] = text_of(child)
        elif kind == "xref":
            source["url"] = child.get("target") or text_of(child)
        elif kind == "note":
            key, text = tbx.split_key(text_of(child), tbx.SOURCE_KEYS)
            if key == tbx.URL:
                source["url"] = text
            elif key == tbx.ARTICLE:
                source["article"] = text
            elif key == tbx.PAGE and text.isdigit():
                source["page"] = int(text)
            elif key == tbx.CONFIRMED:
                source["confirmed"] = text == "yes"
            elif key == tbx.EDITION and text in ("2016", "2025"):
                source["edition"] = int(text)
    return {k: source[k] for k in ("title", "edition", "article", "page", "url", "confirmed") if k in source}


def split_lang(tag: str) -> tuple[str, str | None]:
    """A CAT tool's language tag as (glossary language, region): 'en-GB' -> ('en', 'GB'),
    'es-419' -> ('es', '419'), 'fr' -> ('fr', None); other subtags are kept in the language."""
    parts = tag.replace("_", "-").split("-")
    primary = parts[0].casefold()
    if len(parts) == 2 and (len(parts[1]) == 2 and parts[1].isalpha() or len(parts[1]) == 3 and parts[1].isdigit()):
        return primary, parts[1].upper()
    return "-".join([primary, *parts[1:]]), None


def _lang_of(el: ET.Element) -> tuple[str, str | None]:
    return split_lang(el.get(tbx.XML_LANG) or el.get("lang") or "und")


def _read_lang(sec: ET.Element, concept: Record) -> None:
    lang, region = _lang_of(sec)
    terms = concept["terms"].setdefault(lang, [])
    for child in sec:
        kind = local(child)
        if kind == "descrip" and child.get("type") == "definition":
            _append(concept["definition"], lang, text_of(child))
        elif kind == "descripGrp":
            for d in child:
                if local(d) == "descrip" and d.get("type") == "definition":
                    _append(concept["definition"], lang, text_of(d))
        elif kind == "note":
            key, text = tbx.split_key(text_of(child), tbx.LANG_KEYS)
            listed = concept["exceptions"].get(lang)
            if key in (tbx.SHORT, tbx.MISPRINT) and listed:
                listed[-1].setdefault("short" if key == tbx.SHORT else "misprints", []).append(text)
            elif key in tbx.OFFICIAL.values():
                kind_name = next(k for k, v in tbx.OFFICIAL.items() if v == key)
                concept["exceptions"].setdefault(lang, []).append({"text": text, **({"kind": kind_name} if kind_name != "title" else {})})
            else:
                _append(concept["note"], lang, text)
        elif kind in TERM_TAGS:
            term = read_term(child, sec)
            if term is not None:
                if region and "region" not in term:
                    term["region"] = region
                terms.append(term)


def _status(admin: str | None, care: bool) -> str:
    value = (admin or "").casefold().replace("-admn-sts", "").replace("termadmnsts", "").replace("term", "")
    if value in ("deprecated", "superseded", "forbidden", "notrecommended", "obsolete"):
        return "avoid"
    if value == "preferred":
        return "preferred"
    return "care" if care else "admitted"


def read_term(el: ET.Element, sec: ET.Element) -> Record | None:
    term_el = next((d for d in el.iter() if local(d) == "term"), None)
    if term_el is None or not text_of(term_el):
        return None
    admin = usage = term_type = None
    notes: list[str] = []
    provenance: Record | None = None
    for d in el.iter():
        kind, value = local(d), d.get("type")
        if kind == "termNote" and value == "administrativeStatus":
            admin = text_of(d)
        elif kind == "termNote" and value == "usageNote":  # TBX-Core and other dialects
            usage = text_of(d)
        elif kind == "termNote" and value == "termType":
            term_type = text_of(d)
        elif kind == "ref" and value == "crossReference":
            notes.append(tbx.keyed(tbx.ACRONYM_OF, text_of(d)))
        elif kind == "adminGrp":
            provenance = _provenance(d)
        elif kind == "note" and d not in _group_children(el):
            key, text = tbx.split_key(text_of(d), (tbx.CARE,))
            if key == tbx.CARE:
                usage = text
            else:
                notes.append(text_of(d))
    status = _status(admin, usage is not None)
    out: Record = {"term": text_of(term_el), "status": status}
    if status == "care" and usage:
        out["reason"] = usage
    if provenance:
        out["provenance"] = provenance
    _apply_notes(out, notes)
    if term_type == "acronym" and "acronym_of" not in out:
        full = [
            text_of(t)
            for s in sec
            if local(s) in TERM_TAGS
            for t in s.iter()
            if local(t) == "term"
            if any(local(n) == "termNote" and text_of(n) == "fullForm" for n in s.iter())
        ]
        if full:
            out["acronym_of"] = full[:1]
    return out


def _group_children(el: ET.Element) -> set[ET.Element]:
    return {c for g in el.iter() if local(g) == "adminGrp" for c in g}


def _provenance(group: ET.Element) -> Record:
    """A term's adminGrp as a provenance. Groups written before issue 12 (or by other tools)
    have no 'Who': they become the team's reading, never a verdict of the Guidelines."""
    title, notes = "", {}
    for child in group:
        if local(child) == "admin":
            title = text_of(child)
        elif local(child) == "note":
            key, text = tbx.split_key(text_of(child), tbx.PROVENANCE_KEYS)
            if key:
                notes[key] = text
    url = notes.get(tbx.URL) or title
    if notes.get(tbx.WHO) not in ("guidelines", "body", "team") or notes.get(tbx.HOW) not in ("quoted", "summarised", "inferred"):
        out: Record = {"who": "team", "how": "inferred", "url": url}
        if title and title != url:
            out["note"] = title
        return out
    out = {"who": notes[tbx.WHO]}
    if notes.get(tbx.EDITION) in ("2016", "2025"):
        out["edition"] = int(notes[tbx.EDITION])
    for key, name in ((tbx.VIA, "via"), (tbx.BODY, "body")):
        if notes.get(key):
            out[name] = notes[key]
    out["how"] = notes[tbx.HOW]
    out["url"] = url
    if notes.get(tbx.NOTE):
        out["note"] = notes[tbx.NOTE]
    return out


LIST_KEYS = {
    tbx.SUGGEST: "suggest",
    tbx.REPHRASE: "rephrase",
    tbx.VARIANT: "variants",
    tbx.PLURAL: "plurals",
    tbx.NEAR: "near",
    tbx.ACRONYM_OF: "acronym_of",
}


def _apply_notes(out: Record, notes: list[str]) -> None:
    lists: dict[str, list[str]] = {}
    for note in notes:
        key, text = tbx.split_key(note, tbx.TERM_KEYS)
        if key in LIST_KEYS:
            lists.setdefault(LIST_KEYS[key], []).append(text)
        elif key == tbx.REASON:
            out["reason"] = text
        elif key == tbx.FINE_WHEN:
            out["fine_when"] = text
        elif key == tbx.INFLECT:
            out["inflect"] = text == "yes"
        elif key == tbx.CASE:
            out["case_sensitive"] = text == "yes"
        elif key == tbx.NEAR_WINDOW and text.isdigit():
            out["near_window"] = int(text)
        elif key == tbx.SEVERITY and text in ("error", "warning", "info"):
            out["severity"] = text
        elif key == tbx.REGION and text:
            out["region"] = text
        elif key is None and "reason" not in out and out["status"] in ("avoid", "care"):
            out["reason"] = text
    for key in ("suggest", "rephrase", "variants", "plurals", "acronym_of", "near"):
        if lists.get(key):
            out[key] = lists[key]
