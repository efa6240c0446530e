"""Figures: one document's (from its record), and the archive's totals (SQL over the run's
documents in the store, so nothing is held per document)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lexicon.audit.analyse import OWN

ORG_COLUMNS = ("org", "organisation", "organization")
AGREED = ("preferred", "admitted")


def share_of(agreed: int, total: int) -> float | None:
    return round(agreed / total, 4) if total else None


@dataclass(slots=True)
class Share:
    """Own-voice term uses and how many of them are agreed terms."""

    agreed: int = 0
    total: int = 0
    documents: int = 0

    @property
    def share(self) -> float | None:
        return share_of(self.agreed, self.total)


@dataclass(slots=True)
class Totals:
    columns: tuple[str, ...]
    documents: int = 0
    unreadable: int = 0
    uses: int = 0
    overall: Share = field(default_factory=Share)
    care: int = 0
    avoid: int = 0
    by_year: dict[str, Share] = field(default_factory=dict)
    by_org: dict[str, Share] = field(default_factory=dict)
    by_concept: dict[str, Share] = field(default_factory=dict)
    avoided: dict[tuple[str, str], int] = field(default_factory=dict)  # own-voice uses of terms to avoid
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def org_column(self) -> str | None:
        return next((c for c in ORG_COLUMNS if c in self.columns), None)


class Tally:
    """Adds up the rows of documents.csv and variants.csv as they are written: one pass,
    and memory bounded by the number of years, organisations, concepts and variants."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.totals = Totals(columns)
        self.year = 5 + columns.index("year") if "year" in columns else None
        org = self.totals.org_column
        self.org = 5 + columns.index(org) if org else None
        self.seen: dict[str, str] = {}  # concept -> the last document counted for it

    def documents(self, rows: list[tuple[Any, ...]]) -> None:
        """path, hash, format, lang, error, metadata..., concepts, uses, own_voice, agreed, care, avoid, share"""
        t = self.totals
        for row in rows:
            t.documents += 1
            if row[4]:
                t.unreadable += 1
                continue
            uses, own, agreed, care, avoid = row[-6:-1]
            t.uses += uses
            t.care += care
            t.avoid += avoid
            _add(t.overall, agreed, own)
            if row[3]:
                t.languages[row[3]] = t.languages.get(row[3], 0) + 1
            for at, target in ((self.year, t.by_year), (self.org, t.by_org)):
                if at is not None and row[at]:
                    _add(target.setdefault(row[at], Share()), agreed, own)

    def variants(self, rows: list[tuple[Any, ...]]) -> None:
        """path, concept, term, status, context, count"""
        by_concept, avoided, seen = self.totals.by_concept, self.totals.avoided, self.seen
        for path, concept, term, status, context, count in rows:
            if context != OWN:
                continue
            share = by_concept.get(concept) or by_concept.setdefault(concept, Share())
            share.total += count
            if status in AGREED:
                share.agreed += count
            elif status == "avoid":
                avoided[(concept, term)] = avoided.get((concept, term), 0) + count
            if seen.get(concept) != path:
                seen[concept] = path
                share.documents += 1


def _add(share: Share, agreed: int, total: int) -> None:
    share.agreed += agreed
    share.total += total
    share.documents += 1
