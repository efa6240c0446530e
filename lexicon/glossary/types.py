"""Glossary value types. Untyped YAML dicts never leave `glossary.load`."""

from __future__ import annotations

from dataclasses import dataclass, field

from lexicon.model import Provenance, Severity, Status


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    edition: int | None = None  # set when the source is the Luxembourg Guidelines (2016/2025)
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
        cite = ", ".join(parts)
        if self.confirmed is False and (self.page or self.article):
            cite += " (page unconfirmed)" if self.page else " (article unconfirmed)"
        return cite


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    lang: str
    status: Status
    concept_id: str
    suggest: tuple[str, ...] = ()  # glossary terms in the same language (checked)
    reason: str | None = None
    fine_when: str | None = None
    fine_in: frozenset[str] = frozenset()  # contexts ("legal", "quoted") where the term is the accepted wording
    provenance: Provenance | None = None
    rephrase: tuple[str, ...] = ()  # free rewordings that are not glossary terms
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
    region: str | None = None  # where a termbase says the term is used ("GB", "419")

    @property
    def is_acronym(self) -> bool:
        return bool(self.acronym_of)

    @property
    def alternatives(self) -> tuple[str, ...]:
        """What to write instead: the suggested glossary terms, then free rewordings."""
        return self.suggest + self.rephrase

    @property
    def default_severity(self) -> Severity | None:
        """Severity of a use in the author's own voice, before context is considered."""
        from lexicon.glossary.verdict import default_severity

        return default_severity(self.status, self.provenance, self.severity)

    def provenance_label(self) -> str:
        """Who gives this verdict, in a few words ('' for preferred/admitted terms)."""
        return self.provenance.label() if self.provenance else ""


@dataclass(frozen=True, slots=True)
class TitleException:
    lang: str
    text: str
    kind: str = "title"
    short: tuple[str, ...] = ()
    concept_id: str = ""
    misprints: tuple[str, ...] = ()  # forms seen in print with a known error


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
        source = self.guidelines_source
        ref = f"Luxembourg Guidelines {source.edition if source else 2016}, {self.section.title}"
        if source is not None and source.page:
            ref += f", p. {source.page}"
            if not source.confirmed:
                ref += " (page unconfirmed)"
        return ref

    @property
    def guidelines_source(self) -> Source | None:
        """The concept's source that is the Luxembourg Guidelines themselves, if any."""
        return next((s for s in self.sources if s.edition), None)

    def verdict_reference(self, term: Term) -> str:
        """The line under a finding: who gives the verdict, then where to read more.
        'Luxembourg Guidelines 2016 (summarised by INTERPOL) · <section>, p. 35 (page
        unconfirmed)'; 'NSPCC guidance — not in the Guidelines · <section>'."""
        if term.provenance is None:
            return self.reference()
        if not self.builtin:
            where = self.reference()
        else:
            where = self.reference().split(", ", 1)[1] if term.provenance.who == "guidelines" else self.section.title
        return f"{term.provenance.label()} · {where}"

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
