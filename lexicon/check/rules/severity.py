"""One severity policy for every language and every variant of a term.

The severity of a use in the writer's own voice follows the verdict and who gives it
(`glossary/verdict.py`: only a verdict a source shows the Guidelines themselves giving is an
error by default), never the language or the surface form: every form derived from a term by
the language rules (plural, gender, "prostitution des mineures" from "prostitution
infantile") and every listed variant shares that term's verdict, so it shares its severity.
Context (titles, mentions, law, quotations) then lowers it (rules.py).

Where the two issues behind this meet (one severity across languages and variants; severity
follows provenance), provenance wins: a separately listed term whose verdict comes from
another body or from the team's own reading is a warning even when a sibling term of the
same concept is an error, because the tool must not claim the Guidelines' authority for it.
Pure.
"""

from __future__ import annotations

from lexicon.glossary.types import Concept, Term
from lexicon.glossary.verdict import default_severity
from lexicon.model import Severity


def own_voice_severity(term: Term, concept: Concept) -> Severity | None:  # noqa: ARG001 - concept kept for policies keyed on it
    """Severity of a use in the writer's own voice, before context is considered.

    | verdict | given by the Guidelines (quoted/summarised) | severity |
    | avoid   | yes                                          | error    |
    | avoid   | no (another body, inferred, team)            | warning  |
    | care    | -                                            | warning  |
    | agreed  | -                                            | none     |
    A term's explicit `severity` in the glossary wins (e.g. info for an accepted legal term).
    """
    return default_severity(term.status, term.provenance, term.severity)
