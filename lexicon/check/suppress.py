"""The one place that decides whether a finding is switched off: by the run's `ignore`
setting (a concept id, a rule name or an exact phrase, any case) or by the document's own
`lexicon-disable` comments. The checker and the bilingual check both ask it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from lexicon.model import Document, Finding

Range = tuple[int, int, frozenset[str] | None]  # start, end, the names it switches off (None: all)


class Suppressions:
    """What is switched off in one document; build once per document, ask per finding."""

    def __init__(self, ignore: Iterable[str], ranges: tuple[Range, ...] = ()) -> None:
        self.ignore = frozenset(" ".join(s.split()).casefold() for s in ignore)
        # ranges sorted by start, their starts, and the furthest end reached by any range up
        # to each one: a finding looks only at the ranges that can hold it, so a file with
        # thousands of `disable-next-line` comments costs no per-finding scan
        self._ranges = sorted(ranges, key=lambda r: r[0])
        self._starts = [r[0] for r in self._ranges]
        self._reach: list[int] = []
        furthest = -1
        for _start, end, _names in self._ranges:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    @classmethod
    def of(cls, doc: Document, ignore: Iterable[str]) -> Suppressions:
        return cls(ignore, doc.suppressions)

    def hides(self, finding: Finding) -> bool:
        if not self.ignore and not self._ranges:
            return False  # the usual case: nothing switched off (no text to fold per finding)
        names = (finding.concept, finding.rule)
        if any(n in self.ignore for n in names) or " ".join(finding.matched.split()).casefold() in self.ignore:
            return True
        offset = finding.start.offset
        k = bisect.bisect_right(self._starts, offset) - 1
        while k >= 0 and self._reach[k] > offset:  # only ranges that start before and may reach past it
            start, end, switched_off = self._ranges[k]
            if start <= offset < end and (switched_off is None or any(n in switched_off for n in names)):
                return True
            k -= 1
        return False
