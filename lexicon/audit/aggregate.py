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
    and memory bounded by the number of years, organisations, concepts and variants.

    Every figure is a sum over documents, so a re-run can start from the last run's totals,
    take away the rows it drops (sign -1) and add the rows it writes instead; `prune` then
    forgets what no document counts any more, as a run from scratch would never have seen it."""

    def __init__(self, columns: tuple[str, ...], totals: Totals | None = None) -> None:
        self.totals = totals if totals is not None else Totals(columns)
        self.year = 5 + columns.index("year") if "year" in columns else None
        org = self.totals.org_column
        self.org = 5 + columns.index(org) if org else None
        self.seen: dict[str, str] = {}  # concept -> the last document counted for it

    def documents(self, rows: list[tuple[Any, ...]], sign: int = 1) -> None:
        """path, hash, format, lang, error, metadata..., concepts, uses, own_voice, agreed, care, avoid, share"""
        t = self.totals
        for row in rows:
            t.documents += sign
            if row[4]:
                t.unreadable += sign
                continue
            uses, own, agreed, care, avoid = row[-6:-1]
            t.uses += sign * uses
            t.care += sign * care
            t.avoid += sign * avoid
            _add(t.overall, agreed, own, sign)
            if row[3]:
                t.languages[row[3]] = t.languages.get(row[3], 0) + sign
            for at, target in ((self.year, t.by_year), (self.org, t.by_org)):
                if at is not None and row[at]:
                    _add(target.setdefault(row[at], Share()), agreed, own, sign)

    def variants(self, rows: list[tuple[Any, ...]], sign: int = 1) -> None:
        """path, concept, term, status, context, count (in path order)"""
        by_concept, avoided, seen = self.totals.by_concept, self.totals.avoided, self.seen
        for path, concept, term, status, context, count in rows:
            if context != OWN:
                continue
            share = by_concept.get(concept) or by_concept.setdefault(concept, Share())
            share.total += sign * count
            if status in AGREED:
                share.agreed += sign * count
            elif status == "avoid":
                avoided[(concept, term)] = avoided.get((concept, term), 0) + sign * count
            if seen.get(concept) != path:
                seen[concept] = path
                share.documents += sign

    def prune(self) -> Totals:
        """Forget the years, organisations, concepts, variants and languages no document
        counts any more (after rows were taken away)."""
        t = self.totals
        for shares in (t.by_year, t.by_org, t.by_concept):
            for name in [k for k, s in shares.items() if s.documents <= 0]:
                del shares[name]
        for variant in [k for k, n in t.avoided.items() if n <= 0]:
            del t.avoided[variant]
        for lang in [k for k, n in t.languages.items() if n <= 0]:
            del t.languages[lang]
        self.seen.clear()
        return t


def _add(share: Share, agreed: int, total: int, sign: int = 1) -> None:
    share.agreed += sign * agreed
    share.total += sign * total
    share.documents += sign


def totals_to_data(t: Totals) -> dict[str, Any]:
    """The totals as plain JSON data (kept in the cache between runs)."""

    def shares(d: dict[str, Share]) -> list[list[Any]]:
        return [[k, s.agreed, s.total, s.documents] for k, s in sorted(d.items())]

    return {
        "columns": list(t.columns),
        "counts": [t.documents, t.unreadable, t.uses, t.care, t.avoid],
        "overall": [t.overall.agreed, t.overall.total, t.overall.documents],
        "by_year": shares(t.by_year),
        "by_org": shares(t.by_org),
        "by_concept": shares(t.by_concept),
        "avoided": [[c, term, n] for (c, term), n in sorted(t.avoided.items())],
        "languages": [[k, n] for k, n in sorted(t.languages.items())],
    }


def totals_from_data(data: Any) -> Totals | None:
    """`totals_to_data` read back; None when the data is not exactly that shape (the cache
    is untrusted: anything odd means the totals are counted again from scratch)."""
    try:
        columns = tuple(_strs(data["columns"]))
        t = Totals(columns)
        t.documents, t.unreadable, t.uses, t.care, t.avoid = _ints(data["counts"], 5)
        t.overall = Share(*_ints(data["overall"], 3))
        for name in ("by_year", "by_org", "by_concept"):
            target = getattr(t, name)
            for key, *figures in data[name]:
                target[_str(key)] = Share(*_ints(figures, 3))
        for concept, term, n in data["avoided"]:
            t.avoided[(_str(concept), _str(term))] = _ints([n], 1)[0]
        for lang, n in data["languages"]:
            t.languages[_str(lang)] = _ints([n], 1)[0]
        return t
    except (KeyError, TypeError, ValueError):
        return None


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _strs(values: Any) -> list[str]:
    return [_str(v) for v in values]


def _ints(values: Any, n: int) -> list[int]:
    ints = [v for v in values if type(v) is int]  # not bool, not float
    if len(ints) != n or len(ints) != len(values):
        raise ValueError(values)
    return ints
