"""Streaming totals over the documents, one record at a time: nothing grows with the
number of documents except the keys of the metadata (years, organisations) and the
glossary's variants."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from lexicon.audit.analyse import OWN, Record

AGREED = ("preferred", "admitted")
ORG_COLUMNS = ("org", "organisation", "organization")


@dataclass(slots=True)
class Share:
    """Own-voice term uses and how many of them are agreed terms."""

    agreed: int = 0
    total: int = 0
    documents: int = 0

    @property
    def share(self) -> float | None:
        return round(self.agreed / self.total, 4) if self.total else None


def counts(record: Record) -> dict[str, Any]:
    """One document's figures, as written to documents.csv."""
    own = Counter()
    uses = 0
    concepts = set()
    for concept, _term, status, context, n in record["variants"]:
        uses += n
        concepts.add(concept)
        if context == OWN:
            own[status] += n
    total = sum(own.values())
    agreed = own["preferred"] + own["admitted"]
    return {
        "concepts": ";".join(sorted(concepts)), "uses": uses, "own_voice": total, "agreed": agreed,
        "care": own["care"], "avoid": own["avoid"], "agreed_share": round(agreed / total, 4) if total else None,
    }


@dataclass(slots=True)
class Totals:
    columns: tuple[str, ...]
    documents: int = 0
    unreadable: int = 0
    uses: int = 0
    overall: Share = field(default_factory=Share)
    care: int = 0
    avoid: int = 0
    by_year: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    by_org: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    by_concept: dict[str, Share] = field(default_factory=lambda: defaultdict(Share))
    avoided: Counter[tuple[str, str]] = field(default_factory=Counter)  # own-voice uses of avoid terms
    languages: Counter[str] = field(default_factory=Counter)

    def add(self, meta: tuple[str, ...], record: Record, figures: dict[str, Any]) -> None:
        self.documents += 1
        if record.get("error"):
            self.unreadable += 1
            return
        if record.get("lang"):
            self.languages[record["lang"]] += 1
        self.uses += figures["uses"]
        self.care += figures["care"]
        self.avoid += figures["avoid"]
        _add(self.overall, figures["agreed"], figures["own_voice"])
        values = dict(zip(self.columns, meta))
        if values.get("year"):
            _add(self.by_year[values["year"]], figures["agreed"], figures["own_voice"])
        org = next((values[c] for c in ORG_COLUMNS if values.get(c)), None)
        if org:
            _add(self.by_org[org], figures["agreed"], figures["own_voice"])
        named: set[str] = set()
        for concept, term, status, context, n in record["variants"]:
            if context != OWN:
                continue
            share = self.by_concept[concept]
            share.total += n
            if status in AGREED:
                share.agreed += n
            if status == "avoid":
                self.avoided[(concept, term)] += n
            named.add(concept)
        for concept in named:
            self.by_concept[concept].documents += 1

    @property
    def org_column(self) -> str | None:
        return next((c for c in ORG_COLUMNS if c in self.columns), None)


def _add(share: Share, agreed: int, total: int) -> None:
    share.agreed += agreed
    share.total += total
    share.documents += 1
