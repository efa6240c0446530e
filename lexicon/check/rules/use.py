"""`Use`: one glossary term found in a document, with the context it stands in. The
matcher and the context finder produce them; every rule reads them."""

from __future__ import annotations

from dataclasses import dataclass

from lexicon.glossary.types import Term
from lexicon.model import Context


@dataclass(frozen=True, slots=True)
class Use:
    """One occurrence of a glossary term in the author's own voice (`context` None) or not."""

    start: int
    end: int
    term: Term
    context: Context | None

    @property
    def own_voice(self) -> bool:
        return self.context is None
