"""Structural checks of raw glossary YAML: known keys, types, required fields.

Works on the dicts `yaml.safe_load` returns and reports problems with file and line;
cross-concept checks live in `validate.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lexicon.errors import GlossaryProblem

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
STATUSES = ("preferred", "admitted", "care", "avoid")
SEVERITIES = ("error", "warning", "info")

FILE_KEYS = {"section", "concepts"}
SECTION_KEYS = {"id", "title"}
CONCEPT_KEYS = {
    "id", "section_page", "section_confirmed", "definition", "note", "sources", "terms",
    "exceptions", "examples",
}
TERM_KEYS = {
    "term", "status", "suggest", "reason", "fine_when", "evidence", "variants", "plurals",
    "inflect", "case_sensitive", "acronym_of", "near", "near_window", "severity",
}
EVIDENCE_KEYS = {"url", "confirmed", "note"}
SOURCE_KEYS = {"title", "article", "page", "url", "confirmed"}
EXCEPTION_KEYS = {"lang", "text", "kind", "short"}
EXAMPLE_KEYS = {"flag", "ok"}

Lines = dict[tuple[Any, ...], int]


class Checker:
    """Collects problems for one file; `where` maps a key path to its line."""

    def __init__(self, path: str, lines: Lines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[GlossaryProblem] = []

    def line(self, key_path: tuple[Any, ...]) -> int | None:
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return None

    def add(self, key_path: tuple[Any, ...], concept: str | None, message: str) -> None:
        self.problems.append(GlossaryProblem(self.path, self.line(key_path), concept, message))

    def keys(self, value: Any, allowed: set[str], key_path: tuple[Any, ...], concept: str | None, what: str) -> bool:
        if not isinstance(value, dict):
            self.add(key_path, concept, f"{what} must be a mapping")
            return False
        for key in value:
            if key not in allowed:
                hint = _closest(str(key), allowed)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                self.add(key_path + (key,), concept, f"unknown key '{key}' in {what}{extra}")
        return True

    def string_list(self, value: Any, key_path: tuple[Any, ...], concept: str | None, what: str) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.add(key_path, concept, f"{what} must be a list of non-empty strings")


def _closest(key: str, allowed: set[str]) -> str | None:
    from rapidfuzz import process

    match = process.extractOne(key, sorted(allowed), score_cutoff=70)
    return match[0] if match else None


def check_file(data: Any, check: Checker, earlier: Mapping[str, dict[str, Any]] | None = None) -> None:
    """Check the shape of one section file. A concept whose id is in `earlier` (loaded from
    an earlier file) is an override: it only needs what it changes."""
    if not check.keys(data, FILE_KEYS, (), None, "a glossary file"):
        return
    section = data.get("section")
    if check.keys(section, SECTION_KEYS, ("section",), None, "section"):
        if not isinstance(section.get("id"), str) or not ID_RE.match(section.get("id", "")):
            check.add(("section", "id"), None, "section id must be kebab-case")
        if not isinstance(section.get("title"), str):
            check.add(("section",), None, "section needs a title")
    concepts = data.get("concepts")
    if not isinstance(concepts, list):
        check.add(("concepts",), None, "'concepts' must be a list")
        return
    for i, concept in enumerate(concepts):
        cid = concept.get("id") if isinstance(concept, dict) else None
        base = (earlier or {}).get(cid) if isinstance(cid, str) else None
        check_concept(concept, ("concepts", i), check, base)


def check_concept(concept: Any, kp: tuple[Any, ...], check: Checker, base: dict[str, Any] | None = None) -> None:
    """Check one concept; with `base` (the concept it overrides) only given fields are checked,
    and a term already in `base` is checked as merged with it."""
    if not check.keys(concept, CONCEPT_KEYS, kp, None, "a concept"):
        return
    cid = concept.get("id")
    if not isinstance(cid, str) or not ID_RE.match(cid):
        check.add(kp + ("id",), None, f"concept id {cid!r} must be kebab-case (a-z, 0-9, '-')")
        cid = None
    own_terms = concept.get("terms")
    if base is not None:
        concept = {**base, **concept}
    _lang_text(concept.get("definition"), kp + ("definition",), cid, check, "definition", required=True)
    if "note" in concept:
        _lang_text(concept["note"], kp + ("note",), cid, check, "note", required=False)
    sources = concept.get("sources")
    if not isinstance(sources, list) or not sources:
        check.add(kp + ("sources",), cid, "a concept needs at least one source")
    else:
        for i, src in enumerate(sources):
            if check.keys(src, SOURCE_KEYS, kp + ("sources", i), cid, "a source") and not isinstance(src.get("title"), str):
                check.add(kp + ("sources", i), cid, "a source needs a title")
    terms = own_terms
    if not isinstance(terms, dict) or not terms:
        if base is None or terms is not None:  # an override may keep the terms it overrides
            check.add(kp + ("terms",), cid, "a concept needs terms per language (e.g. terms: {en: [...]})")
    else:
        for lang, entries in terms.items():
            if not isinstance(lang, str) or not LANG_RE.match(lang):
                check.add(kp + ("terms", lang), cid, f"'{lang}' is not a language tag")
            if not isinstance(entries, list):
                check.add(kp + ("terms", lang), cid, f"terms for '{lang}' must be a list")
                continue
            known = {e["term"].casefold(): e for e in (base or {}).get("terms", {}).get(lang, [])}
            for i, entry in enumerate(entries):
                text = entry.get("term") if isinstance(entry, dict) else None
                earlier_entry = known.get(text.casefold()) if isinstance(text, str) else None
                check_term(entry, kp + ("terms", lang, i), cid, check, earlier_entry)
    for i, exc in enumerate(concept.get("exceptions") or []):
        if check.keys(exc, EXCEPTION_KEYS, kp + ("exceptions", i), cid, "an exception"):
            if not isinstance(exc.get("text"), str) or not isinstance(exc.get("lang"), str):
                check.add(kp + ("exceptions", i), cid, "an exception needs 'lang' and 'text'")
            if "short" in exc:
                check.string_list(exc["short"], kp + ("exceptions", i, "short"), cid, "'short'")
    examples = concept.get("examples")
    if examples is not None and isinstance(examples, dict):
        for lang, block in examples.items():
            if check.keys(block, EXAMPLE_KEYS, kp + ("examples", lang), cid, f"examples for '{lang}'"):
                for kind in ("flag", "ok"):
                    if kind in block:
                        check.string_list(block[kind], kp + ("examples", lang, kind), cid, f"examples.{lang}.{kind}")
    elif examples is not None:
        check.add(kp + ("examples",), cid, "examples must be a mapping of language to {flag, ok}")


def check_term(entry: Any, kp: tuple[Any, ...], cid: str | None, check: Checker, base: dict[str, Any] | None = None) -> None:
    if not check.keys(entry, TERM_KEYS, kp, cid, "a term"):
        return
    if base is not None:
        entry = {**base, **entry}
    text = entry.get("term")
    if not isinstance(text, str) or not text.strip():
        check.add(kp, cid, "a term needs a non-empty 'term'")
        return
    status = entry.get("status")
    if status not in STATUSES:
        check.add(kp + ("status",), cid, f"'{text}': status must be one of {', '.join(STATUSES)}")
        return
    if status in ("care", "avoid"):
        for required in ("suggest", "reason", "evidence"):
            if not entry.get(required):
                check.add(kp, cid, f"'{text}' is '{status}' but has no '{required}'")
        evidence = entry.get("evidence")
        if evidence and check.keys(evidence, EVIDENCE_KEYS, kp + ("evidence",), cid, "evidence"):
            if not isinstance(evidence.get("url"), str) or not isinstance(evidence.get("confirmed"), bool):
                check.add(kp + ("evidence",), cid, f"'{text}': evidence needs 'url' and 'confirmed: true|false'")
    for key in ("suggest", "variants", "plurals", "acronym_of", "near"):
        if key in entry:
            check.string_list(entry[key], kp + (key,), cid, f"'{text}': '{key}'")
    if "severity" in entry and entry["severity"] not in SEVERITIES:
        check.add(kp + ("severity",), cid, f"'{text}': severity must be one of {', '.join(SEVERITIES)}")
    for key in ("inflect", "case_sensitive"):
        if key in entry and not isinstance(entry[key], bool):
            check.add(kp + (key,), cid, f"'{text}': '{key}' must be true or false")


def _lang_text(value: Any, kp: tuple[Any, ...], cid: str | None, check: Checker, what: str, required: bool) -> None:
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values()):
        if required and "en" not in value:
            check.add(kp, cid, f"{what} needs an 'en' text")
        return
    if required or value is not None:
        check.add(kp, cid, f"{what} must be a text or a mapping of language to text")


