"""The language registry: everything lexicon knows about a language, read from
`terms/languages/<code>.yaml` (detection hints, inflection rules, child words, function
words, sentence and quotation punctuation, context cues, word senses, "fine when" cues).

No other module names a language: adding one is a new YAML file (see docs/languages.md).
Loaded once per process; the parsed registry is kept in the on-disk cache like the glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lexicon.errors import GlossaryError, GlossaryProblem

MAX_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class PluralRule:
    ending: str  # regex the word must end with ("" fits every word)
    add: str  # regex put after the word (minus `strip` characters)
    strip: int = 0


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    name: str
    detector_name: str | None = None
    stopwords: frozenset[str] = frozenset()
    inflect_words: str = "none"  # last | every | none
    possessive: bool = False
    min_length: int = 1
    plural_rules: tuple[PluralRule, ...] = ()
    function_words: frozenset[str] = frozenset()
    elision: tuple[str, ...] = ()
    article_slots: dict[str, tuple[str, ...]] = field(default_factory=dict)
    child_nouns: tuple[str, ...] = ()
    child_adjectives: tuple[str, ...] = ()
    adjective_first: bool = True
    linkers: tuple[str, ...] = ()
    of_child_heads: tuple[str, ...] = ()
    head_adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    analytic_linkers: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    conjunctions: tuple[str, ...] = ()
    ends_phrase: tuple[str, ...] = ()
    sentence_ends: str = ".!?;"
    abbreviations: frozenset[str] = frozenset()
    open_quotes: str = '"“'
    close_quotes: str = '"”'
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    senses: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    fine_when: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, eq=False)
class Registry:
    languages: dict[str, Language]

    def get(self, code: str) -> Language:
        """The language `code` (a region subtag is ignored: fr-CA -> fr); an unknown
        language gets an empty entry (no inflection, no cues)."""
        base = code.split("-")[0].split("_")[0].lower()
        return self.languages.get(base) or Language(code=base, name=base)

    def cue_list(self, kind: str) -> tuple[str, ...]:
        """Every language's cues of one kind, in a fixed order (a document may mix languages)."""
        out: list[str] = []
        for lang in self.languages.values():
            out.extend(lang.cues.get(kind, ()))
        return tuple(dict.fromkeys(out))

    @property
    def quotes(self) -> tuple[str, str]:
        opens = "".join(dict.fromkeys("".join(lang.open_quotes for lang in self.languages.values())))
        closes = "".join(dict.fromkeys("".join(lang.close_quotes for lang in self.languages.values())))
        return opens, closes

    @property
    def function_words(self) -> frozenset[str]:
        return frozenset().union(*(lang.function_words for lang in self.languages.values()))

    @property
    def abbreviations(self) -> frozenset[str]:
        return _union_abbreviations(self)


@lru_cache(maxsize=4)
def _union_abbreviations(reg: Registry) -> frozenset[str]:
    return frozenset().union(*(lang.abbreviations for lang in reg.languages.values()))


def registry_dir() -> Path:
    from lexicon.glossary.load import builtin_dir

    return builtin_dir() / "languages"


def _strings(value: Any) -> tuple[str, ...]:
    """A word or list of words. YAML reads a bare on, off, yes or no as a boolean and a bare
    number as a number: taken as "True" or "5" they would silently never match, so they are
    an error that says what to quote."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    words = tuple(value)
    for word in words:
        if not isinstance(word, str):
            raise TypeError(f"{word!r} is not text (YAML reads bare on/off/yes/no as booleans and bare numbers as numbers: quote it)")
    return words


def parse_language(data: Any, path: str, *, validate: bool = True) -> Language:
    """One registry file's data -> Language (raises GlossaryError naming the file).
    `validate` compiles every expression once to report a bad one; data that passed once
    is cached (`_yaml_data`) and read back without it."""
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        raise GlossaryError([GlossaryProblem(path, None, None, "a language file needs a mapping with 'code'")])
    try:
        detect = data.get("detect") or {}
        infl = data.get("inflection") or {}
        child = data.get("child") or {}
        coord = data.get("coordination") or {}
        sentence = data.get("sentence") or {}
        quotes = data.get("quotes") or {}
        cues = {str(k): _strings(v) for k, v in (data.get("cues") or {}).items()}
        senses = {str(k): {str(a): _strings(b) for a, b in (v or {}).items()} for k, v in (data.get("senses") or {}).items()}
        fine = {str(k): _strings(v) for k, v in (data.get("fine_when") or {}).items()}
        rules = tuple(
            PluralRule(ending=str(r.get("ending", "")), add=str(r.get("add", "")), strip=int(r.get("strip", 0)))
            for r in infl.get("rules") or ()
        )
        if validate:
            for pattern in (
                [p for v in cues.values() for p in v]
                + [p for s in senses.values() for v in s.values() for p in v]
                + [p for v in fine.values() for p in v]
            ):
                re.compile(pattern)
            for rule in rules:
                re.compile(rule.ending + "$")
                re.compile(rule.add)
        return Language(
            code=data["code"],
            name=str(data.get("name", data["code"])),
            detector_name=detect.get("lingua"),
            stopwords=frozenset(_strings(detect.get("stopwords"))),
            inflect_words=str(infl.get("words", "none")),
            possessive=bool(infl.get("possessive", False)),
            min_length=int(infl.get("min_length", 1)),
            plural_rules=rules,
            function_words=frozenset(w.casefold() for w in _strings(data.get("function_words"))),
            elision=_strings(data.get("elision")),
            article_slots={str(k).casefold(): _strings(v) for k, v in (data.get("article_slots") or {}).items()},
            child_nouns=_strings(child.get("nouns")),
            child_adjectives=_strings(child.get("adjectives")),
            adjective_first=bool(child.get("adjective_first", True)),
            linkers=_strings(child.get("linkers")),
            of_child_heads=_strings(child.get("of_child_heads")),
            head_adjectives={str(k).casefold(): _strings(v) for k, v in (child.get("head_adjectives") or {}).items()},
            analytic_linkers=_strings(child.get("analytic_linkers")),
            articles=_strings(child.get("articles")),
            conjunctions=_strings(coord.get("conjunctions")),
            ends_phrase=_strings(coord.get("ends_phrase")),
            sentence_ends=str(sentence.get("ends", ".!?;")),
            abbreviations=frozenset(a.casefold() for a in _strings(sentence.get("abbreviations"))),
            open_quotes=str(quotes.get("open", '"“')),
            close_quotes=str(quotes.get("close", '"”')),
            cues=cues,
            senses=senses,
            fine_when=fine,
        )
    except (re.error, TypeError, ValueError, AttributeError) as exc:
        raise GlossaryError([GlossaryProblem(path, None, None, f"bad language entry: {exc}")]) from exc


def _load(folder: Path) -> Registry:
    languages: dict[str, Language] = {}
    for path in sorted(folder.glob("*.yaml")):
        lang = parse_language(_yaml_data(path), str(path), validate=False)
        languages[lang.code] = lang
    return Registry(languages)


def _yaml_data(path: Path) -> Any:
    """A language file's data, parsed and checked once, then read from the on-disk cache as
    JSON (data only, never code), keyed by the file's bytes."""
    import hashlib
    import json

    from lexicon import __version__
    from lexicon.cache import cached_bytes, key_for

    if path.stat().st_size > MAX_BYTES:
        raise GlossaryError([GlossaryProblem(str(path), None, None, "language file is too large")])
    raw = path.read_bytes()

    def build() -> bytes:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            data = yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 - the safe loader
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise GlossaryError([GlossaryProblem(str(path), None, None, f"cannot parse: {exc}")]) from exc
        parse_language(data, str(path))  # a bad expression is reported here, and never cached
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    try:
        return json.loads(cached_bytes("language", key_for(__version__, hashlib.sha256(raw).hexdigest()), build))
    except ValueError:  # a damaged prebuilt entry (the cache's own are authenticated): parse it here
        return json.loads(build())


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The built-in language registry, parsed once per process."""
    return _load(registry_dir())


def codes() -> tuple[str, ...]:
    """The codes of the registry's languages (the values --lang accepts)."""
    return tuple(registry().languages)


def alternation(patterns: tuple[str, ...] | list[str]) -> str:
    """Regex alternatives as one group (never matches when empty)."""
    return "(?:" + "|".join(patterns) + ")" if patterns else r"(?!x)x"
