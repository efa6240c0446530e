"""Turn matches into findings: severity from the verdict and the context, the message,
the suggestions (in the case of the matched text). Pure; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lexicon.check.rules.finding import finding_at
from lexicon.check.rules.severity import own_voice_severity
from lexicon.glossary.types import Concept, Term
from lexicon.model import Context, Document, Finding, Rule, Severity, Status

RULE_SUMMARY = {
    Rule.AVOID_TERM: "a term the Luxembourg Guidelines ask to avoid",
    Rule.CARE_TERM: "a term the Luxembourg Guidelines ask to use with care",
    Rule.MIXED_TERMS: "one concept named several ways in one document",
    Rule.ACRONYM: "an acronym used before it is spelled out, or spelled out inconsistently",
    Rule.TRANSLATION_CONSISTENCY: "a translation names one concept with several agreed terms",
    Rule.TRANSLATION_OMISSION: "a concept of the source has no term in the translation",
}

CONTEXT_NOTE = {
    Context.TITLE: "inside an official title or name: fine to quote",
    Context.METALINGUISTIC: "the term is discussed as a term",
    Context.LEGAL: "legal text: keep only where you quote or cite the law",
    Context.QUOTED: "quoted: keep only if quoting a legal text or a person",
    Context.FINE: "the sentence shows the use the glossary accepts",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """How context changes severity (from settings)."""

    quoted: Severity = Severity.WARNING
    legal: Severity = Severity.WARNING
    legal_profile: bool = False


def severity_in_context(base: Severity, context: Context | None, policy: Policy) -> Severity:
    if context is None:  # most findings: the writer's own voice
        return base
    if context in (Context.TITLE, Context.METALINGUISTIC, Context.FINE):
        return Severity.INFO
    cap = policy.legal if context is Context.LEGAL else policy.quoted if context is Context.QUOTED else None
    if cap is not None and cap.rank < base.rank:
        return cap
    return base


def match_case(suggestion: str, matched: str) -> str:
    """Follow the matched text's case: ALL CAPS stays caps, a capital first letter stays."""
    if matched.isupper() and len(matched.split()) > 1 and not suggestion.isupper():
        # a heading in capitals ("CHILD PORNOGRAPHY"); an acronym ("CSEC") is not a reason to shout
        return suggestion.upper()
    if matched[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


SNIPPET = 40


def surroundings(text: str, start: int, end: int) -> tuple[str, str]:
    """The words around a match in its paragraph (cut at whole words, white space folded,
    "…" where the paragraph goes on), for showing it in context."""
    lo, hi = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    para = text.rfind("\n\n", lo, start)
    cut_before = para == -1 and lo > 0
    lo = para + 2 if para != -1 else lo
    para = text.find("\n\n", end, hi)
    cut_after = para == -1 and hi < len(text)
    hi = para if para != -1 else hi
    before_words = text[lo:start].split()[1 if cut_before else 0 :]
    after_words = text[end:hi].split()
    after_words = after_words[:-1] if cut_after else after_words
    before = " ".join(before_words) + (" " if before_words and text[start - 1 : start].isspace() else "")
    after = (" " if after_words and text[end : end + 1].isspace() else "") + " ".join(after_words)
    return ("…" if cut_before else "") + before, after + ("…" if cut_after else "")


def message_for(term: Term, context: Context | None) -> str:
    verb = "Avoid" if term.status is Status.AVOID else "Use with care"
    message = f'{verb} "{term.text}"'
    if term.reason:
        message += f": {term.reason.rstrip('.')}."
    if term.fine_when:
        message += f" Fine when {term.fine_when.rstrip('.')}."
    if context is not None:
        message += f" ({CONTEXT_NOTE[context]})"
    return message


# What a finding on a term says wherever it stands, worked out once per term (and context,
# or shape of the matched text): a file with 100,000 findings shares these strings instead
# of building and holding 100,000 copies. Keyed by the term's identity; the caller owns the
# memo and keeps the glossary (so its terms) alive as long as it.
Memo = dict[tuple[int, object], Any]


def term_finding(
    doc: Document,
    start: int,
    end: int,
    term: Term,
    concept: Concept,
    context: Context | None,
    policy: Policy,
    memo: Memo | None = None,
) -> Finding | None:
    memo = {} if memo is None else memo
    tid = id(term)
    fixed = memo.get((tid, "fixed"))  # (looked up inline: a call and a closure per finding added up)
    if fixed is None:
        fixed = memo[(tid, "fixed")] = _fixed(term, concept)
    base, rule, reference, confirmed = fixed
    if base is None:
        return None
    if policy.legal_profile and context is None:
        context = Context.LEGAL
    severity = severity_in_context(base, context, policy)
    matched = doc.written(start, end)
    before, after = surroundings(doc.source or doc.text, start, end)
    shape = (matched.isupper() and len(matched.split()) > 1, matched[:1].isupper())  # all that match_case looks at
    message = memo.get((tid, context))
    if message is None:
        message = memo[(tid, context)] = message_for(term, context)
    suggestions = memo.get((tid, shape))
    if suggestions is None:
        suggestions = memo[(tid, shape)] = tuple(match_case(s, matched) for s in term.alternatives)
    return finding_at(
        doc,
        start,
        end,
        rule=rule,
        concept=concept,
        term=term.text,
        severity=severity,
        matched=matched,
        before=before,
        after=after,
        message=message,
        suggestions=suggestions,
        reference=reference,
        confirmed=confirmed,
        provenance=term.provenance,
        context=context,
        lang=term.lang,
    )


def _fixed(term: Term, concept: Concept) -> tuple[Severity | None, Rule, str, bool | None]:
    """What a finding on `term` says wherever it stands and whatever its context: the
    severity in the writer's own voice, the rule, the reference, whether the Guidelines
    confirm the verdict (worked out once per term, see Memo)."""
    base = own_voice_severity(term, concept)
    rule = Rule.AVOID_TERM if term.status is Status.AVOID else Rule.CARE_TERM
    confirmed = term.provenance.from_guidelines if term.provenance else None
    return base, rule, "" if base is None else concept.verdict_reference(term), confirmed  # (no finding: no reference)
