"""Check a translation against its source document. Pure; no I/O.

For each concept the source uses (any glossary term, in any context):
- the target's avoid/care findings for that concept (reported by the ordinary rules) say
  which term the source used;
- `translation-consistency` (warning): the target names the concept with two or more
  different agreed terms; every name but the most frequent is reported at its first use;
- `translation-omission` (info): the target has no term of the concept at all, although
  the source uses it in its own voice and the glossary has terms for it in the target
  language (placed at the target's first word, with the source position in the locator
  and the message).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from lexicon.check.pipeline import Linter
from lexicon.check.rules.document import doc_text, name_key
from lexicon.check.rules.finding import finding_at
from lexicon.check.rules.use import Use
from lexicon.check.suppress import Suppressions
from lexicon.glossary.types import Concept
from lexicon.model import Document, FileResult, Finding, Related, Rule, Severity


def uses_in(linter: Linter, doc: Document, lang: str) -> list[Use]:
    """Every glossary term in `doc` (agreed-only concepts included), with its context."""
    return linter.uses(doc, lang, everything=True)


def by_concept(uses: list[Use]) -> dict[str, list[Use]]:
    grouped: dict[str, list[Use]] = defaultdict(list)
    for use in uses:
        grouped[use.term.concept_id].append(use)
    return grouped


def bilingual_findings(linter: Linter, source: Document, source_lang: str, target: Document, target_lang: str) -> list[Finding]:
    """The findings only a source/translation pair can give (see the module docstring)."""
    return _pair_findings(linter, source, by_concept(uses_in(linter, source, source_lang)), target, target_lang)


def _pair_findings(linter: Linter, source: Document, src: dict[str, list[Use]], target: Document, target_lang: str) -> list[Finding]:
    rules = linter.settings.rules
    tgt = by_concept(uses_in(linter, target, target_lang))
    out: list[Finding] = []
    start = len(target.text) - len(target.text.lstrip())  # omissions point at the first word
    for cid, src_uses in src.items():
        concept = linter.glossary.concepts[cid]
        first = src_uses[0]
        where = f"source {source.path}:{source.position(first.start).line}"
        said = " ".join(doc_text(source, first).split())
        if cid not in tgt:
            # a concept named only inside a title or quotation may be rendered by the title's
            # official translation, which need not contain a glossary term
            if Rule.TRANSLATION_OMISSION in rules and concept.terms_in(target_lang) and any(u.own_voice for u in src_uses):
                agreed = [
                    t.text
                    for t in sorted(
                        (t for t in concept.terms_in(target_lang) if t.status.agreed),
                        key=lambda t: (t.status.value != "preferred", t.is_acronym),
                    )
                ]
                out.append(
                    finding_at(
                        target,
                        start,
                        start,
                        rule=Rule.TRANSLATION_OMISSION,
                        concept=concept,
                        term=first.term.text,
                        severity=Severity.INFO,
                        message=f'The source uses "{said}" ({where}) but the translation has no term for '
                        f"'{cid}'; possible omission" + (f' (in {target_lang}: "{agreed[0]}").' if agreed else "."),
                        suggestions=tuple(agreed[:2]),
                        locator=where,  # an omission is placed by where the source says it
                    )
                )
            continue
        if Rule.TRANSLATION_CONSISTENCY in rules:
            out.extend(_consistency(target, tgt[cid], concept, said, where))
    hidden = Suppressions.of(target, linter.settings.ignore)
    return [f for f in out if not hidden.hides(f)]


def _consistency(target: Document, uses: list[Use], concept: Concept, said: str, where: str) -> list[Finding]:
    agreed = [u for u in uses if u.own_voice and u.term.status.agreed]
    names: dict[str, list[Use]] = defaultdict(list)
    for use in agreed:
        names[name_key(use.term)].append(use)
    if len(names) < 2:
        return []
    counts = Counter({key: len(group) for key, group in names.items()})
    order = list(names)
    main = max(order, key=lambda key: (counts[key], -order.index(key)))
    main_text = doc_text(target, names[main][0])
    related = tuple(
        Related(term=doc_text(target, group[0]), count=len(group), positions=tuple(target.position(u.start) for u in group))
        for group in names.values()
    )
    out = []
    for key, group in names.items():
        if key == main:
            continue
        use = group[0]
        out.append(
            finding_at(
                target,
                use.start,
                use.end,
                rule=Rule.TRANSLATION_CONSISTENCY,
                concept=concept,
                term=use.term.text,
                severity=Severity.WARNING,
                message=f'The translation names this concept "{doc_text(target, use)}" here (×{len(group)}) but '
                f'"{main_text}" elsewhere (×{counts[main]}); keep one term for "{said}" ({where}).',
                suggestions=(main_text,),
                related=related,
            )
        )
    return out


def annotate(findings: tuple[Finding, ...], source: Document, src: dict[str, list[Use]]) -> tuple[Finding, ...]:
    """Say on the target's avoid/care findings which term the source used for the concept."""
    out = []
    for f in findings:
        if f.rule in (Rule.AVOID_TERM, Rule.CARE_TERM) and f.concept in src:
            use = src[f.concept][0]
            f = replace(
                f,
                message=f'{f.message} The source says "{" ".join(doc_text(source, use).split())}" '
                f"(line {source.position(use.start).line}).",
            )
        out.append(f)
    return tuple(out)


def check_translation(linter: Linter, source: Document, target: Document, *, source_lang: str | None = None) -> FileResult:
    """Check `target` as usual, then against `source`: one result with every finding."""
    result = linter.check_document(target)
    target_lang = result.lang or linter.language_of(target)
    src = by_concept(uses_in(linter, source, source_lang or linter.language_of(source, setting=False)))
    findings = annotate(result.findings, source, src)
    extra = tuple(_pair_findings(linter, source, src, target, target_lang))
    merged = sorted(findings + extra, key=lambda f: (f.start.offset, f.end.offset, f.rule))
    return replace(result, findings=tuple(merged))
