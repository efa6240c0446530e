"""One severity policy for every language and every variant of a term.

The severity of a use in the writer's own voice follows the concept and the verdict, never
the language or the surface form: "prostitution infantile", "child prostitution" and
"Kinderprostitution" give the same severity, and so do "teen prostitutes" and "child
prostitutes". Context (titles, mentions, law, quotations) then lowers it (rules.py).

This is the single place to change how severity is decided (for instance to make it follow
where a verdict comes from). Pure.
"""

from __future__ import annotations

from lexicon.glossary.types import Concept, Term
from lexicon.model import Severity, Status


def verdict_confirmed(concept: Concept, status: Status) -> bool:
    """Is this verdict on this concept confirmed by a source in any language?"""
    return any(t.status is status and t.evidence is not None and t.evidence.confirmed for t in concept.terms)


def own_voice_severity(term: Term, concept: Concept) -> Severity | None:
    """Severity of a use in the writer's own voice, before context is considered.

    | verdict | confirmed for the concept (any language, any term) | severity |
    | avoid   | yes                                                | error    |
    | avoid   | no                                                 | warning  |
    | care    | -                                                  | warning  |
    | agreed  | -                                                  | none     |
    A term's explicit `severity` in the glossary wins (e.g. info for an accepted legal term).
    """
    if term.severity is not None:
        return term.severity
    if term.status is Status.AVOID:
        return Severity.ERROR if verdict_confirmed(concept, Status.AVOID) else Severity.WARNING
    if term.status is Status.CARE:
        return Severity.WARNING
    return None
