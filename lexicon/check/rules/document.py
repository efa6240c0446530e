"""Document-level rules: `mixed-terms` (one concept named several ways) and `acronym`
(used before it is spelled out, or spelled out inconsistently). Pure; no I/O."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from lexicon.check.rules.finding import finding_at
from lexicon.check.rules.use import Use
from lexicon.glossary.types import Concept, Glossary, Term
from lexicon.model import Document, Finding, Position, Related, Rule, Severity, Status


def _normal(text: str) -> str:
    words = re.findall(r"[^\W_]+", text.casefold())
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def name_key(term: Term) -> str:
    """Acronyms and their expansions are one name, not two."""
    return _normal(term.acronym_of[0]) if term.acronym_of else _normal(term.text)


@dataclass(slots=True)
class Excerpts:
    """Stands in for the Document in the document-level rules when a file is checked in
    parts (see readers/stream.py): what those rules read of the text, recorded for each use
    while its part was in memory. Keyed by offsets in the whole file."""

    positions: dict[int, Position]
    matched: dict[int, str]  # start of a use -> its text as written
    expansions: dict[int, str | None]  # start of an acronym in the author's voice -> its spelling out, if any

    def position(self, offset: int) -> Position:
        return self.positions[offset]

    def locator(self, offset: int) -> str | None:
        return None  # plain text has no pages or paragraphs to name

    def written(self, start: int, end: int) -> str:
        return self.matched[start]


def mixed_terms(doc: Document | Excerpts, uses: list[Use], glossary: Glossary, lang: str) -> list[Finding]:
    by_concept: dict[str, list[Use]] = defaultdict(list)
    keys: dict[int, str] = {}  # name_key per term (a regex each): a document repeats few terms many times

    def key_of(term: Term) -> str:
        key = keys.get(id(term))
        if key is None:
            key = keys[id(term)] = name_key(term)
        return key

    for use in uses:
        if use.own_voice:
            by_concept[use.term.concept_id].append(use)
    findings = []
    for cid, group in by_concept.items():
        names: dict[str, list[Use]] = defaultdict(list)
        known = {key_of(u.term) for u in group}
        name_of: dict[str, str] = {}  # the name each key is counted under (a group repeats few keys)
        for use in group:
            key = key_of(use.term)
            name = name_of.get(key)
            if name is None:
                # "X" and "X de niñas, niños y adolescentes" are one name, short and long
                name = name_of[key] = min((k for k in known if f" {k} " in f" {key} "), key=len)
            names[name].append(use)
        if len(names) < 2:
            continue
        concept = glossary.concepts[cid]
        # the name of the first use, and the first use under another (the uses of one name
        # are those whose term has that name: no need to look through the lists)
        first = name_of[key_of(group[0].term)]
        divergent = next(u for u in group if name_of[key_of(u.term)] != first)
        related = tuple(
            Related(term=us[0].term.text, count=len(us), positions=tuple(doc.position(u.start) for u in us)) for us in names.values()
        )
        flagged = any(u.term.status in (Status.AVOID, Status.CARE) for u in group)
        preferred = [t.text for t in concept.preferred(lang)] or [t.text for t in concept.preferred("en")]
        listing = ", ".join(f'"{r.term}" ×{r.count}' for r in related)
        findings.append(
            finding_at(
                doc,
                divergent.start,
                divergent.end,
                rule=Rule.MIXED_TERMS,
                concept=concept,
                term=divergent.term.text,
                severity=Severity.WARNING if flagged else Severity.INFO,
                message=f"This document names '{cid}' {len(names)} ways ({listing}); pick one"
                + (f': "{preferred[0]}"' if preferred else "")
                + ".",
                suggestions=tuple(preferred[:2]),
                related=related,
            )
        )
    return findings


def one_name_each(uses: list[Use]) -> bool:
    """True when neither document-level rule can find anything in `uses`: no acronym, and
    each concept named in the author's own voice by one and the same term throughout (a
    check that costs a fraction of running the rules)."""
    named: dict[str, int] = {}
    for use in uses:
        term = use.term
        if term.acronym_of:
            return False
        if use.context is None and named.setdefault(term.concept_id, id(term)) != id(term):
            return False
    return True


def doc_text(doc: Document | Excerpts, use: Use) -> str:
    return doc.written(use.start, use.end)


AFTER_PAREN = re.compile(r"\s*\(([^()\n]{3,120})\)")
BEFORE_PAREN = re.compile(r"([^()\n]{3,160})\(\s*$")


def acronyms(doc: Document | Excerpts, uses: list[Use], glossary: Glossary) -> list[Finding]:
    spelled_concepts: set[str] = set()
    seen_acronyms: dict[str, list[tuple[Use, str]]] = defaultdict(list)
    findings: list[Finding] = []
    reported_early: set[str] = set()
    for use in uses:
        term = use.term
        if not term.is_acronym:
            spelled_concepts.add(term.concept_id)
            continue
        if not use.own_voice:
            continue
        expansion = doc.expansions.get(use.start) if isinstance(doc, Excerpts) else spelled_out(doc.source or doc.text, use, term)
        if expansion is not None:
            seen_acronyms[term.text].append((use, expansion))
            continue
        if term.concept_id not in spelled_concepts and term.text not in seen_acronyms and term.text not in reported_early:
            reported_early.add(term.text)
            findings.append(
                _acronym_finding(
                    doc,
                    use,
                    glossary.concepts[term.concept_id],
                    f'"{term.text}" is used before it is spelled out; write "{term.acronym_of[0]} ({term.text})" at first use.',
                )
            )
    for acronym, spelled in seen_acronyms.items():
        term = spelled[0][0].term
        concept = glossary.concepts[term.concept_id]
        known = {_compact(e) for e in term.acronym_of}
        forms = {_compact(exp): exp for _, exp in spelled}
        for use, expansion in spelled:
            if not any(_compact(expansion).startswith(k) or _compact(expansion).endswith(k) for k in known):
                findings.append(
                    _acronym_finding(
                        doc,
                        use,
                        concept,
                        f'"{acronym}" is spelled out as "{expansion}", which the glossary does not give; it stands for "{term.acronym_of[0]}".',
                    )
                )
                break
        if len(forms) > 1:
            use = next(u for u, e in spelled if _compact(e) != _compact(spelled[0][1]))
            findings.append(
                _acronym_finding(doc, use, concept, f'"{acronym}" is spelled out {len(forms)} different ways in this document; keep one.')
            )
    return findings


def _compact(text: str) -> str:
    return _normal(text).replace(" ", "")


def _plausible(expansion: str, term: Term) -> bool:
    """Does a parenthesis spell the acronym out? A known expansion (spacing and plurals
    aside), or words whose initials contain the acronym's letters in order."""
    if any(_compact(expansion).startswith(_compact(e)) for e in term.acronym_of):
        return True
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", expansion.casefold()))
    acronym = [ch for ch in term.text.casefold() if ch.isalpha()]
    if not initials or initials[0] != acronym[0] or len(initials) > len(acronym) + 4:
        return False  # a description in brackets, not an expansion
    letters = iter(initials)
    return all(ch in letters for ch in acronym)


def spelled_out(text: str, use: Use, term: Term) -> str | None:
    after = AFTER_PAREN.match(text, use.end)
    if after:
        expansion = after.group(1).strip()
        return expansion if _plausible(expansion, term) else None
    if not text[use.end : use.end + 3].lstrip().startswith(")") or not text[max(0, use.start - 161) : use.start].rstrip().endswith("("):
        return None  # the usual case, told without the expression (which backtracks over 160 characters)
    before = BEFORE_PAREN.search(text, max(0, use.start - 161), use.start)
    if before:
        tail = before.group(1).strip()
        for expansion in sorted(term.acronym_of, key=len, reverse=True):
            if _normal(tail).endswith(_normal(expansion)):
                return expansion
        words = tail.split()
        return " ".join(words[-max(len(term.text), 1) :])
    return None


def _acronym_finding(doc: Document | Excerpts, use: Use, concept: Concept, message: str) -> Finding:
    return finding_at(
        doc,
        use.start,
        use.end,
        rule=Rule.ACRONYM,
        concept=concept,
        term=use.term.text,
        severity=Severity.WARNING,
        message=message,
        suggestions=use.term.acronym_of[:1],
    )


def stats(uses: Iterable[Use]) -> tuple[tuple[str, ...], int, int]:
    """(concepts, agreed uses, all uses in the author's own voice), in one pass that holds
    no use (a file checked in parts gives them one at a time)."""
    concepts: set[str] = set()
    agreed = total = 0
    for u in uses:
        concepts.add(u.term.concept_id)
        if u.own_voice:
            total += 1
            agreed += u.term.status.agreed
    return tuple(sorted(concepts)), agreed, total


def concept_stats(uses: Iterable[Use]) -> tuple[tuple[str, int, int], ...]:
    """Per concept: (id, agreed uses, all uses) in the author's own voice."""
    counts: dict[str, list[int]] = {}
    for u in uses:
        if u.own_voice:
            pair = counts.setdefault(u.term.concept_id, [0, 0])
            pair[0] += u.term.status.agreed
            pair[1] += 1
    return tuple((cid, a, t) for cid, (a, t) in sorted(counts.items()))
