"""Glossary value types. Untyped YAML dicts never leave `glossary.load`."""

from __future__ import annotations

from dataclasses import dataclass, field

from lexicon.model import Severity, Status


@dataclass(frozen=True, slots=True)
class Evidence:
    url: str
    confirmed: bool
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    article: str | None = None
    page: int | None = None
    url: str | None = None
    confirmed: bool | None = None

    def cite(self) -> str:
        parts = [self.title]
        if self.article:
            parts.append(f"art. {self.article}")
        if self.page:
            parts.append(f"p. {self.page}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    lang: str
    status: Status
    concept_id: str
    suggest: tuple[str, ...] = ()
    reason: str | None = None
    fine_when: str | None = None
    evidence: Evidence | None = None
    variants: tuple[str, ...] = ()
    plurals: tuple[str, ...] = ()
    inflect: bool = True
    case_sensitive: bool = False
    acronym_of: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    near_window: int = 12
    severity: Severity | None = None
    path: str = ""
    line: int | None = None

    @property
    def is_acronym(self) -> bool:
        return bool(self.acronym_of)

    @property
    def default_severity(self) -> Severity | None:
        """Severity of a use in the author's own voice, before context is considered."""
        if self.severity is not None:
            return self.severity
        if self.status is Status.AVOID:
            confirmed = self.evidence is not None and self.evidence.confirmed
            return Severity.ERROR if confirmed else Severity.WARNING
        if self.status is Status.CARE:
            return Severity.WARNING
        return None


@dataclass(frozen=True, slots=True)
class TitleException:
    lang: str
    text: str
    kind: str = "title"
    short: tuple[str, ...] = ()
    concept_id: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    section: Section
    definition: dict[str, str]
    terms: tuple[Term, ...]
    note: dict[str, str] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    exceptions: tuple[TitleException, ...] = ()
    examples: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    section_page: int | None = None
    section_confirmed: bool = False
    path: str = ""
    line: int | None = None
    builtin: bool = True

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.lang == lang)

    def preferred(self, lang: str) -> tuple[Term, ...]:
        return tuple(t for t in self.terms_in(lang) if t.status is Status.PREFERRED)

    @property
    def languages(self) -> tuple[str, ...]:
        return languages_of(self.terms)

    def reference(self) -> str:
        """The reference shown to users: the Guidelines section for built-in concepts
        ('Luxembourg Guidelines 2016, <section>, p. 35 (page unconfirmed)'), the house
        glossary's section and file for an organisation's own concepts."""
        if not self.builtin:
            return f"{self.section.title} ({self.path.rsplit('/', 1)[-1]})"
        ref = f"Luxembourg Guidelines 2016, {self.section.title}"
        if self.section_page:
            ref += f", p. {self.section_page}"
            if not self.section_confirmed:
                ref += " (page unconfirmed)"
        return ref

    def text_in(self, field_map: dict[str, str], lang: str) -> str | None:
        """A definition or note in `lang`, else in English."""
        return field_map.get(lang) or field_map.get("en")


@dataclass(frozen=True, slots=True)
class Spelling:
    """Per-language word tables used to generate variants."""

    pairs: dict[str, dict[str, str]]
    irregular: dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class Glossary:
    concepts: dict[str, Concept]
    spelling: Spelling
    paths: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(t for c in self.concepts.values() for t in c.terms)

    @property
    def exceptions(self) -> tuple[TitleException, ...]:
        return tuple(e for c in self.concepts.values() for e in c.exceptions)

    @property
    def languages(self) -> tuple[str, ...]:
        return languages_of(self.terms)


def languages_of(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """The languages of `terms`, in order of first appearance."""
    return tuple(dict.fromkeys(t.lang for t in terms))
