"""The glossary as plain records in the shape of the YAML format (terms/README.md).

`concept_record` is the inverse of `glossary.load.build_concept`: loading the records it
returns gives the same concept. The JSON export, the YAML files written by `lexicon import`
and the TBX/CSV readers all speak this one shape. Pure; no I/O.
"""

from __future__ import annotations

from typing import Any

import yaml

from lexicon.glossary.types import Concept, Glossary, Term
from lexicon.model import Provenance

Record = dict[str, Any]


def term_record(t: Term) -> Record:
    """A term as its YAML entry; fields at their default value are left out."""
    out: Record = {"term": t.text, "status": t.status.value}
    for key, value in (("suggest", t.suggest), ("rephrase", t.rephrase), ("reason", t.reason), ("fine_when", t.fine_when)):
        if value:
            out[key] = list(value) if isinstance(value, tuple) else value
    if t.provenance is not None:
        out["provenance"] = provenance_record(t.provenance)
    for key, value in (("variants", t.variants), ("plurals", t.plurals)):
        if value:
            out[key] = list(value)
    if not t.inflect:
        out["inflect"] = False
    if t.case_sensitive != default_case_sensitive(t.text, t.acronym_of):
        out["case_sensitive"] = t.case_sensitive
    if t.acronym_of:
        out["acronym_of"] = list(t.acronym_of)
    if t.near:
        out["near"] = list(t.near)
        if t.near_window != 12:
            out["near_window"] = t.near_window
    if t.severity is not None:
        out["severity"] = t.severity.value
    if t.region:
        out["region"] = t.region
    return out


def provenance_record(p: Provenance) -> Record:
    """A provenance as its YAML mapping (fields that are not set are left out)."""
    out: Record = {"who": p.who}
    for key in ("edition", "via", "body"):
        if getattr(p, key) is not None:
            out[key] = getattr(p, key)
    out["how"] = p.how
    out["url"] = p.url
    if p.note:
        out["note"] = p.note
    return out


def default_case_sensitive(text: str, acronym_of: tuple[str, ...] | list[str]) -> bool:
    """The loader's default (see `build_term`): acronyms and all-capital words match by case."""
    return bool(acronym_of) or (text.isupper() and len(text) > 1)


def concept_record(c: Concept, langs: tuple[str, ...] | None = None) -> Record:
    """A concept as its YAML mapping, optionally restricted to some languages."""

    def keep(lang: str) -> bool:
        return not langs or lang in langs

    out: Record = {"id": c.id}
    out["definition"] = {k: v for k, v in c.definition.items() if keep(k) or k == "en"}
    note = {k: v for k, v in c.note.items() if keep(k)}
    if note:
        out["note"] = note
    out["sources"] = [source_record(s) for s in c.sources]
    out["terms"] = {lang: [term_record(t) for t in c.terms_in(lang)] for lang in c.languages if keep(lang)}
    exceptions: Record = {}
    for e in c.exceptions:
        if keep(e.lang):
            exceptions.setdefault(e.lang, []).append(
                {
                    "text": e.text,
                    **({"kind": e.kind} if e.kind != "title" else {}),
                    **({"short": list(e.short)} if e.short else {}),
                    **({"misprints": list(e.misprints)} if e.misprints else {}),
                }
            )
    if exceptions:
        out["exceptions"] = exceptions
    examples = {lang: {kind: list(items) for kind, items in block.items() if items} for lang, block in c.examples.items() if keep(lang)}
    examples = {lang: block for lang, block in examples.items() if block}
    if examples:
        out["examples"] = examples
    return out


def source_record(s: Any) -> Record:
    out: Record = {"title": s.title}
    for key in ("edition", "article", "page", "url", "confirmed"):
        value = getattr(s, key)
        if value is not None:
            out[key] = value
    return out


def ordered(glossary: Glossary, langs: tuple[str, ...] | None = None) -> list[Concept]:
    """Concepts in export order: by section id, then in glossary order within a section.

    Every export uses this order, so a glossary re-imported into one file per section
    exports exactly as before."""
    index = {cid: i for i, cid in enumerate(glossary.concepts)}
    chosen = [c for c in glossary.concepts.values() if not langs or any(lang in langs for lang in c.languages)]
    return sorted(chosen, key=lambda c: (c.section.id, index[c.id]))


def section_files(glossary: Glossary, langs: tuple[str, ...] | None = None) -> list[Record]:
    """The glossary as a list of section files ({section, concepts}), in export order."""
    files: dict[str, Record] = {}
    for c in ordered(glossary, langs):
        block = files.setdefault(c.section.id, {"section": {"id": c.section.id, "title": c.section.title}, "concepts": []})
        block["concepts"].append(concept_record(c, langs))
    return list(files.values())


# libyaml's emitter when PyYAML was built with it (the wheels are): the same text as the
# pure-Python one (the built-in glossary dumps byte for byte the same), eight times faster.
_SafeDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[valid-type,misc]
    """Block style, long texts folded onto readable lines, keys in record order."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(section_file: Record, header: str = "") -> str:
    """One section file ({section, concepts}) as YAML text the loader reads back unchanged."""
    text = yaml.dump(section_file, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    return header + text
