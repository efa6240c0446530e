"""The language of each block (paragraph) of a document, worked out only where it matters.

A match of a term in language L is kept when its block is in L. Blocks are told apart by
blank lines. Cheap by design: a block whose matches are all in the document's language is
taken to be in that language without looking, and where the document's language is
unknown a block whose matches are all in one language keeps them; any other block is
detected (registry hints, then the detector). Declared languages (the
document's, or an element's span from HTML `lang`) win. A block whose language cannot be
told keeps the matches of every language (one per place: the document's language first).
"""

from __future__ import annotations

from collections import defaultdict

from lexicon.check.language.guess import guess, hints
from lexicon.check.match.terms import Match
from lexicon.model import Document

BLOCK_LIMIT = 3000  # characters either side: a text without blank lines is cut in pieces


def base_language(code: str) -> str:
    """fr-CA -> fr, es_ES -> es."""
    return code.replace("_", "-").split("-")[0].lower()


def block_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n\n", max(0, start - BLOCK_LIMIT), start)
    lo = lo + 2 if lo != -1 else max(0, start - BLOCK_LIMIT)
    hi = text.find("\n\n", end, end + BLOCK_LIMIT)
    hi = hi if hi != -1 else min(len(text), end + BLOCK_LIMIT)
    return lo, hi


class BlockLanguages:
    def __init__(self, doc: Document, languages: tuple[str, ...], doc_lang: str | None) -> None:
        self.doc = doc
        self.languages = languages
        self.doc_lang = doc_lang

    def declared(self, offset: int) -> str | None:
        """The language an element's markup declares at `offset` (innermost first), if it
        is one lexicon checks. (The document's own declaration is in `doc_lang`.)"""
        best: tuple[int, str] | None = None
        for lo, hi, code in self.doc.lang_spans:
            if lo <= offset < hi and (best is None or lo >= best[0]):
                best = (lo, code)
        lang = base_language(best[1]) if best else None
        return lang if lang in self.languages else None

    def keep(self, matches: list[Match]) -> list[Match]:
        if len(self.languages) == 1:
            return matches
        if self.doc_lang is not None and not self.doc.lang_spans:
            own = [m for m in matches if m.term.lang == self.doc_lang]
            spans = {(m.start, m.end) for m in own}
            if all(m.term.lang == self.doc_lang or (m.start, m.end) in spans for m in matches):
                return own  # the usual case, decided without looking at blocks
        out: list[Match] = []
        groups: dict[tuple[int, int], list[Match]] = defaultdict(list)
        for m in matches:
            declared = self.declared(m.start) if self.doc.lang_spans else None
            if declared is not None:
                if m.term.lang == declared:
                    out.append(m)
            else:
                groups[block_bounds(self.doc.text, m.start, m.end)].append(m)
        for (lo, hi), group in groups.items():
            out.extend(self._keep_block(lo, hi, group))
        return sorted(out, key=lambda m: (m.start, m.end))

    def _keep_block(self, lo: int, hi: int, group: list[Match]) -> list[Match]:
        own = [m for m in group if m.term.lang == self.doc_lang]
        if self.doc_lang is not None and all(m.term.lang == self.doc_lang or _covered(m, own) for m in group):
            return own  # nothing here but the document's language (or the same words in it)
        if self.doc_lang is None and len({m.term.lang for m in group}) == 1:
            return group  # language unknown, one language's terms only: nothing to choose between
        lang = self._hinted(self.doc.text[lo:hi]) or guess(self.doc.text[lo:hi], self.languages, min_hits=3)
        if lang is not None:
            return [m for m in group if m.term.lang == lang]
        return self._one_per_place(group)

    def _hinted(self, text: str) -> str | None:
        """The document's language when the block's common words do not point elsewhere
        (spares the detector on most blocks of a long document)."""
        if self.doc_lang is None:
            return None
        counts = hints(text, self.languages)
        own = counts.get(self.doc_lang, 0)
        return self.doc_lang if own >= 3 and own >= 2 * max((v for k, v in counts.items() if k != self.doc_lang), default=0) else None

    def _one_per_place(self, group: list[Match]) -> list[Match]:
        """Uncertain block: every language's matches, but where several overlap, the
        document's language first, then the registry's order, then the longest."""
        order = {code: i for i, code in enumerate(self.languages)}
        rank = sorted(group, key=lambda m: (m.term.lang != self.doc_lang, order.get(m.term.lang, 99), -(m.end - m.start)))
        kept: list[Match] = []
        for m in rank:
            if all(m.end <= k.start or k.end <= m.start for k in kept):
                kept.append(m)
        return kept


def _covered(m: Match, others: list[Match]) -> bool:
    return any(o.start <= m.start and m.end <= o.end for o in others)
