"""Decide where a match stands: inside an official title, discussed as a term, in legal
text, or quoted. Pure functions over the document text; no I/O, no severities.

Every cue list here is documented in README ("Context").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from lexicon.model import Context
from lexicon.titles import ContextFinder, TitleIndex

LOCAL_WINDOW = 600
LINE_WINDOW = 2000  # a line is looked at only this far either side of a match (no rescans)

# Words that talk about a term rather than use it.
META_BEFORE = re.compile(
    r"(?:\b(?:the|this|that|such|these|those)\s+(?:terms?|labels?|expressions?|words?|phrases?|notions?|wording)"
    r"|\bso[-\s]called|\b(?:formerly|previously|once|also|commonly|often)\s+(?:known|called|referred\s+to|described)\s*(?:as)?"
    r"|\b(?:known|referred\s+to|described)\s+as|\bdefines?|\bdefinition\s+of|\bprefer\w*\s+(?:over|to)"
    r"|\binstead\s+of|\brather\s+than|\bin\s+place\s+of|\breplac\w+|\bterm(?:ed|inology)?"
    r"|\b(?:le|ce|du|les|des)\s+(?:termes?|mots?|expressions?|notions?)|\bdite?s?\b|\bappel[ée]e?s?|\bau\s+lieu\s+de|\bplutôt\s+que"
    r"|\b(?:el|la|los|las|del)\s+(?:términos?|expresi[óo]n|expresiones|palabras?|noci[óo]n)|\bllamad[oa]s?|\bdenominad[oa]s?|\ben\s+lugar\s+de"
    r")\W{0,3}$",
    re.IGNORECASE,
)
META_AFTER = re.compile(
    r"^\W{0,3}(?:is|are|was|were)\s+(?:discouraged|outdated|problematic|misleading|inappropriate|criticised|criticized|avoided|no\s+longer)"
    r"|^\W{0,3}(?:should|must)\s+(?:be\s+avoided|not\s+be\s+used|no\s+longer)",
    re.IGNORECASE,
)
# "the terms as defined in ..., namely, child pornography and ..."
NAMELY = re.compile(r"\bterms?\b[^.]*\b(?:namely|i\.e\.|that\s+is)\W*$", re.IGNORECASE)
OPEN_QUOTES = "\"“„«‘‹「"
CLOSE_QUOTES = "\"”»’›」“"

# Cues that the text around a match is law: headings, definitions, operative provisions.
LEGAL_LINE = re.compile(
    r"^[^\w\n]*(?:article|art\.|artículo|articulo|section|sec\.|§|chapter|chapitre|capítulo|capitulo|title|titre|título|titulo|part|partie|recital)\s*[\dIVXLC]",
    re.IGNORECASE | re.MULTILINE,
)
LEGAL_CUES = re.compile(
    r"\b(?:shall|means|any\s+person\s+who|whoever|is\s+guilty|States?\s+Part(?:y|ies)|Each\s+Party|Parties|Member\s+States"
    r"|for\s+the\s+purposes?\s+of\s+this|this\s+(?:Convention|Protocol|Directive|Regulation|Act|chapter|section|title)"
    r"|U\.\s?S\.\s?C\.|§\s?\d|Directive\s+\d{2,4}/\d+|Article\s+\d+|Art\.\s?\d+"
    r"|Considering|Recognizing|Recognising|Deeply\s+concerned|Noting|Reaffirming|Convinced|Desiring|Bearing\s+in\s+mind|Concerned"
    r"|Observing|Believing|Recalling|Welcoming|Taking\s+note|Offences?\s+concerning|offences?\s+(?:related\s+to|involving)"
    r"|Considérant|Reconnaissant|Préoccupés?|Considerando|Reconociendo|Preocupados?|Estimando|Teniendo\s+presente|Observando"
    r"|quiconque|est\s+puni|sera\s+puni|sont\s+punis|on\s+entend\s+par|au\s+sens\s+de|aux\s+fins\s+d[eu]|[ÉE]tats?\s+[Pp]arties?|la\s+présente\s+loi"
    r"|el\s+que|la\s+que|será\s+reprimid[oa]|pena\s+privativa|se\s+entiende\s+por|a\s+(?:los\s+)?efectos\s+de|Estados?\s+Partes?|la\s+presente\s+ley|inciso|numeral)\b",
    re.IGNORECASE,
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - LOCAL_WINDOW)
    hi = min(len(text), end + LOCAL_WINDOW)
    before = text[lo:start]
    cut = max(before.rfind(". "), before.rfind("\n\n"), before.rfind(".\n"), before.rfind("; "))
    s = lo + cut + 1 if cut >= 0 else lo
    after = text[end:hi]
    ends = [i for i in (after.find(". "), after.find("\n\n"), after.find(".\n"), after.find("; ")) if i >= 0]
    e = end + min(ends) if ends else hi
    return s, e


# Substrings one of which every META_BEFORE alternative contains: a cheap test first.
META_KEYS = ("term", "label", "expres", "word", "phrase", "notion", "call", "known", "refer", "describ", "defin",
             "prefer", "instead", "rather", "place", "replac", "dit", "appel", "lieu", "plutôt", "palabra", "noci",
             "llamad", "denominad", "lugar", "mot", "términ")


def is_metalinguistic(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 60) : start]
    low = before.lower()
    if any(k in low for k in META_KEYS) and META_BEFORE.search(before):
        return True
    if META_AFTER.search(text[end : end + 60]):
        return True
    s, _ = sentence_bounds(text, start, end)
    sentence = text[s:start]
    if ("namely" in sentence or "i.e." in sentence or "that is" in sentence) and NAMELY.search(sentence):
        return True
    # quote marks tight around the term alone: the term is mentioned, not used
    if start > 0 and end < len(text) and text[start - 1] in OPEN_QUOTES and text[end] in CLOSE_QUOTES:
        return True
    return False


def is_quoted(text: str, start: int, end: int, blockquotes: tuple[tuple[int, int], ...] = ()) -> bool:
    for lo, hi in blockquotes:
        if lo <= start and end <= hi:
            return True
    line_lo = text.rfind("\n\n", max(0, start - 400), start)
    line_hi = text.find("\n\n", end, end + 401)
    before = text[max(line_lo, start - 400, 0) : start]
    after = text[end : (line_hi if line_hi != -1 else len(text))][:400]
    opened = sum(before.count(ch) for ch in "“«„‹")
    closed = sum(before.count(ch) for ch in "”»›")
    if opened > closed and any(ch in after for ch in "”»›"):
        return True
    straight = before.count('"')
    return straight % 2 == 1 and '"' in after


def is_legal(text: str, start: int, end: int, cues: list[int] | None = None) -> bool:
    """Legal text around a match: a heading on its line or the line above, or legal
    wording in its sentence. `cues`, if given, are the positions of all legal cue words in
    the document (found in one pass), which spares a search per match."""
    line_lo = text.rfind("\n", max(0, start - LINE_WINDOW), start) + 1
    if line_lo or start <= LINE_WINDOW:  # a line longer than the window has no heading to find
        prev_lo = text.rfind("\n", max(0, line_lo - 1 - LINE_WINDOW), max(0, line_lo - 1)) + 1
        if LEGAL_LINE.match(text, line_lo) or ((prev_lo or line_lo <= LINE_WINDOW + 1) and LEGAL_LINE.match(text, prev_lo)):
            return True
    s, e = sentence_bounds(text, start, end)
    if cues is not None:
        k = bisect.bisect_left(cues, s)
        return k < len(cues) and cues[k] < e
    return LEGAL_CUES.search(text, s, e) is not None


def legal_cue_positions(text: str) -> list[int] | None:
    """Start of every legal cue in `text` (Hyperscan, one pass), or None without it."""
    from lexicon.scanners import expression_scanner

    scanner = expression_scanner("legal-cues", LEGAL_CUES.pattern)
    return None if scanner is None else scanner(text)


LEGAL_DEFINITION = re.compile(
    r"(?:\W{0,3}|[^\n.;\"“”]{0,40}?[\"”’'])\s*(?:means|shall\s+mean|has\s+the\s+meaning|includes|désigne|s['’]entend|se\s+entiende|significa)\b",
    re.IGNORECASE,
)


ENUMERATED_LINE = re.compile(r"^[ \t_]*(?:\(?[a-zA-Z0-9]{1,3}\)|[a-z]\.|[ivx]+\))[_ \t]", re.MULTILINE)
OPERATIVE = re.compile(r"\b(?:shall|será\s+reprimid[oa]|est\s+puni|sont\s+punis|States\s+Parties|Estados\s+Partes|[ÉE]tats\s+[Pp]arties|Each\s+Party)\b", re.IGNORECASE)
TABLE_ROW = re.compile(r"^[^\n]*\S {3,}[\d.,]{3,}[^\n]*$", re.MULTILINE)


LEGAL_SAMPLE = 500_000  # characters: the structure of a document shows early
BLANK_LINE = re.compile(r"^[ \t\r]*$", re.MULTILINE)


def legal_document(text: str) -> bool:
    """Is the whole document a legal instrument (a statute, a code, a treaty)?

    Measured by structure, not by file name: at least 14 % of its non-empty lines are
    article/section headings or enumerated clauses ("(a)", "1)", "b."), and operative
    wording ("shall", "States Parties", "est puni", "será reprimido") occurs at least twice
    per 10,000 characters. Policy reports that quote a few articles stay below both.
    """
    text = text[:LEGAL_SAMPLE]
    lines = text.count("\n") + 1 - len(BLANK_LINE.findall(text))
    if lines <= 0:
        return False
    structure = len(LEGAL_LINE.findall(text)) + len(ENUMERATED_LINE.findall(text))
    operative = len(OPERATIVE.findall(text))
    return structure >= 5 and structure / lines >= 0.14 and operative * 10_000 / max(len(text), 1) >= 2


def in_table_row(text: str, start: int) -> bool:
    """A term in a row of a plain-text data table reproduces a label (a quotation)."""
    line_start = text.rfind("\n", max(0, start - LINE_WINDOW), start) + 1
    line_end = text.find("\n", start, start + LINE_WINDOW)
    if line_end == -1 and start + LINE_WINDOW < len(text) or not line_start and start > LINE_WINDOW:
        return False  # a line thousands of characters long is prose, not a table row
    line_end = line_end if line_end != -1 else len(text)
    if text.find("   ", line_start, line_end) == -1:
        return False  # no column gap: not a table row (cheap test before the expression)
    return TABLE_ROW.fullmatch(text, line_start, line_end) is not None


def merge_spans(spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Sorted, disjoint spans covering the same characters (nested blockquotes become one)."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return tuple(merged)


def in_spans(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Does one of the sorted, disjoint `spans` hold start..end? (a bisection, not a loop)"""
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return k >= 0 and spans[k][1] >= end


@dataclass(frozen=True, slots=True)
class DocContext:
    """What is worked out once per document so that classifying each match is cheap."""

    text: str
    blockquotes: tuple[tuple[int, int], ...] = ()
    legal_doc: bool = False
    titles: TitleIndex | None = None
    cues: list[int] | None = None

    @classmethod
    def prepare(cls, finder: ContextFinder, text: str, match_starts: list[int], blockquotes: tuple[tuple[int, int], ...] = ()) -> DocContext:
        legal_doc = legal_document(text)
        titles = finder.index(text, match_starts) if match_starts else None
        cues = None if legal_doc or len(match_starts) < 50 else legal_cue_positions(text)
        return cls(text, merge_spans(blockquotes), legal_doc, titles, cues)


def classify_in(finder: ContextFinder, doc: DocContext, start: int, end: int) -> Context | None:
    """`classify` with the per-document work done in advance (see DocContext)."""
    text = doc.text
    if finder.in_title(text, start, end, doc.titles):
        return Context.TITLE
    if LEGAL_DEFINITION.match(text, end, min(len(text), end + 40)):
        return Context.LEGAL
    if is_metalinguistic(text, start, end):
        return Context.METALINGUISTIC
    if doc.legal_doc or is_legal(text, start, end, doc.cues):
        return Context.LEGAL
    if in_spans(doc.blockquotes, start, end) or is_quoted(text, start, end) or in_table_row(text, start):
        return Context.QUOTED
    return None
