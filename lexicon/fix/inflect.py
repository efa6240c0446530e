"""Make a replacement fit where the matched words stood: the writer's case, the number of
the matched noun, and an article before it that agrees ("a"/"an", "le/la/l'", "el/la").

Every function returns the new wording or None when it cannot be sure; the caller then
leaves the finding to the writer. The tables come from `terms/fix/<lang>.yaml`.
"""

from __future__ import annotations

import re

from lexicon.check.match.forms import APOSTROPHES, surface_regex
from lexicon.check.rules.term import match_case
from lexicon.fix.language import FixLanguage
from lexicon.glossary.types import Spelling, Term

POSSESSIVE_END = re.compile(rf"(?:[{APOSTROPHES}]s|s[{APOSTROPHES}])$", re.IGNORECASE)


def is_possessive(matched: str, term: Term) -> bool:
    return bool(POSSESSIVE_END.search(matched)) and not POSSESSIVE_END.search(term.text)


def is_plural(matched: str, term: Term, spelling: Spelling) -> bool:
    """Did the text use a plural form of the term (generated or listed)?"""
    flags = 0 if term.case_sensitive else re.IGNORECASE
    for surface in (term.text, *term.variants):
        if re.fullmatch(surface_regex(surface, term, spelling, inflect=False).regex, matched, flags):
            return False
    return True


def plural(replacement: str, agreed: Term | None, lang: FixLanguage, irregular: dict[str, str]) -> str | None:
    """The plural of a replacement: listed in the glossary, in the fix data, or by rule on
    the last word (where the language has rules and the term inflects its last word)."""
    if agreed is not None and agreed.plurals:
        return agreed.plurals[0]
    if replacement in lang.plurals:
        return lang.plurals[replacement]
    words = replacement.split(" ")
    last = words[-1]
    if not lang.plural_rules or (agreed is not None and (not agreed.inflect or agreed.is_acronym)) or last.isupper():
        return None
    if last.lower() in irregular:
        words[-1] = irregular[last.lower()]
        return " ".join(words)
    for pattern, repl in lang.plural_rules:
        if pattern.search(last):
            words[-1] = pattern.sub(repl, last, count=1)
            return " ".join(words)
    return None


def follow_case(replacement: str, matched: str, lang: FixLanguage) -> str:
    """ALL CAPS and sentence case as `rules.match_case`; Title Case word by word, leaving
    small words (of, in, de…) and words with capitals already (acronyms) as they are."""
    words = matched.split()
    letters = [w for w in words if any(c.isalpha() for c in w)]
    title = len(letters) > 1 and all(w[:1].isupper() for w in letters) and not matched.isupper()
    if not title:
        return match_case(replacement, matched)
    out = []
    for i, word in enumerate(replacement.split(" ")):
        if any(c.isupper() for c in word) or (i and word.casefold() in lang.small_words):
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def article_for(group: dict[str, str], replacement: str, lang: FixLanguage, gender: str | None) -> str | None:
    """The form of an article group that agrees with `replacement`, or None if unknown."""
    if "vowel" in group and lang.starts_with_vowel_sound(replacement):
        return group["vowel"]
    if gender is not None and gender in group:
        return group[gender]
    return group.get("default")


def preceding_article(text: str, start: int, lang: FixLanguage) -> tuple[int, str, dict[str, str]] | None:
    """An article right before `start` (separated by white space, or attached when it ends
    in an apostrophe): (its offset, the article as written, its group)."""
    window = text[max(0, start - 16) : start]
    for form, group in lang.article_forms():
        attached = form.endswith("'")
        tail = re.escape(form).replace("'", f"[{APOSTROPHES}]").replace(r"\ ", r"\s+")
        pattern = rf"(?<![\w{APOSTROPHES}])({tail})" + ("" if attached else r"[ \t]+") + "$"
        m = re.search(pattern, window, re.IGNORECASE)
        if m:
            return start - len(window) + m.start(1), m.group(1), group
    return None


def written_like(new: str, old: str) -> str:
    """An article in the case of the one it replaces ("A" → "An", "LA" → "EL")."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new
