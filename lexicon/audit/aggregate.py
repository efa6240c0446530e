"""Figures: one document's (from its record), and the archive's totals (SQL over the run's
documents in the store, so nothing is held per document)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lexicon.audit.store import ResultStore

ORG_COLUMNS = ("org", "organisation", "organization")
AGREED_SQL = "v.status IN ('preferred', 'admitted')"


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


READABLE = "FROM plan p JOIN results r ON r.hash = p.hash AND r.key = ? WHERE p.error IS NULL AND r.error IS NULL"


def totals(store: ResultStore, columns: tuple[str, ...]) -> Totals:
    key = store.key
    out = Totals(columns)
    out.documents = store.query("SELECT count(*) FROM plan")[0][0]
    row = store.query(f"SELECT count(*), sum(r.uses), sum(r.own_voice), sum(r.agreed), sum(r.care), sum(r.avoid) {READABLE}", key)[0]
    readable = row[0]
    out.unreadable = out.documents - readable
    out.uses, out.care, out.avoid = row[1] or 0, row[4] or 0, row[5] or 0
    out.overall = Share(row[3] or 0, row[2] or 0, readable)
    for name, target in (("year", out.by_year), (out.org_column, out.by_org)):
        if name in columns:
            m = f"p.m{columns.index(name)}"
            for value, docs, agreed, total in store.query(
                f"SELECT {m}, count(*), sum(r.agreed), sum(r.own_voice) {READABLE} AND coalesce({m}, '') != '' GROUP BY {m}", key):
                target[value] = Share(agreed, total, docs)
    for concept, docs, agreed, total in store.query(
        f"SELECT v.concept, count(DISTINCT p.path), sum(CASE WHEN {AGREED_SQL} THEN v.count ELSE 0 END), sum(v.count) "
        "FROM plan p JOIN variants v ON v.hash = p.hash AND v.key = ? WHERE v.context = 'own' GROUP BY v.concept", key):
        out.by_concept[concept] = Share(agreed, total, docs)
    for concept, term, n in store.query(
        "SELECT v.concept, v.term, sum(v.count) FROM plan p JOIN variants v ON v.hash = p.hash AND v.key = ? "
        "WHERE v.context = 'own' AND v.status = 'avoid' GROUP BY v.concept, v.term", key):
        out.avoided[(concept, term)] = n
    for lang, n in store.query(f"SELECT r.lang, count(*) {READABLE} AND r.lang IS NOT NULL GROUP BY r.lang", key):
        out.languages[lang] = n
    return out
