"""Decide where a match stands: inside an official title, discussed as a term, in legal
text, or quoted. Pure functions over the document text; no I/O, no severities.

Every cue list is data in terms/languages/<code>.yaml, documented in docs/usage.md ("Context").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from lexicon.check.context.finder import ContextFinder, TitleIndex
from lexicon.check.match.compiled import kept
from lexicon.languages import Registry, alternation, registry
from lexicon.model import Context

LOCAL_WINDOW = 600
LINE_WINDOW = 2000  # a line is looked at only this far either side of a match (no rescans)


DEFINED_QUOTES = "\"\u201d\u2019'"  # the marks that close a defined term before a definition cue ("'x' means")
TERM_WORDS = r"\b(?:terms?|termes?|términos?)\b"  # what a "namely" cue follows ("the terms ..., namely")
TERM_WORD = re.compile(TERM_WORDS, re.IGNORECASE)

# How each context cue is compiled from the registry's cue lists (every language at once),
# each kept compiled between runs (`kept`).
_CUES: dict[str, Callable[[Callable[[str], tuple[str, ...]]], re.Pattern[str]]] = {
    "meta_before": lambda cue: kept(alternation(cue("mention_before")) + r"\W{0,3}$", re.IGNORECASE),
    "meta_after": lambda cue: kept(r"^\W{0,3}" + alternation(cue("mention_after")), re.IGNORECASE),
    "quote_before": lambda cue: kept(alternation(cue("mention_before_quote")) + r"\W{0,3}$", re.IGNORECASE),
    "quote_after": lambda cue: kept(r"^\W{0,3}" + alternation(cue("mention_after_quote")), re.IGNORECASE),
    "namely": lambda cue: kept(TERM_WORDS + r"[^.]*\b" + alternation(cue("namely")) + r"\W*$", re.IGNORECASE),
    "legal_line": lambda cue: kept(_legal_line(cue), re.IGNORECASE | re.MULTILINE),
    # legal_line after a newline, as `count_lines` tries it (`legal_document`), behind a
    # look-ahead for how a heading word starts: most lines are ruled out before the words are tried
    "legal_lines": lambda cue: kept(
        r"\n" + _starts_gate(cue("legal_heading")) + "(?:" + _legal_line(cue)[1:] + ")", re.IGNORECASE | re.MULTILINE
    ),
    "legal": lambda cue: kept(r"\b" + alternation(cue("legal")) + r"\b", re.IGNORECASE),
    "legal_definition": lambda cue: kept(
        r"(?:\W{0,3}|[^\n.;\"“”]{0,40}?[" + DEFINED_QUOTES + r"])\s*" + alternation(cue("legal_definition")) + r"\b", re.IGNORECASE
    ),
    # the same without its second way, the defined term closed by a quote mark: what it
    # matches where no such mark follows the match (see `legal_definition_after`)
    "legal_definition_unquoted": lambda cue: kept(r"\W{0,3}\s*" + alternation(cue("legal_definition")) + r"\b", re.IGNORECASE),
    "operative": lambda cue: kept(r"\b" + alternation(cue("operative")) + r"\b", re.IGNORECASE),
    "law_number": lambda cue: kept(r"^\W*" + alternation(cue("law_number_line")), re.IGNORECASE | re.MULTILINE),
    "name_before": lambda cue: kept(
        r"\b"
        + alternation([re.escape(h) for h in cue("name_heads")])
        + r"(?:\s+[^\W\d_]+){0,3}?\s+"
        + alternation(cue("name_links"))
        + r"(?:\s+[^\W\d_']+|\s*[dl]['’]){0,3}\s*$"
    ),
    "title_before": lambda cue: kept(alternation(cue("title_before")), re.IGNORECASE),
    "name_heads": lambda cue: kept("|".join(re.escape(h) for h in cue("name_heads")) or r"(?!x)x"),
}


def _legal_line(cue: Callable[[str], tuple[str, ...]]) -> str:
    return r"^\W*" + alternation(cue("legal_heading")) + r"\s*(?:\d|[IVXLC]+\b)"


LITERAL = re.compile(r"(?:\\[^A-Za-z0-9]|[^\\\[\](){}|?*+^$.])+")  # an expression that is plain text (escaped marks allowed)
LITERAL_UNIT = re.compile(r"\\.|.", re.DOTALL)


def _starts_gate(words: tuple[str, ...]) -> str:
    """A look-ahead for `^\\W*` and the first two characters of one of `words` (each an
    expression): true wherever `\\W*` and one of the words match. Empty (no gate) unless
    every word is plain text."""
    if not words or not all(LITERAL.fullmatch(w) for w in words):
        return ""
    starts = sorted({"".join(LITERAL_UNIT.findall(w)[:2]) for w in words})
    return r"(?=\W*(?:" + "|".join(starts) + "))"


class Cues:
    """The context cues of every language in the registry, each compiled on first use
    (a short document needs only a few of them; compiling all costs start-up time)."""

    def __init__(self, reg: Registry) -> None:
        self._cue = reg.cue_list
        self.open_quotes, self.close_quotes = reg.quotes
        self.quote_default = _quote_defaults(reg)

    def __getattr__(self, name: str) -> re.Pattern[str]:
        build = _CUES.get(name)
        if build is None:
            raise AttributeError(name)
        compiled = build(self._cue)
        setattr(self, name, compiled)  # later lookups find the attribute directly
        return compiled


@lru_cache(maxsize=1)
def context_cues() -> Cues:
    return Cues(registry())


def _quote_defaults(reg: Registry) -> dict[str, str]:
    """For each mark that both opens and closes somewhere: what it does in most languages."""
    votes: dict[str, int] = {}
    for lang in reg.languages.values():
        for ch in lang.open_quotes:
            votes[ch] = votes.get(ch, 0) + 1
        for ch in lang.close_quotes:
            votes[ch] = votes.get(ch, 0) - 1
    return {ch: ("open" if v >= 0 else "close") for ch, v in votes.items()}


def _sentence_break(text: str, i: int) -> bool:
    """Does the punctuation at `i` end a sentence (not an abbreviation, an initial, a number)?"""
    ch = text[i]
    if ch not in ".!?;":
        return False
    if ch != ".":
        return True
    word = text[_word_start(text, i) : i].casefold()
    if word in registry().abbreviations or (len(word) == 1 and word.isalpha()) or "." in word:
        return False
    k = i + 1
    while k < len(text) and text[k] in '"”’»)]':
        k += 1
    while k < len(text) and text[k] in " \t\xa0\r":
        k += 1
    return k >= len(text) or not text[k].islower()


def _word_start(text: str, i: int) -> int:
    """Where the run of letters, digits (`str.isalnum`) and full stops that ends at `i`
    starts: in prose, just after the space before it (one search and one test in C rather
    than a Python step per letter); else the run is walked back letter by letter."""
    j = text.rfind(" ", max(0, i - WORD_BACK), i) + 1
    if j and text[j:i].replace(".", "a").isalnum():
        return j  # all letters, digits and stops from the space on: the walk stops at the space
    j = i  # a run that starts with another character, or longer than WORD_BACK
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "."):
        j -= 1
    return j


WORD_BACK = 40  # how far before a full stop the space before its word is looked for


SENTENCE_END = re.compile(r"[.!?;](?=[\"”’»)\]]*(?:\s|$))|\n[ \t\r\xa0]*\n")


@lru_cache(maxsize=1024)  # several stages ask for the sentence of the same match
def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], by the registry's punctuation: it ends at . ! ? ;
    (not after an abbreviation or an initial, nor before a lower-case word) and at a blank
    line (unless a colon before it introduces a list); looked for at most LOCAL_WINDOW
    characters either side."""
    s = e = -1
    for reach in (160, LOCAL_WINDOW):  # most sentences end close by: look there first
        lo = max(0, start - reach)
        if s < 0:
            s = _last_sentence_end(text, lo, start)
            if lo == 0 and s < 0:
                s = 0
        hi = min(len(text), end + reach)
        if e < 0:
            for m in SENTENCE_END.finditer(text, end, hi):
                if _ends_sentence(text, m):
                    e = m.start() + (0 if m.group()[0] == "\n" else 1)
                    break
            if hi == len(text) and e < 0:
                e = hi
        if s >= 0 and e >= 0:
            break
    return (s if s >= 0 else max(0, start - LOCAL_WINDOW)), (e if e >= 0 else min(len(text), end + LOCAL_WINDOW))


def _last_sentence_end(text: str, lo: int, start: int) -> int:
    """Where the last sentence ending in text[lo:start] ends (-1: none): the end of the last
    of SENTENCE_END's matches there that `_ends_sentence`, looked for from the end, each
    place found by `str.rfind` and tried by an anchored match. A stop mark is a match of its
    own wherever it stands; a line break is one only as the second of a blank line, and
    where three or more stand together (which two make a match depends on where the
    search starts) the matches are listed from `lo` as a whole."""
    hi = start
    while True:
        stop = _STOP.search(text[lo:hi][::-1])  # the last stop mark or line break: the first of the reversed window
        if stop is None:
            return -1
        at = hi - 1 - stop.start()
        if text[at] == "\n":
            first = at - 1  # the line break that opens a blank line ending here, if any
            while first >= lo and text[first] in BLANK_LINE_SPACE:
                first -= 1
            if first < lo or text[first] != "\n":
                hi = at  # a line break that ends no blank line: no match here
                continue
            before = first - 1
            while before >= lo and text[before] in BLANK_LINE_SPACE:
                before -= 1
            if before >= lo and text[before] == "\n":
                break
            at = first
        m = SENTENCE_END.match(text, at, start)
        if m is not None and _ends_sentence(text, m):
            return m.end()
        hi = at
    for m in reversed(list(SENTENCE_END.finditer(text, lo, start))):
        if m.start() <= at and _ends_sentence(text, m):  # (those after `at` were tried above)
            return m.end()
    return -1


_STOP = re.compile("[.!?;\n]")
BLANK_LINE_SPACE = " \t\r\xa0"  # what a blank line holds between its line breaks (SENTENCE_END)


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """A blank line ends a sentence unless a colon introduces a list before it."""
    if m.group()[0] == "\n":
        return not text[max(0, m.start() - 3) : m.start()].rstrip().endswith(":")
    return _sentence_break(text, m.start())


def _quote_kind(text: str, i: int) -> str:
    """'open', 'close' or '' for the character at i. A mark that opens in some languages
    and closes in others (“ « ») opens after white space and before a word, closes after a
    word and before white space or punctuation, and between two spaces (French spacing)
    does what it does in most of the registry's languages."""
    c = context_cues()
    ch = text[i]
    if ch not in c.open_quotes and ch not in c.close_quotes:
        return ""
    if ch in c.open_quotes and ch not in c.close_quotes:
        return "open"
    if ch in c.close_quotes and ch not in c.open_quotes:
        return "close"
    space_before = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/"
    space_after = i + 1 >= len(text) or text[i + 1].isspace() or text[i + 1] in ".,;:!?)]}"
    if space_before != space_after:
        return "open" if space_before else "close"
    return c.quote_default.get(ch, "open")


def _enclosing_quote(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(opening, closing) quote positions of a quotation of a few lines around the match."""
    marks = _quote_marks()
    lo = max(0, start - 300)
    opening = None
    for m in reversed(list(marks.finditer(text, lo, start))):
        kind = _quote_kind(text, m.start())
        if kind == "close":
            return None
        if kind == "open":
            opening = m.start()
            break
    if opening is None:
        return None
    hi = min(len(text), end + 300)
    closing = marks.search(text, end, hi)
    if closing is None:
        return (opening, len(text)) if hi == len(text) else None  # a quotation cut off by the end of the text
    return (opening, closing.start()) if _quote_kind(text, closing.start()) == "close" else None


@lru_cache(maxsize=1)
def _quote_marks() -> re.Pattern[str]:
    c = context_cues()
    return re.compile("[" + re.escape("".join(dict.fromkeys(c.open_quotes + c.close_quotes))) + "]")


def is_metalinguistic(
    text: str, start: int, end: int, keys: list[int] | None = None, term_words: list[int] | None = None, *, marks: bool = True
) -> bool:
    """`keys`, if given, are the positions of every mention key word in the document;
    `term_words`, those where a "term" word may start (see `term_word_positions`);
    `marks` False: the document has no quotation mark (see `has_quote_marks`)."""
    c = context_cues()
    if _near_before(keys, start, 60):
        lo = max(0, start - 60)
        hits = mention_gate_hits(text) if keys is None else None  # (with the key words, a few texts get this far)
        if (
            _holds(hits, lo, start) if hits is not None else _may_match(_cue_gate("meta_before"), text, lo, start)
        ) and c.meta_before.search(text, lo, start):
            return True
    if c.meta_after.match(text[end : end + 60]):  # anchored by ^ at the slice's start: match, not search
        return True
    if _term_word_before(text, start, term_words) and c.namely.search(text, sentence_bounds(text, start, end)[0], start):
        return True
    quote = _enclosing_quote(text, start, end) if marks else None
    if quote is not None:
        open_at, close_at = quote
        before = text[max(0, open_at - 60) : open_at]
        if c.quote_before.search(before) or c.meta_before.search(before):
            return True
        if c.quote_after.search(text[close_at + 1 : close_at + 60]):
            return True
    return False


# `scan.fold` and more: re's IGNORECASE also takes the dotless ı for an i, which casefold()
# keeps apart (a test checks every character re takes for one of the gate's)
_RE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i"})


GATED_CUES = ("meta_before", "title_before", "legal")  # searched only where `_may_match` (a search at each place of a window)


def _cue_gate(name: str) -> tuple[tuple[str, ...], ...] | None:
    """The fixed strings every match of the cue of this name contains, folded (see
    `scan.required_literals`): one of each group. A window with none needs no search."""
    return _gate_of(getattr(context_cues(), name).pattern)


@lru_cache(maxsize=2 * len(GATED_CUES))  # by the expression itself: the cues' own, whatever registry made them
def _gate_of(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    from lexicon.check.match.scan import required_literals

    gate = required_literals(pattern)
    # a string that holds another of its group is found only where that one is: testing
    # the shorter alone gives the same answer ("word" for "wording", "appel" for "appelle")
    return None if gate is None else tuple(tuple(w for w in group if not any(v != w and v in w for v in group)) for group in gate)


def _may_match(gate: tuple[tuple[str, ...], ...] | None, text: str, lo: int, hi: int) -> bool:
    """Can a cue with this gate match inside text[lo:hi]? (every match holds one string of
    each group, folded: a substring of the window folded as re folds case)"""
    if gate is None:
        return True
    window = text[lo:hi]
    folded = window.lower() if window.isascii() else window.translate(_RE_FOLDS).casefold()  # (the same for ASCII)
    for group in gate:
        for word in group:
            if word in folded:
                break
        else:
            return False
    return True


def _term_word_before(text: str, start: int, words: list[int] | None = None) -> bool:
    """Is there a "term" word (TERM_WORD) within LOCAL_WINDOW, the farthest a sentence
    starts, before `start`? Only then can a "namely" cue apply, and the sentence be worth
    finding. `words`, if given, are where such words may start in the whole text (found in
    one pass, see `term_word_positions`); else the letters are looked for first (the
    expression, case-insensitive, is tried at every position): TERM_WORD matches no other
    letters than these, in either case."""
    lo = max(0, start - LOCAL_WINDOW)
    if words is not None:
        k = bisect.bisect_left(words, lo)
        if k == len(words) or words[k] + 4 > start:  # none that ends before the match
            # the one kind of word the positions miss: one that runs into the match itself
            # (the whole text has no word boundary there, the window's end has)
            return start > 0 and not text[start - 1].isspace() and TERM_WORD.search(text, max(lo, start - 8), start) is not None
    else:
        raw = text[lo:start]
        window = raw.lower()
        if "term" not in window and "térm" not in window:
            return False
        if raw.isascii():  # lower() keeps ASCII positions: try the expression only where the letters stand
            at = window.find("term")
            while at != -1:
                if TERM_WORD.match(text, lo + at, start) is not None:
                    return True
                at = window.find("term", at + 1)
            return False
    return TERM_WORD.search(text, lo, start) is not None


def term_word_positions(text: str) -> list[int] | None:
    """Where a TERM_WORD may start in `text` (Hyperscan, one pass), or None without it: the
    quick test of `_term_word_before`, made once per text instead of a look at the window
    before each match. Every start of a TERM_WORD match is among them: Hyperscan's word
    boundaries are ASCII ones, true wherever Python's are next to these ASCII letters; its
    case folding is ASCII only, hence é and É written out; where a suffix is folded
    otherwise ("termſ"), the word without it ends at an ASCII boundary."""
    from lexicon.check.match.scan import expression_scanner

    scanner = expression_scanner("term-words", TERM_WORD_SCAN)
    return None if scanner is None else scanner(text)


def scare_quoted(text: str, start: int, end: int) -> bool:
    """Quote marks tight around the term alone inside the writer's own sentence (officers
    seized "self-generated" images): the writer's own word, not a quotation."""
    if start == 0 or end >= len(text) or text[start - 1].isalnum() or text[end].isalnum():
        return False  # the usual case, without looking at quote marks
    return _quote_kind(text, start - 1) == "open" and _quote_kind(text, end) == "close"


def is_quoted(text: str, start: int, end: int, blockquotes: tuple[tuple[int, int], ...] = ()) -> bool:
    for lo, hi in blockquotes:
        if lo <= start and end <= hi:
            return True
    if scare_quoted(text, start, end):
        return False
    if ANY_QUOTE.search(text, max(0, start - 400), end + 400) is None:
        return False  # the usual case: no quote mark in the windows counted below
    line_lo = text.rfind("\n\n", max(0, start - 400), start)
    line_hi = text.find("\n\n", end, end + 401)
    before = text[max(line_lo, start - 400, 0) : start]
    after = text[end : (line_hi if line_hi != -1 else min(len(text), end + 400))][:400]
    opened = sum(before.count(ch) for ch in "“«„‹")
    closed = sum(before.count(ch) for ch in "”»›")
    if opened > closed and any(ch in after for ch in "”»›"):
        return True
    if opened > closed and _closed_in_a_later_paragraph(text, end + len(after)):
        return True
    straight = before.count('"')
    return straight % 2 == 1 and '"' in after


ANY_QUOTE_MARKS = '"“”«»„‹›'
ANY_QUOTE = re.compile(f"[{ANY_QUOTE_MARKS}]")


def has_quote_marks(text: str) -> bool:
    """Does `text` hold any quotation mark (of a language of the registry, or one that
    `is_quoted` counts)? Without one, no match in it is quoted: the tests per match are
    skipped (a few searches of the whole text in C, most of them over at once when no
    character of the text is as high as the mark)."""
    for ch in _marks_to_find(context_cues()):  # (a loop: a generator in any() costs more than the searches)
        if ch in text:
            return True
    return False


@lru_cache(maxsize=4)
def _marks_to_find(c: Cues) -> tuple[str, ...]:
    """Every quotation mark `has_quote_marks` looks for, once each (worked out once per run)."""
    return tuple(dict.fromkeys(c.open_quotes + c.close_quotes + ANY_QUOTE_MARKS))


QUOTE_REACH = 2000  # how far a quotation that runs over several paragraphs is followed


def _closed_in_a_later_paragraph(text: str, pos: int) -> bool:
    """A quotation opened before the match and not closed in its paragraph goes on over the
    next paragraphs (a quoted list of clauses) when the next typographic mark, within
    QUOTE_REACH, closes it; a paragraph that opens with a mark continues the quotation (the
    typesetting convention for quotations of several paragraphs). Any other mark ends the
    search: the quotation was left open by mistake."""
    for m in re.finditer("[“”«»„‹›]", text[pos : pos + QUOTE_REACH]):
        ch, at = m.group(), pos + m.start()
        if ch in "”»›":
            return True
        if text[max(0, at - 2) : at] != "\n\n" and not (at == 0 or text[at - 1] == "\n"):
            return False
    return False


def statute_title(text: str, start: int, end: int) -> bool:
    """The match is in an instrument's title: its line, or the line next to it, gives a
    statute's or bill's number ("REPUBLIC ACT NO. 9775", "Boletín N° 5837-07")."""
    line_lo = text.rfind("\n", 0, start) + 1
    line_hi = text.find("\n", end)
    line_hi = len(text) if line_hi == -1 else line_hi
    if line_hi - line_lo > 400:
        return False
    law = context_cues().law_number
    if law.match(text, line_lo, line_hi):  # its line, then the lines either side (no generator: a call per match)
        return True
    prev = _neighbour_line(text, line_lo, -1)
    if prev is not None and law.match(text, prev[0], prev[1]):
        return True
    nxt = _neighbour_line(text, line_hi, 1)
    return nxt is not None and law.match(text, nxt[0], nxt[1]) is not None


def _neighbour_line(text: str, edge: int, step: int) -> tuple[int, int] | None:
    """The previous (step -1, from a line start) or next (step 1, from a line end)
    non-blank line, skipping blank lines only."""
    for _ in range(3):
        if step < 0:
            if edge <= 0:
                return None
            hi = edge - 1
            lo = text.rfind("\n", 0, hi) + 1
        else:
            if edge >= len(text):
                return None
            lo = edge + 1
            hi = text.find("\n", lo)
            hi = len(text) if hi == -1 else hi
        if text[lo:hi].strip():
            return lo, hi
        edge = lo if step < 0 else hi
    return None


def named_body(text: str, start: int, end: int, names: list[int] | None = None) -> bool:
    """The match ends the name of a body or campaign: a capitalised head word and a link
    word shortly before it ("Alliance mondiale contre la ...", "Coalition against ..."), or
    a mandate named by its title ("el mandato relativo a la venta de niños, ...").
    `names`, if given, are the positions of every head or key word in the document."""
    if not _near_before(names, start, 110):
        return False
    c = context_cues()
    # the window ends at the sentence's start when that is nearer; neither cue can match
    # that part of the 110 characters if it matches none of them (the sentence starts after
    # punctuation or a line break: no word boundary differs), so the sentence is looked
    # for only where a cue stands
    wide = text[max(0, start - 110) : start]
    gate = _cue_gate("title_before")
    if c.name_heads.search(wide) is None and not (_may_match(gate, wide, 0, len(wide)) and c.title_before.search(wide)):
        return False
    s, _ = sentence_bounds(text, start, end)
    window = text[max(s, start - 110) : start]
    if c.name_heads.search(window) and c.name_before.search(window[-80:]):
        return True
    return _may_match(gate, window, 0, len(window)) and c.title_before.search(window) is not None


def is_legal(text: str, start: int, end: int, cues: list[int] | None = None, headings: list[int] | None = None) -> bool:
    """Legal text around a match: a heading on its line or the line above, or legal
    wording in its sentence. `cues`, if given, are the positions of all legal cue words in
    the document (found in one pass), which spares a search per match; `headings`, the
    starts of its article heading lines (see `heading_line_starts`)."""
    line_lo = text.rfind("\n", max(0, start - LINE_WINDOW), start) + 1
    legal_line = context_cues().legal_line
    if line_lo or start <= LINE_WINDOW:  # a line longer than the window has no heading to find
        prev_lo = text.rfind("\n", max(0, line_lo - 1 - LINE_WINDOW), max(0, line_lo - 1)) + 1
        if legal_line.match(text, line_lo) or ((prev_lo or line_lo <= LINE_WINDOW + 1) and legal_line.match(text, prev_lo)):
            return True
        if under_article_heading(text, line_lo, headings):
            return True
    gate = None
    if cues is not None:
        k = bisect.bisect_left(cues, max(0, start - LOCAL_WINDOW))
        if k == len(cues) or cues[k] >= end + LOCAL_WINDOW:
            return False  # no cue within the farthest a sentence reaches: no need to find its bounds
    else:
        gate = legal_gate_hits(text)
        if gate is not None:
            k = bisect.bisect_left(gate[0], max(0, start - LOCAL_WINDOW))
            if k == len(gate[0]) or gate[0][k] >= end + LOCAL_WINDOW:
                return False  # none of the cue's fixed strings within the farthest a sentence reaches
    s, e = sentence_bounds(text, start, end)
    if cues is not None:
        k = bisect.bisect_left(cues, s)
        return k < len(cues) and cues[k] < e
    # most sentences hold none of the cues' fixed strings: a few substring tests (or a look
    # at where the text holds them), not the case-insensitive expression tried at every word
    if gate is not None:
        if not _holds(gate, s, e):
            return False
    elif not _may_match(_cue_gate("legal"), text, s, e):
        return False
    return context_cues().legal.search(text, s, e) is not None


GateHits = tuple[list[int], list[int]]  # (starts, ends) of fixed strings in a text, sorted by start
HIT_GATES = ("legal", "meta_before")  # the gated cues whose fixed strings are found once per ASCII text
# the last text asked about, the cues it was asked with, and what was found (the text's
# matches ask in turn; other cues, another registry's, find anew)
_LAST_HITS: list[tuple[str, Cues, dict[str, object] | None]] = []


def legal_gate_hits(text: str) -> GateHits | None:
    """Where the legal cue's fixed strings (its gate: every match holds one) stand in an
    ASCII `text`, found in one pass (Hyperscan, see `context_hits`); None where the gate
    is then tested per sentence. In ASCII, Hyperscan's caseless matching of a lower-case
    ASCII string is `str.lower()`'s: a string of the gate is in a sentence, folded,
    exactly where one of these hits lies inside it."""
    hits = context_hits(text)
    return None if hits is None else hits.get("legal")  # type: ignore[return-value]


def mention_gate_hits(text: str) -> GateHits | None:
    """`legal_gate_hits` for the mention cue before a match (meta_before)."""
    hits = context_hits(text)
    return None if hits is None else hits.get("meta_before")  # type: ignore[return-value]


def heading_line_ends(text: str) -> list[int] | None:
    """Every place in an ASCII `text` where a match of the article heading expression
    (`legal_line`) tried at a line start ends, sorted (see `context_hits`); None as there,
    and for a text with the control characters \\x1c-\\x1f, which Python's \\s takes for
    white space and Hyperscan's does not. A heading line that `under_article_heading`
    finds matches the expression within the line, so the text has a match that ends
    there: with no end within the lines it would walk, it need not walk them."""
    hits = context_hits(text)
    return None if hits is None else hits.get("heading")  # type: ignore[return-value]


def context_hits(text: str) -> dict[str, object] | None:
    """The fixed strings of HIT_GATES and the ends of heading matches in an ASCII `text`,
    by kind, found in one pass (Hyperscan) and kept for the text's next match; None where
    each match is then tested as before: a text with other characters (where folding may
    move offsets), no Hyperscan, or a short text while scanning in Python is cheaper (see
    scan.PythonBudget). A gate of several groups has no entry."""
    cues = context_cues()
    if _LAST_HITS and _LAST_HITS[0][0] is text and _LAST_HITS[0][1] is cues:
        return _LAST_HITS[0][2]
    found = _context_hits(text) if text.isascii() else None
    _LAST_HITS[:] = [(text, cues, found)]
    return found


def _context_hits(text: str) -> dict[str, object] | None:
    gated, kinds, patterns = _hit_patterns()
    scanner = _hits_scanner(patterns)
    spans = scanner(text) if scanner is not None else None
    if spans is None:
        return None
    gates: dict[str, GateHits] = {name: ([], []) for name in gated}
    heading: list[int] = []
    for at, end, i in spans:
        if i == len(kinds):  # the heading expression, last
            heading.append(end)
        else:
            starts, ends = gates[kinds[i]]
            starts.append(at)
            ends.append(end)
    found: dict[str, object] = dict(gates)
    if not ("\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text):
        found["heading"] = sorted(heading)
    return found


@lru_cache(maxsize=4)
def _hit_patterns_of(cues: Cues) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(the gates found, the kind of each of their expressions, the expressions): the ASCII
    strings of each single-group gate of HIT_GATES (the others cannot stand in an ASCII
    text), then the heading expression, last."""
    gated: list[str] = []
    kinds: list[str] = []
    patterns: list[str] = []
    for name in HIT_GATES:
        gate = _cue_gate(name)
        if gate is None or len(gate) != 1:
            continue
        gated.append(name)
        for word in gate[0]:
            if word.isascii():
                kinds.append(name)
                patterns.append(re.escape(word))
    patterns.append(cues.legal_line.pattern)
    return tuple(gated), tuple(kinds), tuple(patterns)


def _hit_patterns() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    return _hit_patterns_of(context_cues())


@lru_cache(maxsize=4)
def _hits_scanner(patterns: tuple[str, ...]) -> Callable[[str], list[tuple[int, int, int]] | None] | None:
    """The scanner of these expressions (its database named by them: another registry's
    cues get their own)."""
    import hashlib

    from lexicon.check.match.scan import spans_scanner

    return spans_scanner("context-hits-" + hashlib.sha256("\n".join(patterns).encode()).hexdigest()[:12], patterns)


def _holds(hits: GateHits, lo: int, hi: int) -> bool:
    """Does one of `hits` lie inside lo..hi?"""
    starts, ends = hits
    k = bisect.bisect_left(starts, lo)
    while k < len(starts) and starts[k] < hi:
        if ends[k] <= hi:
            return True
        k += 1
    return False


HEADING_MAX = 80  # a heading line is short; "Article 34 of the Convention protects…" is prose
HEADING_REACH = 2  # paragraphs after an article heading that belong to the article
HEADING_LOOKBACK = 4 * LINE_WINDOW  # characters looked back for it (blank lines included)
# after "Article 4" a heading has a separator or nothing ("Article 4. Scope", "Art. 181-A"),
# prose goes on with a word ("Article 3 of the law is cited once.")
HEADING_SHAPE = re.compile(r"[\w-]*\s*(?:[.:\-–—)]|$)")


def under_article_heading(text: str, line_lo: int, headings: list[int] | None = None) -> bool:
    """Is the paragraph starting at `line_lo` one of the first paragraphs under a short
    article or section heading ("Artículo 4.- A su integridad personal.-", "Article 3")?
    The article's own text is the law's wording even where its sentences carry no legal cue.
    `headings`, if given, are the starts of every such heading line in `text`: with none
    within reach above the paragraph, the lines above it are not looked at."""
    farthest = line_lo - HEADING_LOOKBACK - LINE_WINDOW - 2  # the start of the farthest line looked at
    if headings is not None:
        k = bisect.bisect_left(headings, farthest)
        if k == len(headings) or headings[k] >= line_lo:
            return False
    elif line_lo == 0 or text[line_lo - 1] == "\n":  # (from inside a line, the walk reads its start as a line)
        ends = heading_line_ends(text)
        if ends is not None:
            k = bisect.bisect_left(ends, farthest)
            if k == len(ends) or ends[k] >= line_lo:
                return False
    legal_line = context_cues().legal_line
    hi = line_lo
    seen = 0
    while hi > 0 and seen <= HEADING_REACH and line_lo - hi <= HEADING_LOOKBACK:
        lo = text.rfind("\n", max(0, hi - 1 - LINE_WINDOW), hi - 1) + 1
        if lo == 0 and hi - 1 > LINE_WINDOW:
            return False  # a line longer than the window: no heading to find above it
        if hi - 1 - lo > HEADING_MAX and not text[lo].isspace() and not text[hi - 2].isspace():
            seen += 1  # a paragraph's line (the usual case): neither blank nor a heading, no search needed
            hi = lo
            continue
        if hi - 1 == lo:  # an empty line: blank, no search needed
            hi = lo
            continue
        first = NON_SPACE.search(text, lo, hi - 1)
        if first is not None:  # not a blank line
            # stripped, no longer than a heading: nothing but white space from HEADING_MAX
            # characters after its first one (a paragraph is not copied to find that out)
            if NON_SPACE.search(text, first.start() + HEADING_MAX, hi - 1) is None:
                line = text[lo : hi - 1]
                heading = legal_line.match(line)
                if heading and HEADING_SHAPE.match(line, heading.end()):
                    return True
            seen += 1
        hi = lo
    return False


NON_SPACE = re.compile(r"\S")  # what str.strip() keeps (the same white space)


HEADINGS_PASS_EVERY = 3000  # characters per match above which the heading lines are not all found first


def heading_line_starts(text: str) -> list[int]:
    """Start of every line of `text` that `under_article_heading` takes for an article
    heading (short, a legal heading word and a number, then a separator or nothing), in one
    pass over the lines: most documents have none, and their matches then skip the walk up
    the lines above them."""
    legal_line = context_cues().legal_line
    out: list[int] = []
    pos = 0
    for line in text.split("\n"):
        if len(line) > HEADING_MAX and not line[0].isspace() and not line[-1].isspace():
            pos += len(line) + 1  # a paragraph: too long for a heading, whatever strip() would say
            continue
        stripped = line.strip()
        if stripped and len(stripped) <= HEADING_MAX:
            heading = legal_line.match(line)
            if heading and HEADING_SHAPE.match(line, heading.end()):
                out.append(pos)
        pos += len(line) + 1
    return out


def word_positions(name: str, kinds: tuple[str, ...], text: str) -> list[int] | None:
    """Start of every registry word of these kinds in `text` (Hyperscan, one pass, any
    case), or None without Hyperscan. A quick first test before the cue expressions."""
    from lexicon.check.match.scan import expression_scanner

    words = _words_expression(kinds)
    scanner = expression_scanner(name, words) if words else None
    return None if scanner is None else scanner(text)


def _words_expression(kinds: tuple[str, ...]) -> str | None:
    """The registry's words of these kinds, at a word's start, as one expression (None: none)."""
    words = [re.escape(w) for kind in kinds for w in registry().cue_list(kind)]
    return r"\b" + alternation(words) if words else None


CUE_WORDS = ("name_heads", "title_keys", "mention_keys")  # the key words of the name and mention cues
TERM_WORD_SCAN = r"\bt(?:e|é|É)rm(?:s|es?|inos?)?\b"  # see term_word_positions


def cue_positions(text: str) -> tuple[list[int], list[int], list[int]] | None:
    """(`legal_cue_positions`, `word_positions` of CUE_WORDS, `term_word_positions`) of a
    long text in one pass (one database of the three expressions: each finds what it finds
    alone), or None where that cannot be done (no Hyperscan, a short text: see
    PythonBudget, an expression refused): ask each function then."""
    from lexicon.check.match.scan import PYTHON_TEXT, expressions_scanner, spend

    words = _words_expression(CUE_WORDS)
    if len(text) <= PYTHON_TEXT or words is None:
        return None
    scanner = expressions_scanner("context-cues", (context_cues().legal.pattern, words, TERM_WORD_SCAN))
    found = None if scanner is None else scanner(text)
    if found is None:
        return None
    spend("legal-cues", "cue-words", "term-words")  # as if each had scanned this long text
    return found[0], found[1], found[2]


def _near_before(positions: list[int] | None, start: int, reach: int) -> bool:
    """Is one of `positions` (sorted) within `reach` characters before `start`? True when
    there are no positions to go by."""
    if positions is None:
        return True
    k = bisect.bisect_left(positions, start - reach)
    return k < len(positions) and positions[k] < start


def legal_cue_positions(text: str) -> list[int] | None:
    """Start of every legal cue in `text` (Hyperscan, one pass), or None without it."""
    from lexicon.check.match.scan import expression_scanner

    scanner = expression_scanner("legal-cues", context_cues().legal.pattern)
    return None if scanner is None else scanner(text)


ENUMERATED_LINE = re.compile(r"^[ \t_]*(?:\(?[a-zA-Z0-9]{1,3}\)|[a-z]\.|[ivx]+\))[_ \t]", re.MULTILINE)
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
    c = context_cues()
    structure = count_lines(c.legal_line, text, c.legal_lines) + count_lines(ENUMERATED_LINE, text)
    if structure < 5:
        return False  # most documents: the non-empty lines need not be counted
    lines = text.count("\n") + 1 - count_lines(BLANK_LINE, text)
    if lines <= 0 or structure / lines < 0.14:
        return False  # most documents end here, before the costlier search for operative wording
    operative = len(context_cues().operative.findall(text))
    return operative * 10_000 / max(len(text), 1) >= 2


def count_lines(pattern: re.Pattern[str], text: str, after_newline: re.Pattern[str] | None = None) -> int:
    """`len(pattern.findall(text))` for a pattern that starts with "^" (MULTILINE) and whose
    matches never end just after a newline: tried at the start of the text and then only
    after each newline (the "\\n" in front lets the expression engine jump from one newline
    to the next instead of trying the pattern at every character). `after_newline`: that
    expression when the caller has a faster one that matches the same."""
    first = pattern.match(text)
    return (first is not None) + len((after_newline or _after_newline(pattern)).findall(text, first.end() if first else 0))


@lru_cache(maxsize=16)
def _after_newline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    assert pattern.pattern.startswith("^") and pattern.flags & re.MULTILINE, pattern.pattern
    return re.compile(r"\n(?:" + pattern.pattern[1:] + ")", pattern.flags)


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
    tails: frozenset[str] = frozenset()
    names: list[int] | None = None
    mentions: list[int] | None = None
    term_words: list[int] | None = None
    marks: bool = True  # has the text a quotation mark? (see has_quote_marks)
    headings: list[int] | None = None  # starts of article heading lines (see heading_line_starts)

    @classmethod
    def prepare(
        cls,
        finder: ContextFinder,
        text: str,
        match_starts: list[int],
        blockquotes: tuple[tuple[int, int], ...] = (),
        tails: frozenset[str] = frozenset(),
        *,
        legal_doc: bool | None = None,
        many: bool | None = None,
    ) -> DocContext:
        """`legal_doc` and `many`, when given, are decided for the whole file (a file
        checked in parts: each part must take the same paths as the whole would)."""
        legal_doc = legal_document(text) if legal_doc is None else legal_doc
        titles = finder.index(text, match_starts) if match_starts else None
        many = len(match_starts) >= 50 if many is None else many  # below 50, trying each cue at each match is cheaper
        together = cue_positions(text) if many and not legal_doc else None
        cues: list[int] | None
        keys: list[int] | None
        words: list[int] | None
        if together is not None:
            cues, keys, words = together
        else:
            cues = None if legal_doc or not many else legal_cue_positions(text)
            # one pass finds the key words of both kinds of cue; each test uses the positions
            # as a first filter (a key of the other kind nearby only costs a regex search)
            keys = word_positions("cue-words", CUE_WORDS, text) if many else None
            words = term_word_positions(text) if many else None
        # one pass over the lines costs about what walking up from a match every 3,000
        # characters does (and only a text that is no legal document walks at all)
        dense = cues is not None and len(match_starts) * HEADINGS_PASS_EVERY > len(text)
        headings = heading_line_starts(text) if dense else None
        return cls(text, merge_spans(blockquotes), legal_doc, titles, cues, tails, keys, keys, words, has_quote_marks(text), headings)


TITLE_WORD = re.compile(r"[^\W\d_]+")
MIN_TAIL = 6  # words: shorter endings of a title are ordinary phrases


def title_tails(titles: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Every ending of at least MIN_TAIL words of the given official titles, folded."""
    out: set[str] = set()
    for title in titles:
        words = [w.casefold() for w in TITLE_WORD.findall(title)]
        out.update(" ".join(words[-k:]) for k in range(MIN_TAIL, len(words) + 1))
    return frozenset(out)


def heading_title(text: str, start: int, end: int, tails: frozenset[str]) -> bool:
    """A heading (a line of its own, no closing full stop) that repeats the ending of an
    official title, as summaries of a law do ("Lucha contra los abusos sexuales ... y la
    pornografía infantil" above a summary of Directive 2011/93/EU)."""
    if not tails:
        return False
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi == -1 else hi
    line = text[lo:hi].strip()
    if not line or len(line) > 250 or line[-1] in ".;:,":
        return False
    if text[max(0, lo - 2) : lo].strip() or text[hi : hi + 2].strip():
        return False  # not set apart by blank lines: a wrapped sentence, not a heading
    words = [w.casefold() for w in TITLE_WORD.findall(line)]
    return len(words) >= MIN_TAIL and " ".join(words) in tails


def legal_definition_after(text: str, end: int) -> bool:
    """Does a legal definition cue follow the match ("'x' means", "x shall mean")? The
    expression's second way needs one of DEFINED_QUOTES within its 40 characters: where none
    stands there (most matches), the expression without it gives the same answer faster."""
    hi = min(len(text), end + 40)
    window = text[end:hi]
    c = context_cues()
    if '"' in window or "”" in window or "’" in window or "'" in window:  # DEFINED_QUOTES (no generator: a call per match)
        return c.legal_definition.match(text, end, hi) is not None
    return c.legal_definition_unquoted.match(text, end, hi) is not None


def classify_in(finder: ContextFinder, doc: DocContext, start: int, end: int) -> Context | None:
    """`classify` with the per-document work done in advance (see DocContext)."""
    text = doc.text
    kind = finder.title_kind(text, start, end, doc.titles)
    if kind == "heading":  # an article heading of a law: quoting the law, not a title
        return Context.LEGAL
    if (
        kind is not None
        or statute_title(text, start, end)
        or named_body(text, start, end, doc.names)
        or heading_title(text, start, end, doc.tails)
    ):
        return Context.TITLE
    if legal_definition_after(text, end):
        return Context.LEGAL
    if is_metalinguistic(text, start, end, doc.mentions, doc.term_words, marks=doc.marks):
        return Context.METALINGUISTIC
    if doc.legal_doc or is_legal(text, start, end, doc.cues, doc.headings):
        return Context.LEGAL
    if in_spans(doc.blockquotes, start, end) or (doc.marks and is_quoted(text, start, end)) or in_table_row(text, start):
        return Context.QUOTED
    return None
