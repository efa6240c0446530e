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
            known = _known(concept, base)
            if known is not None:
                concept = {**concept, "id": known.id}
                earlier = next((c for b in merged.values() for c in b["concepts"] if c["id"] == known.id), None)
                if earlier is not None:  # another row of the same built-in concept
                    _add_terms(earlier, _concept(concept, source_name, set(), known))
                    continue
            target["concepts"].append(_concept(concept, source_name, seen, known))
    result = list(merged.values())
    _split_suggestions(result, base)
    return result


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def _split_suggestions(sections: list[Record], base: Glossary | None) -> None:
    """`suggest` keeps what is an agreed term of the glossary (imported or base) in the same
    language; other wording a termbase offers moves to `rephrase`."""
    agreed: dict[str, set[str]] = {}
    for t in base.terms if base else ():
        if t.status.agreed:
            agreed.setdefault(t.lang, set()).add(_norm(t.text))
    entries = [(lang, e) for block in sections for c in block["concepts"] for lang, es in c["terms"].items() for e in es]
    for lang, e in entries:
        if e["status"] in ("preferred", "admitted"):
            agreed.setdefault(lang, set()).add(_norm(e["term"]))
    for lang, e in entries:
        free = [s for s in e.get("suggest") or () if _norm(s) not in agreed.get(lang, set())]
        if free:
            e["suggest"] = [s for s in e["suggest"] if s not in free]
            e["rephrase"] = list(dict.fromkeys([*(e.get("rephrase") or ()), *free]))
            if not e["suggest"]:
                del e["suggest"]


def _add_terms(target: Record, more: Record) -> None:
    for lang, entries in more["terms"].items():
        have = {e["term"].casefold() for e in target["terms"].get(lang, [])}
        target["terms"].setdefault(lang, []).extend(e for e in entries if e["term"].casefold() not in have)
    for lang, text in more.get("definition", {}).items():
        target["definition"].setdefault(lang, text)


def _known(raw: Record, base: Glossary | None) -> Concept | None:
    """The base concept an imported entry stands for: the one with its id, else (CAT tools
    number their entries) the one that holds its English terms, else any of its terms."""
    if base is None:
        return None
    if raw.get("id") in base.concepts:
        return base.concepts[raw["id"]]
    owner = {(t.lang, t.text.casefold()): t.concept_id for t in base.terms}
    entries = sorted(((lang, e) for lang, es in (raw.get("terms") or {}).items() for e in es), key=lambda le: le[0] != "en")
    for lang, entry in entries:
        cid = owner.get((lang, str(entry.get("term", "")).casefold()))
        if cid:
            return base.concepts[cid]
    return None


def _own_id(raw: Record, terms: dict[str, list[Record]]) -> str:
    """A kebab-case id: the entry's own when it has one (not a bare number), else one made
    from its preferred English term (else its first English term, else its first term)."""
    given = str(raw.get("id") or "")
    if ID_RE.match(given) and not given.replace("-", "").isdigit():
        return given
    english = terms.get("en") or []
    chosen = next((e["term"] for e in english if e.get("status") == "preferred"), None) or next((e["term"] for e in english), None)
    first = chosen or next((e["term"] for entries in terms.values() for e in entries), None)
    return slug(first or given or "concept")


def _concept(raw: Record, source_name: str, seen: set[str], known: Concept | None) -> Record:
    terms = {lang: [_with_status(e, lang, known) for e in entries] for lang, entries in raw.get("terms", {}).items() if entries}
    cid = _own_id(raw, terms)
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
    out["definition"] = definition
    if raw.get("note"):
        out["note"] = raw["note"]
    known_sources = [source_record(s) for s in known.sources] if known else []
    out["sources"] = raw.get("sources") or known_sources or [{"title": f"Imported termbase {source_name}"}]
    out["terms"] = {
        lang: [_term(_from_known(e, lang, known), entries, terms, source_name) for e in entries] for lang, entries in terms.items()
    }
    for key in ("exceptions", "examples"):
        if raw.get(key):
            out[key] = raw[key]
    return out


def _with_status(entry: Record, lang: str, known: Concept | None) -> Record:
    """A term read without a status (a bilingual word list) takes the base's verdict on the
    same term, else counts as admitted."""
    if entry.get("status"):
        return entry
    same = next((t for t in known.terms_in(lang) if t.text.casefold() == entry["term"].casefold()), None) if known else None
    return {**entry, "status": same.status.value if same else "admitted"}


def _from_known(entry: Record, lang: str, known: Concept | None) -> Record:
    """A care/avoid term missing a required field takes it from the same term of the base."""
    if known is None or entry["status"] not in ("care", "avoid") or all(entry.get(k) for k in REQUIRED):
        return entry
    same = next((t for t in known.terms_in(lang) if t.text.casefold() == entry["term"].casefold()), None)
    if same is None:
        return entry
    record = term_record(same)
    filled = {k: record[k] for k in REQUIRED if not entry.get(k) and k in record}
    if "suggest" in filled and record.get("rephrase") and not entry.get("rephrase"):
        filled["rephrase"] = record["rephrase"]
    return {**entry, **filled}


REQUIRED = ("suggest", "reason", "provenance")


def _term(entry: Record, same_lang: list[Record], all_terms: dict[str, list[Record]], source_name: str) -> Record:
    if entry["status"] not in ("care", "avoid"):
        return entry
    out = dict(entry)
    if not out.get("suggest") and not out.get("rephrase"):
        agreed = [e["term"] for e in same_lang if e["status"] == "preferred"] or [e["term"] for e in same_lang if e["status"] == "admitted"]
        if agreed:
            out["suggest"] = agreed
        else:
            out["rephrase"] = [e["term"] for entries in all_terms.values() for e in entries if e["status"] == "preferred"][:1] or [
                "see the concept's definition"
            ]
    if not out.get("reason"):
        verdict = "deprecated" if out["status"] == "avoid" else "to be used with care"
        out["reason"] = f"marked {verdict} in the imported termbase {source_name}"
    if not out.get("provenance"):
        out["provenance"] = {"who": "body", "body": f"the imported termbase {source_name}", "how": "quoted", "url": source_name}
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


def render_glossary(sections: list[Record], out: Path, header: str = "") -> list[tuple[Path, str]]:
    """The YAML text of each file `write_glossary` writes, without writing it."""
    return [(path, dump_yaml(block, header)) for path, block in output_paths(sections, out)]


def write_glossary(sections: list[Record], out: Path, header: str = "", *, overwrite: bool = True) -> list[Path]:
    """Write one YAML file per section (see `output_paths`), each atomically; return the paths."""
    from lexicon.atomic import write_atomic

    placed = render_glossary(sections, out, header)
    for path, text in placed:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, overwrite=overwrite)
    return [path for path, _ in placed]
