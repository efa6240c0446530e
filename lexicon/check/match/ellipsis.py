"""Elliptical coordination: one child modifier shared by two heads.

"child pornography and prostitution" contains an occurrence of "child prostitution";
"prostitución y pornografía infantil" one of "prostitución infantil". Built from the
glossary: two-word care/avoid terms made of a child modifier and a head. Pure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lexicon.check.match.compiled import kept
from lexicon.check.match.terms import Match
from lexicon.glossary.types import Term
from lexicon.languages import alternation, registry
from lexicon.model import Status


@lru_cache(maxsize=16)
def _coordination(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """After-head and before-head expressions from the registry's conjunctions: a
    conjunction, then a head that ends its noun phrase ("child pornography and
    prostitution," but not "... and pornographic performance"); a comma list is not
    coordination."""
    language = registry().get(lang)
    conj = alternation([re.escape(c) for c in language.conjunctions])
    stops = alternation([re.escape(w) + r"\b" for w in language.ends_phrase])
    after = re.compile(rf"\s+{conj}\s+([^\W\d_]+)(?=\s*(?:[^\w\s]|$|{stops}))")
    # the second head may repeat its linker and article: "la prostitution et de la
    # pornographie infantiles", "la prostitución y la pornografía infantiles"
    linker = _optional_words(language.linkers)
    article = _optional_words(language.articles)
    before = re.compile(rf"([^\W\d_]+)\s+{conj}\s+{linker}{article}$")
    return after, before


def _optional_words(words: tuple[str, ...]) -> str:
    """An optional one of `words`, then white space (none needed after an elided "d'", "l'")."""
    if not words:
        return ""
    forms = [re.escape(w) + (r"\s*" if w[-1:] in "'’" else r"\s+") for w in sorted(words, key=len, reverse=True)]
    return "(?:" + "|".join(forms) + ")?"


def _singular(word: str) -> str:
    word = word.casefold()
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def heads(terms: list[Term], lang: str) -> dict[str, Term]:
    """Head word -> the two-word term it belongs to (e.g. 'prostitution' -> 'child prostitution')."""
    language = registry().get(lang)
    rank = {m.casefold(): i for i, m in reversed(list(enumerate(language.child_adjectives)))}
    out: dict[str, tuple[int, Term]] = {}
    for term in terms:
        words = term.text.split()
        if term.lang != lang or len(words) != 2 or term.status not in (Status.AVOID, Status.CARE):
            continue
        first, last = words[0].casefold(), words[1].casefold()
        modifier, head = (first, last) if language.adjective_first else (last, first)
        if modifier in rank:
            # the registry's first child adjective names the concept's main term
            best = out.get(_singular(head))
            if best is None or rank[modifier] < best[0]:
                out[_singular(head)] = (rank[modifier], term)
    return {head: term for head, (_, term) in out.items()}


def _modified_head(term: Term, head_terms: dict[str, Term], lang: str) -> bool:
    """Is `term` a head of `head_terms` with a child modifier ("pornographie enfantine",
    not only the main "pornographie infantile")?"""
    language = registry().get(lang)
    words = term.text.split()
    if term.lang != lang or len(words) != 2 or term.status not in (Status.AVOID, Status.CARE):
        return False
    modifier, head = (words[0], words[1]) if language.adjective_first else (words[1], words[0])
    return modifier.casefold() in {a.casefold() for a in language.child_adjectives} and _singular(head) in head_terms


def modified_heads(terms: list[Term], head_terms: dict[str, Term], lang: str) -> frozenset[int]:
    """The ids of the `terms` that are a head of `head_terms` with a child modifier (what
    `elliptical` looks for after a match; worked out once per matcher, not per document)."""
    return frozenset(id(t) for t in terms if _modified_head(t, head_terms, lang))


def elliptical(
    text: str, matches: list[Match], head_terms: dict[str, Term], lang: str, modified: frozenset[int] | None = None
) -> list[Match]:
    """Extra matches for heads that share the child modifier of a neighbouring match.
    `modified`: `modified_heads` of the terms the matches can be of, when worked out."""
    if not head_terms or not matches:
        return []
    taken = {(m.start, m.end) for m in matches}
    out: list[Match] = []
    # any term of a head and a child modifier shares it ("la prostitution et la pornographie
    # enfantines"), not only the main one each head maps to
    # (by identity: hashing a term hashes all its fields, once per match was a cost)
    if modified is not None:
        own_terms = {id(m.term) for m in matches if id(m.term) in modified}
    else:
        own_terms = {key for key, t in {id(m.term): m.term for m in matches}.items() if _modified_head(t, head_terms, lang)}
    if not own_terms:
        return []
    for m in matches:
        if id(m.term) not in own_terms:
            continue
        after, before = _coordination(lang)
        if registry().get(lang).adjective_first:
            hit = after.match(text, m.end, min(len(text), m.end + 40))
        else:
            hit = before.search(text, max(0, m.start - 40), m.start)
        if not hit:
            continue
        term = head_terms.get(_singular(hit.group(1)))
        if term is None or term is m.term or (hit.start(1), hit.end(1)) in taken:
            continue
        if any(o.start < hit.end(1) and hit.start(1) < o.end for o in matches):
            continue
        out.append(Match(hit.start(1), hit.end(1), term))
    return out


SUSPENDED_HYPHEN = "\u2010\u2011-"  # hyphen last: literal inside [...]
MIN_PART = 3  # the shortest shared first part or own last part of a compound worth a match


def compound_tails(terms: list[Term], lang: str) -> dict[str, Term]:
    """Last part of a one-word compound care/avoid term -> the term, for every way to cut it
    ("pornografie" and "nografie" -> "Kinderpornografie"): a suspended compound names only
    its own last part ("Kinderprostitution und -pornografie")."""
    out: dict[str, Term] = {}
    for term in terms:
        word = term.text
        if term.lang != lang or " " in word or term.status not in (Status.AVOID, Status.CARE) or not word.isalpha():
            continue
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            out.setdefault(word[cut:].casefold(), term)
    return out


@lru_cache(maxsize=16)
def _suspended(lang: str) -> re.Pattern[str]:
    conj = alternation([re.escape(c) for c in registry().get(lang).conjunctions])
    return kept(rf"(?:\s*,|\s+{conj})\s+([{SUSPENDED_HYPHEN}][^\W\d_]+)(?![\w{SUSPENDED_HYPHEN}])")


def suspended(text: str, matches: list[Match], tails: dict[str, Term], lang: str) -> list[Match]:
    """Compounds that share the first part of the compound term before them, written with
    a hyphen for the part left out: "Kinderprostitution und -pornografie", "Kinderpornografie,
    -prostitution und -sextourismus" (German). Each is a match of the term whose last part it
    names, when that term's first part begins the compound before it."""
    if not tails or not matches:
        return []
    out: list[Match] = []
    follow = _suspended(lang)
    for m in matches:
        if " " in m.term.text:
            continue
        first = text[m.start : m.end].casefold()
        end = m.end
        while (hit := follow.match(text, end, min(len(text), end + 80))) is not None:
            part = hit.group(1)[1:]
            term = tails.get(part.casefold())
            if term is None or not first.startswith(term.text.casefold()[: -len(part)]):
                break
            out.append(Match(hit.start(1), hit.end(1), term))
            end = hit.end(1)
    return out
