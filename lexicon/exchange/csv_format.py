"""CSV: one row per term, for spreadsheets and the CSV/Excel import of CAT tools.

Columns (docs/readme-translators.md): concept_id, section, language, term, status,
tbx_status, suggestion, reason, definition, source, evidence_url, evidence_confirmed,
acronym_of. Lists inside a cell are separated by "; ". Written with the csv module
(RFC 4180 quoting); the export adds a UTF-8 byte-order mark so spreadsheet programs
detect the encoding. A cell that a spreadsheet would run as a formula (starting with
`=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading `'`, which
spreadsheets show as text and the import removes again.
"""

from __future__ import annotations

import csv
import io

from lexicon.errors import LexiconError
from lexicon.exchange.records import Record, ordered
from lexicon.exchange.tbx import STATUS_TBX
from lexicon.glossary.types import Glossary

COLUMNS = (
    "concept_id", "section", "language", "term", "status", "tbx_status", "suggestion", "reason",
    "definition", "source", "evidence_url", "evidence_confirmed", "acronym_of",
)
SEP = "; "
MAX_CSV_BYTES = 64 * 1024 * 1024


def rows(glossary: Glossary, langs: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    out = []
    for c in ordered(glossary, langs):
        sources = SEP.join(s.cite() for s in c.sources)
        for t in c.terms:
            if langs and t.lang not in langs:
                continue
            out.append({
                "concept_id": c.id, "section": c.section.id, "language": t.lang, "term": t.text,
                "status": t.status.value, "tbx_status": STATUS_TBX[t.status], "suggestion": SEP.join(t.suggest),
                "reason": t.reason or "", "definition": c.definition.get(t.lang, ""), "source": sources,
                "evidence_url": t.evidence.url if t.evidence else "",
                "evidence_confirmed": "" if t.evidence is None else ("yes" if t.evidence.confirmed else "no"),
                "acronym_of": SEP.join(t.acronym_of),
            })
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
ALIASES = {"lang": "language", "id": "concept_id", "entry_id": "concept_id", "suggest": "suggestion", "sources": "source"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into known column names (comma, semicolon or tab):
    guessing from the data is unreliable, since cells hold "; "-separated lists."""
    header = text.split("\n", 1)[0]
    known = set(COLUMNS) | set(ALIASES)
    return max((",", ";", "\t"), key=lambda d: sum(c.strip().strip('"').casefold() in known for c in header.split(d)))


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
        get = lambda key: restore((row.get(fields[key]) or "").strip()) if key in fields else ""  # noqa: E731
        term, lang = get("term"), get("language")
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
        entry: Record = {"term": term, "status": status}
        for key, column in (("suggest", "suggestion"), ("acronym_of", "acronym_of")):
            if _split(get(column)):
                entry[key] = _split(get(column))
        if get("reason"):
            entry["reason"] = get("reason")
        if get("evidence_url"):
            entry["evidence"] = {"url": get("evidence_url"), "confirmed": get("evidence_confirmed").casefold() in ("yes", "true", "1")}
        concept["terms"].setdefault(lang, []).append(entry)
