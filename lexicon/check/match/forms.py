"""Turn a glossary term into a regular expression that finds it however it is written.

Plurals and possessives, hyphen/space/no-space joins, line breaks, straight and curly
apostrophes, and spelling pairs from the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexicon.glossary.types import Spelling, Term
from lexicon.languages import Language, registry
from lexicon.model import Status

APOSTROPHES = "'\u2019\u2018\u02bc"
APOSTROPHES_TUPLE = tuple(APOSTROPHES)
DASHES = "\u2010\u2011\u2012\u2013-"  # hyphen last: literal inside [...]
# Between two words of a term: a hyphen (with optional spaces or a line break around it),
# any run of white space (spaces, tabs, line breaks), or nothing ("childpornography").
SEPARATOR = rf"(?:\s*[{DASHES}]\s*|\s+|)"
BOUNDARY_BEFORE = r"(?<![\w\-\u2010\u2011])"
BOUNDARY_AFTER = r"(?![\w\-\u2010\u2011])"
WORD_SPLIT = re.compile(rf"[\s{DASHES}]+")
POSSESSIVE = rf"(?:[{APOSTROPHES}]s|(?<=s)[{APOSTROPHES}])?"
# Without the lookbehind, for scanners that have none (Hyperscan); matches are re-checked
# with the exact expression afterwards.
POSSESSIVE_SCAN = rf"(?:[{APOSTROPHES}]s?)?"


@dataclass(frozen=True, slots=True)
class TermPattern:
    """A term's exact regular expression (for Python's re) and the same without
    look-arounds or inline flags (for Hyperscan, which finds the candidates)."""

    term: Term
    regex: str
    scan_regex: str
    derived: bool = False  # made by a language rule (analytic form), not listed in the glossary


def _literal(word: str) -> str:
    out = []
    for ch in word:
        out.append(f"[{APOSTROPHES}]" if ch in APOSTROPHES else re.escape(ch))
    return "".join(out)


def _spellings(word: str, lang: str, spelling: Spelling) -> list[str]:
    pairs = spelling.pairs.get(lang, {})
    low = word.casefold()
    forms = [word]
    for a, b in pairs.items():
        if low == a.casefold():
            forms.append(b)
        elif low == b.casefold():
            forms.append(a)
    return forms


def _inflected(word: str, language: Language, *, last: bool) -> str:
    """Regex for a word and its regular plural (and gender) forms, by the language's rules."""
    takes = language.inflect_words == "every" or (language.inflect_words == "last" and last)
    possessive = POSSESSIVE if language.possessive and last else ""
    if not takes:
        return _literal(word)
    low = word.lower()
    if not word.isalpha() or len(low) < language.min_length:
        return _literal(word) + possessive
    for rule in language.plural_rules:
        if re.search(f"(?:{rule.ending})$", low):
            stem = word[: len(word) - rule.strip] if rule.strip else word
            return _literal(stem) + rule.add + possessive
    return _literal(word) + possessive


def _word_regex(word: str, *, last: bool, term: Term, spelling: Spelling) -> str:
    options: list[str] = []
    language = registry().get(term.lang)
    irregular = spelling.irregular.get(term.lang, {})
    for form in _spellings(word, term.lang, spelling):
        if not term.inflect or term.is_acronym:
            options.append(_literal(form))
            continue
        options.append(_inflected(form, language, last=last))
        plural = irregular.get(form.lower()) if last else None
        if plural:
            options.append(_literal(plural) + (POSSESSIVE if language.possessive else ""))
    unique = list(dict.fromkeys(options))
    return unique[0] if len(unique) == 1 else "(?:" + "|".join(unique) + ")"


def surface_regex(surface: str, term: Term, spelling: Spelling, *, inflect: bool = True) -> TermPattern:
    """Build the pattern for one written form of `term`."""
    words = [w for w in WORD_SPLIT.split(surface.strip()) if w]
    sub_term = term if inflect else _no_inflect(term)
    parts = [_word_regex(word, last=i == len(words) - 1, term=sub_term, spelling=spelling) for i, word in enumerate(words)]
    slots = registry().get(term.lang).article_slots
    for i, word in enumerate(words[:-1]):
        articles = slots.get(word.casefold())
        if articles and words[i + 1].casefold() not in articles and not term.is_acronym:
            parts[i] += "(?:" + "|".join(r"\s+" + _literal(a) for a in articles) + ")?"
    body = SEPARATOR.join(parts)
    scan = body.replace(POSSESSIVE, POSSESSIVE_SCAN)
    if term.case_sensitive:
        body = f"(?-i:{body})"
    return TermPattern(term=term, regex=BOUNDARY_BEFORE + body + BOUNDARY_AFTER, scan_regex=scan)


def _no_inflect(term: Term) -> Term:
    from dataclasses import replace

    return replace(term, inflect=False)


def term_patterns(term: Term, spelling: Spelling) -> list[TermPattern]:
    """Every pattern for a term: the term itself, its variants, listed plurals, and the
    analytic forms the language's rules derive from it (see `derived_patterns`)."""
    patterns = [_yielding(surface_regex(s, term, spelling), s) for s in (term.text, *term.variants)]
    patterns += [surface_regex(p, term, spelling, inflect=False) for p in term.plurals]
    patterns += derived_patterns(term)
    patterns += coordinated_patterns(term)
    return patterns


def _yielding(pattern: TermPattern, surface: str) -> TermPattern:
    """A listed noun + head-adjective form ("vídeos pornográficos", "matériel
    pornographique") stops short where a child word follows the adjective, so that the
    analytic form starting at the adjective ("pornográficos de menores", a form of the
    stronger term) is found instead of being hidden by it."""
    term = pattern.term
    language = registry().get(term.lang)
    words = [w for w in WORD_SPLIT.split(surface.strip()) if w]
    if language.adjective_first or len(words) < 2 or not _head_adjective(words[-1], language) or term.is_acronym:
        return pattern
    return TermPattern(term=term, regex=pattern.regex + _child_after(language), scan_regex=pattern.scan_regex, derived=pattern.derived)


def _conjunction(language: Language) -> str:
    """One of the language's coordination words ("and", "et/ou", "y")."""
    return "(?:" + "|".join(_literal(c) for c in sorted(language.conjunctions, key=len, reverse=True)) + ")"


def _coordinated_words(language: Language) -> str:
    """Two words joined by a conjunction: " photos and videos", " images et/ou vidéos"."""
    word = _free_word(language)
    return rf"\s+{word}\s+{_conjunction(language)}\s+{word}"


def _head_adjective(word: str, language: Language) -> bool:
    """Is `word` a form (plural, gender) of a head's adjective ("pornográficos")?"""
    forms = [f for forms in language.head_adjectives.values() for f in forms]
    return any(re.fullmatch(_inflected(f, language, last=True), word, re.IGNORECASE) for f in forms)


def _child_after(language: Language) -> str:
    """Lookahead: no child word (a linker and a child noun, or a child adjective) follows."""
    child_words = [_linked(language.analytic_linkers, language, exact=True), _options(language.child_adjectives, language)]
    child_words = [x if x.startswith(r"\s+") else r"\s+" + x for x in child_words if x]
    return "(?!" + "|".join(child_words) + ")" if child_words else ""


def _options(words: list[str] | tuple[str, ...], language: Language) -> str:
    """Alternatives for registry words; single words take the language's plural and gender
    forms where every word of a term does (Romance languages), phrases are literal."""
    inflect = language.inflect_words == "every"
    forms = []
    for word in sorted(words, key=len, reverse=True):
        parts = word.split()
        if len(parts) > 1:
            forms.append(r"\s+".join(_literal(p) for p in parts))
        else:
            forms.append(_inflected(word, language, last=True) if inflect else _literal(word))
    return "(?:" + "|".join(dict.fromkeys(forms)) + ")" if forms else ""


def _gap(words: int, language: Language, *, exact: bool) -> str:
    """Up to `words` intervening words (adjectives): never a conjunction, never across a
    sentence end (only white space between them)."""
    if words == 0:
        return ""
    if not exact:
        return rf"(?:\s+\w+){{0,{words}}}"
    return rf"(?:\s+{_free_word(language)}){{0,{words}}}"


def _free_word(language: Language) -> str:
    """One word that is not a conjunction or a linker of the language."""
    stop = "|".join(re.escape(c) for c in language.conjunctions + language.analytic_linkers + language.linkers)
    guard = rf"(?!(?:{stop})(?![\w\-]))" if stop else ""
    return rf"{guard}[^\W\d_]+"


def _linked(linkers: tuple[str, ...], language: Language, *, exact: bool) -> str:
    """A linker ("de", "of", "d'"), an optional article, at most one more word, then a
    child noun: "des mineures", "de personas menores", "of children", "d'enfants"."""
    if not linkers or not language.child_nouns:
        return ""
    link = f"(?:{_joined(sorted(linkers, key=len, reverse=True))})"
    article = f"(?:{_joined(language.articles)})?" if language.articles else ""
    word = r"(?:\w+\s+)?" if not exact else r"(?:[^\W\d_]+\s+)?"
    return r"\s+" + link + article + word + _options(language.child_nouns, language)


def _joined(words: list[str] | tuple[str, ...]) -> str:
    """Alternatives for short words, each followed by white space (none needed after an
    elided form: "d'enfants")."""
    return "|".join(_literal(w) + (r"\s*" if w.endswith(APOSTROPHES_TUPLE) else r"\s+") for w in words)


def derived_patterns(term: Term) -> list[TermPattern]:
    """Analytic forms of a term with a child word, by the language's rules (registry):

    - head + up to two words + any child adjective: "prostitution juvénile", "pornografía
      infanto-juvenil"; a head's adjective form too: "material pornográfico infantil";
    - head (if the language lists it in `of_child_heads`) or its adjective form + linker +
      child noun: "prostitution des mineures", "vídeos pornográficos de menores",
      "pornographic images of children";
    - a child noun and a participle in either order: "menores prostituidas", "prostituées
      mineures".
    Each derived form keeps the term's concept and verdict.
    """
    language = registry().get(term.lang)
    if term.status not in (Status.AVOID, Status.CARE) or term.is_acronym or not term.inflect or term.near:
        return []
    words = [w for w in term.text.split() if w]
    if len(words) < 2:
        return []
    adjectives = {a.casefold() for a in language.child_adjectives}
    nouns = {n.casefold() for n in language.child_nouns}
    modifier, head = (words[0], words[1:]) if language.adjective_first else (words[-1], words[:-1])
    forms: list[tuple[str, str]] = []  # (exact body, the word it starts with: what the scanner looks for)
    if modifier.casefold() in adjectives and len(head) == 1:
        head_rx = _inflected(head[0], language, last=True)
        adjective_forms = language.head_adjectives.get(head[0].casefold(), ())
        adjective_rx = _options(adjective_forms, language) if adjective_forms else ""
        child_adjective = _options(language.child_adjectives, language)
        gap2, gap1 = _gap(2, language, exact=True), _gap(1, language, exact=True)
        if language.adjective_first:
            others = [a for a in language.child_adjectives if a.casefold() != modifier.casefold()]
            if others:  # the term itself is listed already
                body = _options(others, language) + SEPARATOR + head_rx
                forms.append((body, body))  # no gap: the scanner can look for the whole form
            if language.conjunctions:  # "child and adolescent pornography"
                child = _options(language.child_adjectives, language)
                second = _options(language.child_adjectives + language.child_nouns, language)
                start = child + rf"\s+{_conjunction(language)}"
                forms.append((start + r"\s+" + second + SEPARATOR + head_rx, start))
            if adjective_rx and language.analytic_linkers:
                # up to two words, or two coordinated ones ("pornographic photos and videos of children")
                words_between = f"(?:{gap2}|{_coordinated_words(language)})" if language.conjunctions else gap2
                forms.append((adjective_rx + words_between + _linked(language.analytic_linkers, language, exact=True), adjective_rx))
        else:
            forms.append((head_rx + gap2 + r"\s+" + child_adjective, head_rx))
            if adjective_rx:
                forms.append((adjective_rx + gap2 + r"\s+" + child_adjective, adjective_rx))
            if head[0].casefold() in {h.casefold() for h in language.of_child_heads}:
                forms.append((head_rx + _linked(language.linkers, language, exact=True), head_rx))
            if adjective_rx and language.analytic_linkers:
                forms.append((adjective_rx + gap1 + _linked(language.analytic_linkers, language, exact=True), adjective_rx))
    elif not language.adjective_first and len(words) == 2 and words[0].casefold() in nouns:
        child = _options(language.child_nouns, language)
        participle = _inflected(words[1], language, last=True)
        forms.append((child + r"\s+" + participle, child))
        forms.append((participle + r"\s+" + child, participle))
    if not forms:
        return []
    exact = "|".join(f"(?:{body})" for body, _ in forms)
    # the scanner only finds where a form may start (its first word, then a space or an
    # apostrophe); the exact expression decides
    scan = "|".join(dict.fromkeys(f"(?:{start})" + (r"[\s'’]" if start != body else "") for body, start in forms))
    scan = scan.replace(POSSESSIVE, POSSESSIVE_SCAN)
    return [TermPattern(term=term, regex=BOUNDARY_BEFORE + f"(?:{exact})" + BOUNDARY_AFTER, scan_regex=scan, derived=True)]


def coordinated_patterns(term: Term) -> list[TermPattern]:
    """A term made of a noun and a head's adjective form (`head_adjectives`: "pornographic
    material", "matériel pornographique") whose adjective is shared with a second noun
    coordinated to it (`coordination.conjunctions`): "pornographic performances and
    materials", "matériels et/ou de spectacles pornographiques", "material y vídeos
    pornográficos". The match runs from the first word to the last and keeps the term's
    concept, verdict and `near` words. One word stands for the other noun, never a
    conjunction or a linker, so a comma list ("images, films ou objets pornographiques")
    is not taken for coordination."""
    language = registry().get(term.lang)
    if term.status not in (Status.AVOID, Status.CARE) or term.is_acronym or not term.inflect or not language.conjunctions:
        return []
    conj = rf"\s+{_conjunction(language)}\s+"
    article = f"(?:{_joined(language.articles)})?" if language.articles else ""
    linker = f"(?:{_joined(sorted(language.linkers, key=len, reverse=True))})?" if language.linkers else ""
    word = _free_word(language)
    # a child word right after the adjective makes it an analytic form of its own ("... vidéos
    # pornographiques impliquant des mineurs"), which must not be hidden by this one
    child_after = _child_after(language)
    forms: list[tuple[str, str]] = []
    for surface in (term.text, *term.variants):
        words = [w for w in WORD_SPLIT.split(surface.strip()) if w]
        if len(words) != 2:
            continue
        adjective, noun = words if language.adjective_first else words[::-1]
        if not _head_adjective(adjective, language):
            continue
        adjective_rx = _inflected(adjective, language, last=not language.adjective_first)
        noun_rx = _inflected(noun, language, last=True)
        # the scanner looks for the words up to the conjunction
        if language.adjective_first:  # "pornographic performances and (the) materials"
            start = adjective_rx + r"\s+\w+" + conj.removesuffix(r"\s+")
            forms.append((adjective_rx + r"\s+" + word + conj + article + noun_rx, start))
        else:  # "matériels et/ou (de) (les) spectacles pornographiques"
            start = noun_rx + conj.removesuffix(r"\s+")
            forms.append((noun_rx + conj + linker + article + word + r"\s+" + adjective_rx + child_after, start))
    if not forms:
        return []
    exact = "|".join(f"(?:{body})" for body, _ in forms)
    scan = "|".join(dict.fromkeys(f"(?:{start})" + r"\s" for _, start in forms))
    return [TermPattern(term=term, regex=BOUNDARY_BEFORE + f"(?:{exact})" + BOUNDARY_AFTER, scan_regex=scan, derived=True)]


FUNCTION_WORDS = registry().function_words
PHRASE_GAP = r"[\W_]+"


def _phrase_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:[/.'’][^\W_]+)*", text)


def phrase_regex(text: str) -> str:
    """Regex for a fixed phrase such as a title: punctuation, white space and line breaks
    between words are free, short function words ("the", "la", "de") are optional, no
    inflection. Compile it case-insensitively."""
    words = _phrase_words(text)
    out: list[str] = []
    pending = ""
    for k, word in enumerate(words):
        literal = _literal(word)
        if word.lower() in FUNCTION_WORDS and k < len(words) - 1:
            pending += f"(?:{literal}{PHRASE_GAP})?"
            continue
        out.append(pending + literal)
        pending = ""
    return PHRASE_GAP.join(out)


def head_tail_regex(text: str, tail_words: int = 8, gap_words: int = 40) -> str | None:
    """Regex for a title cited with words left out or changed in its middle: the first word,
    up to `gap_words` words in the same sentence, then the title's last `tail_words` words.

    Words (`\\w++`) and the gaps between them (`[^\\w.;:!?]++`) are disjoint and possessive,
    so a text splits into them one way only: the time is linear in the window, whatever the
    punctuation ("self-generated, peer-to-peer, e-mail, ..." once took minutes)."""
    words = _phrase_words(text)
    if len(words) < tail_words + 2:
        return None
    # the head and the title's next word ("Directive 2011/93/EU ...", "Special Rapporteur
    # ..."), so that a sentence that merely mentions "the Directive" is not a citation
    second = r"\d[^\s.;:]*+" if any(ch.isdigit() for ch in words[1]) else _literal(words[1])
    head = _literal(words[0]) + r"s?" + PHRASE_GAP + second + r"s?"
    tail = phrase_regex(" ".join(words[-tail_words:]))
    word_gap = r"[^\w.;:!?]++"  # never crosses a sentence end or a colon
    return rf"\b{head}(?:{word_gap}\w++){{0,{gap_words}}}?{word_gap}{tail}"
