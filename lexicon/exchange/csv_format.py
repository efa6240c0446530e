"""CSV: one row per term, for spreadsheets and the CSV/Excel import of CAT tools.

Columns (docs/translators.md): concept_id, section, language, term, status,
tbx_status, suggestion, rephrase, reason, definition, source, provenance (who gives the
verdict, in words), provenance_who, provenance_edition, provenance_by (the body quoting the
Guidelines, or giving its own verdict), provenance_how, provenance_url, acronym_of. Lists inside a cell are separated by "; ". Written with the csv module
(RFC 4180 quoting); the export adds a UTF-8 byte-order mark so spreadsheet programs
detect the encoding. A cell that a spreadsheet would run as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, which
spreadsheets show as text and the import removes again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

from lexicon.errors import LexiconError
from lexicon.exchange.records import Record, ordered
from lexicon.exchange.tbx import STATUS_TBX
from lexicon.exchange.tbx_read import split_lang
from lexicon.glossary.types import Glossary
from lexicon.model import Provenance

COLUMNS = (
    "concept_id",
    "section",
    "language",
    "term",
    "status",
    "tbx_status",
    "suggestion",
    "rephrase",
    "reason",
    "definition",
    "source",
    "provenance",
    "provenance_who",
    "provenance_edition",
    "provenance_by",
    "provenance_how",
    "provenance_url",
    "acronym_of",
)
SEP = "; "
IMPORTED_SECTION = {"id": "imported", "title": "Imported terms"}
MAX_CSV_BYTES = 64 * 1024 * 1024


def rows(glossary: Glossary, langs: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    out = []
    for c in ordered(glossary, langs):
        sources = SEP.join(s.cite() for s in c.sources)
        for t in c.terms:
            if langs and t.lang not in langs:
                continue
            out.append(
                {
                    "concept_id": c.id,
                    "section": c.section.id,
                    "language": t.lang,
                    "term": t.text,
                    "status": t.status.value,
                    "tbx_status": STATUS_TBX[t.status],
                    "suggestion": SEP.join(t.suggest),
                    "rephrase": SEP.join(t.rephrase),
                    "reason": t.reason or "",
                    "definition": c.definition.get(t.lang, ""),
                    "source": sources,
                    **_provenance_cells(t.provenance),
                    "acronym_of": SEP.join(t.acronym_of),
                }
            )
    return out


def _provenance_cells(p: Provenance | None) -> dict[str, str]:
    if p is None:
        return {
            "provenance": "",
            "provenance_who": "",
            "provenance_edition": "",
            "provenance_by": "",
            "provenance_how": "",
            "provenance_url": "",
        }
    return {
        "provenance": p.label(),
        "provenance_who": p.who,
        "provenance_edition": str(p.edition or ""),
        "provenance_by": p.via or p.body or "",
        "provenance_how": p.how,
        "provenance_url": p.url,
    }


def _read_provenance(get: Callable[[str], str]) -> Record | None:
    """The provenance columns of a row; a row with only a URL (older exports, other tools)
    is the team's reading until someone checks it."""
    url = get("provenance_url") or get("evidence_url")
    if not url:
        return None
    who, how = get("provenance_who"), get("provenance_how")
    if who not in ("guidelines", "body", "team") or how not in ("quoted", "summarised", "inferred"):
        return {"who": "team", "how": "inferred", "url": url}
    out: Record = {"who": who}
    if get("provenance_edition") in ("2016", "2025"):
        out["edition"] = int(get("provenance_edition"))
    if get("provenance_by"):
        out["via" if who == "guidelines" else "body"] = get("provenance_by")
    out["how"], out["url"] = how, url
    return out


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def restore(cell: str) -> str:
    """Undo `neutralise` on import."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def write_csv(glossary: Glossary, langs: tuple[str, ...] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows(glossary, langs))
    return buffer.getvalue()


TBX_TO_STATUS = {v: k.value for k, v in STATUS_TBX.items() if k.value != "care"}
ALIASES = {
    "evidence_url": "evidence_url",
    "lang": "language",
    "id": "concept_id",
    "entry_id": "concept_id",
    "suggest": "suggestion",
    "sources": "source",
}


# Column headings of the two-column word lists translators keep ("English,French").
LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "inglés": "en",
    "ingles": "en",
    "englisch": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "francés": "fr",
    "frances": "fr",
    "französisch": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "espagnol": "es",
    "castellano": "es",
    "spanisch": "es",
    "german": "de",
    "deutsch": "de",
    "allemand": "de",
    "alemán": "de",
    "aleman": "de",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "italiano": "it",
    "dutch": "nl",
}


def _column_language(heading: str) -> tuple[str, str | None] | None:
    """('en', None) for a column named "English", ('fr', 'CA') for "fr-CA", else None."""
    name = heading.strip().casefold()
    if name in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[name], None
    if re.fullmatch(r"[a-z]{2,3}([-_][a-z0-9]{2,3})?", name) and name not in COLUMNS and name not in ALIASES:
        return split_lang(heading.strip())
    return None


def _read_bilingual(reader: csv.DictReader[str], columns: dict[str, tuple[str, str | None]]) -> list[Record]:
    """A word list with one column per language: each row is one concept whose terms are
    equivalents. The rows carry no verdict: `complete` takes the base glossary's verdict on
    a known term, and counts any other term as admitted."""
    concepts = []
    for row in reader:
        terms: dict[str, list[Record]] = {}
        for column, (lang, region) in columns.items():
            for text in _split(row.get(column) or ""):
                terms.setdefault(lang, []).append({"term": text, **({"region": region} if region else {})})
        if terms:
            concepts.append({"id": "", "definition": {}, "sources": [], "terms": terms})
    return [{"section": dict(IMPORTED_SECTION), "concepts": concepts}] if concepts else []


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into known column names (comma, semicolon or tab):
    guessing from the data is unreliable, since cells hold "; "-separated lists."""
    header = text.split("\n", 1)[0]
    known = set(COLUMNS) | set(ALIASES)

    def score(cell: str) -> bool:
        cell = cell.strip().strip('"')
        return cell.casefold() in known or _column_language(cell) is not None

    return max((",", ";", "\t"), key=lambda d: sum(score(c) for c in header.split(d)))


def read_csv(data: bytes, name: str) -> list[Record]:
    """Section files from a CSV in the layout above (extra columns are ignored)."""
    if len(data) > MAX_CSV_BYTES:
        raise LexiconError("CSV file is too large", path=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError("CSV must be UTF-8", path=name) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = reader.fieldnames or ()
    except csv.Error as exc:
        raise LexiconError(f"malformed CSV header ({exc})", path=name, line=1) from exc
    fields = {ALIASES.get(f.strip().casefold(), f.strip().casefold()): f for f in header}
    missing = [c for c in ("language", "term") if c not in fields]
    columns = {f: _column_language(f) for f in reader.fieldnames or ()}
    if missing and sum(1 for lang in columns.values() if lang) >= 2:
        return _read_bilingual(reader, {f: lang for f, lang in columns.items() if lang})
    if missing:
        raise LexiconError(f"CSV needs the column(s) {', '.join(missing)} (see the documented columns)", path=name)
    sections: dict[str, Record] = {}
    concepts: dict[str, Record] = {}
    try:
        _rows(reader, fields, sections, concepts, name)
    except csv.Error as exc:  # a field over csv.field_size_limit(), a NUL byte, ...
        raise LexiconError(f"malformed CSV ({exc})", path=name, line=reader.reader.line_num) from exc
    return list(sections.values())


def _rows(reader: csv.DictReader[str], fields: dict[str, str], sections: dict[str, Record], concepts: dict[str, Record], name: str) -> None:
    for line, row in enumerate(reader, start=2):

        def get(key: str, row: dict[str, str] = row) -> str:
            return restore((row.get(fields[key]) or "").strip()) if key in fields else ""

        term, (lang, region) = get("term"), split_lang(get("language")) if get("language") else ("", None)
        if not term or not lang:
            continue
        cid = get("concept_id") or term
        section_id = get("section") or "imported"
        concept = concepts.get(cid)
        if concept is None:
            concept = {"id": cid, "definition": {}, "sources": [{"title": s} for s in _split(get("source"))], "terms": {}}
            concepts[cid] = concept
            block = sections.setdefault(section_id, {"section": {"id": section_id, "title": section_id}, "concepts": []})
            block["concepts"].append(concept)
        if get("definition"):
            concept["definition"].setdefault(lang, get("definition"))
        status = get("status").casefold() or TBX_TO_STATUS.get(get("tbx_status"), "admitted")
        if status not in ("preferred", "admitted", "care", "avoid"):
            raise LexiconError(f"unknown status '{status}' (preferred, admitted, care, avoid)", path=name, line=line)
        entry: Record = {"term": term, "status": status, **({"region": region} if region else {})}
        for key, column in (("suggest", "suggestion"), ("rephrase", "rephrase"), ("acronym_of", "acronym_of")):
            if _split(get(column)):
                entry[key] = _split(get(column))
        if get("reason"):
            entry["reason"] = get("reason")
        provenance = _read_provenance(get)
        if provenance:
            entry["provenance"] = provenance
        concept["terms"].setdefault(lang, []).append(entry)
