"""`finding_at`, the one place a Finding is made, fills each field from the argument of the
same meaning (it passes them by position, for speed: a swap of two text fields would
still type-check). Every value here is distinct so that any swap shows."""

from __future__ import annotations

import dataclasses

from lexicon.check.rules.finding import finding_at
from lexicon.glossary import load_glossary
from lexicon.model import Context, Document, Finding, Position, Provenance, Related, Rule, Severity


def test_every_field_of_a_finding_holds_what_its_argument_says() -> None:
    concept = next(iter(load_glossary().concepts.values()))
    doc = Document(path="note.txt", format="text", text="Intro line.\nThe report cites child pornography laws.\n")
    start = doc.text.index("child")
    end = start + len("child pornography")
    provenance = Provenance(who="team", how="inferred")
    related = (Related(term="other term", count=2, positions=(Position(1, 1, 0),)),)
    f = finding_at(
        doc,
        start,
        end,
        rule=Rule.CARE_TERM,
        concept=concept,
        term="the term",
        severity=Severity.WARNING,
        message="the message",
        suggestions=("a suggestion",),
        reference="the reference",
        context=Context.QUOTED,
        related=related,
        before="text before",
        after="text after",
        provenance=provenance,
        confirmed=True,
        lang="fr",
        locator="page 3",
    )
    assert dataclasses.asdict(f) == dataclasses.asdict(
        Finding(
            rule=Rule.CARE_TERM,
            concept=concept.id,
            severity=Severity.WARNING,
            matched="child pornography",
            start=Position(line=2, column=18, offset=start),
            end=Position(line=2, column=35, offset=end),
            message="the message",
            suggestions=("a suggestion",),
            reference="the reference",
            confirmed=True,
            term="the term",
            context=Context.QUOTED,
            locator="page 3",
            related=related,
            before="text before",
            after="text after",
            provenance=provenance,
            lang="fr",
        )
    )
    plain = finding_at(doc, start, end, rule=Rule.AVOID_TERM, concept=concept, term="t", severity=Severity.ERROR, message="m")
    assert (plain.matched, plain.reference, plain.locator, plain.suppressed) == ("child pornography", concept.reference(), None, False)
