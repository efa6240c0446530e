"""Turn records read from a TBX or CSV file into valid glossary files, and write them.

Our own exports carry every field, so this only tidies them. A termbase kept in a CAT
tool may lack what the YAML format requires. Where the base glossary (the built-in one) has
the same concept and term, the gap is filled from it, so a round trip through a CAT tool
keeps the Guidelines' reasons and evidence. Otherwise it is filled conservatively and said
in the text: a deprecated term without a suggestion gets the concept's preferred terms, a
missing reason or evidence names the imported file, and an imported verdict is never
`confirmed` (so it stays a warning, never an error, until someone checks it).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lexicon.exchange.records import Record, dump_yaml, source_record, term_record
from lexicon.glossary.types import Concept, Glossary

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEFAULT_SECTION = {"id": "imported", "title": "Imported terms"}


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "concept"


def complete(sections: list[Record], source_name: str, base: Glossary | None = None) -> list[Record]:
    """Valid section files: kebab-case unique ids, required fields present, empty keys dropped."""
    merged: dict[str, Record] = {}
    seen: set[str] = set()
    for block in sections:
        section = dict(block.get("section") or {})
        if not ID_RE.match(section.get("id") or ""):
            section["id"] = slug(section["title"]) if section.get("title") else DEFAULT_SECTION["id"]
        section["title"] = section.get("title") or (DEFAULT_SECTION["title"] if section["id"] == DEFAULT_SECTION["id"] else section["id"])
        target = merged.setdefault(section["id"], {"section": section, "concepts": []})
        for concept in block["concepts"]:
            known = base.concepts.get(concept.get("id") or "") if base else None
            target["concepts"].append(_concept(concept, source_name, seen, known))
    return list(merged.values())


def _concept(raw: Record, source_name: str, seen: set[str], known: Concept | None) -> Record:
    terms = {lang: entries for lang, entries in raw.get("terms", {}).items() if entries}
    first = next((e["term"] for entries in terms.values() for e in entries), "concept")
    cid = raw.get("id") if ID_RE.match(raw.get("id") or "") else slug(raw.get("id") or first)
    base, n = cid, 2
    while cid in seen:
        cid, n = f"{base}-{n}", n + 1
    seen.add(cid)
    definition = dict(raw.get("definition") or {})
    if "en" not in definition and known is not None:
        definition = {"en": known.definition["en"], **definition}
    if "en" not in definition:
        definition = {"en": f"No English definition in the imported termbase ({source_name}).", **definition}
    out: Record = {"id": cid}
    for key in ("section_page", "section_confirmed"):
        if raw.get(key) is not None and raw.get(key) is not False:
            out[key] = raw[key]
    out["definition"] = definition
    if raw.get("note"):
        out["note"] = raw["note"]
    out["sources"] = raw.get("sources") or ([source_record(s) for s in known.sources] if known else []) or [{"title": f"Imported termbase {source_name}"}]
    out["terms"] = {lang: [_term(_from_known(e, lang, known), entries, terms, source_name) for e in entries] for lang, entries in terms.items()}
    for key in ("exceptions", "examples"):
        if raw.get(key):
            out[key] = raw[key]
    return out


def _from_known(entry: Record, lang: str, known: Concept | None) -> Record:
    """A care/avoid term missing a required field takes it from the same term of the base."""
    if known is None or entry["status"] not in ("care", "avoid") or all(entry.get(k) for k in REQUIRED):
        return entry
    same = next((t for t in known.terms_in(lang) if t.text.casefold() == entry["term"].casefold()), None)
    if same is None:
        return entry
    record = term_record(same)
    return {**entry, **{k: record[k] for k in REQUIRED if not entry.get(k) and k in record}}


REQUIRED = ("suggest", "reason", "evidence")


def _term(entry: Record, same_lang: list[Record], all_terms: dict[str, list[Record]], source_name: str) -> Record:
    if entry["status"] not in ("care", "avoid"):
        return entry
    out = dict(entry)
    if not out.get("suggest"):
        agreed = [e["term"] for e in same_lang if e["status"] == "preferred"] or [e["term"] for e in same_lang if e["status"] == "admitted"]
        if not agreed:
            agreed = [e["term"] for entries in all_terms.values() for e in entries if e["status"] == "preferred"][:1]
        out["suggest"] = agreed or ["see the concept's definition"]
    if not out.get("reason"):
        verdict = "deprecated" if out["status"] == "avoid" else "to be used with care"
        out["reason"] = f"marked {verdict} in the imported termbase {source_name}"
    if not out.get("evidence"):
        out["evidence"] = {"url": source_name, "confirmed": False}
    return out


def output_paths(sections: list[Record], out: Path) -> list[tuple[Path, Record]]:
    """Where each section file goes. `out` is a folder (`<section>.yaml` inside it) or a
    .yaml file: one section goes to that file; several go to `<stem>.<section>.yaml` next to
    it. Files are named and ordered by section id, the order every export uses."""
    sections = sorted(sections, key=lambda s: s["section"]["id"])
    if out.suffix.lower() not in (".yaml", ".yml"):
        return [(out / f"{s['section']['id']}.yaml", s) for s in sections]
    if len(sections) == 1:
        return [(out, sections[0])]
    return [(out.with_name(f"{out.stem}.{s['section']['id']}{out.suffix}"), s) for s in sections]


def write_glossary(sections: list[Record], out: Path, header: str = "") -> list[Path]:
    """Write one YAML file per section (see `output_paths`); return the paths written."""
    from lexicon.atomic import write_atomic

    placed = output_paths(sections, out)
    for path, block in placed:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, dump_yaml(block, header), overwrite=True)  # the caller asked about existing files
    return [path for path, _ in placed]
