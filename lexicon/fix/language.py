"""The language knowledge fixes need (articles, vowel sounds, plural rules, genders), read
from `terms/fix/<lang>.yaml`. A language without a file gets no article or plural help, so
its fixes that would need one are left to the writer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class FixLanguage:
    code: str
    articles: tuple[dict[str, str], ...] = ()
    vowels: str = ""
    consonant_prefixes: tuple[str, ...] = ()
    vowel_prefixes: tuple[str, ...] = ()
    vowel_letters: str = ""
    plural_rules: tuple[tuple[re.Pattern[str], str], ...] = ()
    small_words: frozenset[str] = frozenset()
    gender: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, str] = field(default_factory=dict)

    def starts_with_vowel_sound(self, phrase: str) -> bool:
        word = phrase.split()[0] if phrase.split() else ""
        if len(word) > 1 and word.isupper():  # an acronym read letter by letter
            return word[0] in self.vowel_letters
        low = word.casefold()
        if any(low.startswith(p) for p in self.vowel_prefixes):
            return True
        if any(low.startswith(p) for p in self.consonant_prefixes):
            return False
        return bool(low) and low[0] in self.vowels

    def article_forms(self) -> list[tuple[str, dict[str, str]]]:
        """Every article form with its group, longest first (so "de la" wins over "la")."""
        forms = [(form, group) for group in self.articles for form in group.values()]
        return sorted(forms, key=lambda item: -len(item[0]))


def _folder() -> Path:
    from lexicon.glossary.load import builtin_dir

    return builtin_dir() / "fix"


@lru_cache(maxsize=16)
def fix_language(code: str) -> FixLanguage:
    path = _folder() / f"{code}.yaml"
    if not path.is_file():
        return FixLanguage(code=code)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sound = data.get("sound") or {}
    return FixLanguage(
        code=code,
        articles=tuple({str(k): str(v) for k, v in group.items()} for group in data.get("articles") or ()),
        vowels=str(sound.get("vowels") or ""),
        consonant_prefixes=tuple(sound.get("consonant_prefixes") or ()),
        vowel_prefixes=tuple(sound.get("vowel_prefixes") or ()),
        vowel_letters=str(sound.get("vowel_letters") or ""),
        plural_rules=tuple((re.compile(p), r) for p, r in data.get("plural_rules") or ()),
        small_words=frozenset(data.get("title_small_words") or ()),
        gender={str(k): str(v) for k, v in (data.get("gender") or {}).items()},
        plurals={str(k): str(v) for k, v in (data.get("plurals") or {}).items()},
    )
