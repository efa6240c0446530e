"""The pipeline: document -> matches -> context -> findings -> harmonisation -> result.

The only module that chains the stages. Never prints, never exits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lexicon.check.context.classify import DocContext, classify_in, legal_document, sentence_bounds, title_tails
from lexicon.check.context.finder import ContextFinder
from lexicon.check.context.senses import fine_here, has_cues, other_sense
from lexicon.check.language.blocks import BlockLanguages, base_language
from lexicon.check.language.guess import guess
from lexicon.check.match.ellipsis import compound_tails, elliptical, heads, modified_heads, suspended
from lexicon.check.match.terms import Match, Matcher, shared_matcher
from lexicon.check.rules.document import Excerpts, acronyms, concept_stats, mixed_terms, one_name_each, spelled_out, stats
from lexicon.check.rules.term import Memo, Policy, term_finding
from lexicon.check.rules.use import Use
from lexicon.check.spool import EncodedFindings, FindingSpool, SpooledFindings, UseStore, compact, release_free_memory, sort_key
from lexicon.check.suppress import Suppressions
from lexicon.errors import LexiconError
from lexicon.glossary.types import Glossary, Term
from lexicon.languages import registry
from lexicon.model import Context, Document, DocumentStats, FileResult, Finding, Rule, Severity
from lexicon.readers import Limits, read_document
from lexicon.readers.stream import NotStreamable, Part, head, large_text, plan, read_part

RULE_NAMES = frozenset(rule.value for rule in Rule)  # what an inline comment may name besides concept ids

WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything that changes what the engine reports (built by the CLI from flags+config)."""

    lang: str | None = None
    policy: Policy = field(default_factory=Policy)
    ignore: frozenset[str] = frozenset()  # concept ids, rule names or exact phrases (case-insensitive)
    severity: tuple[tuple[str, Severity], ...] = ()  # per-concept overrides
    rules: frozenset[Rule] = frozenset(Rule)
    limits: Limits = field(default_factory=Limits)
    accelerate: bool = True


class Linter:
    """A glossary compiled for checking; reuse it for many documents."""

    def __init__(self, glossary: Glossary, settings: Settings | None = None) -> None:
        self.glossary = glossary
        self.settings = settings or Settings()
        self._matchers: dict[str, Matcher] = {}
        self._heads: dict[str, dict[str, Term]] = {}
        self._tails_of: dict[str, dict[str, Term]] = {}  # compound term parts, per language
        self._modified: dict[tuple[int, str], frozenset[int]] = {}  # modified_heads per matcher and language
        self.context = ContextFinder.build(glossary)
        self._tails: frozenset[str] | None = None
        self._checked: tuple[str, ...] | None = None
        self._severity = dict(self.settings.severity)
        self._memo: Memo = {}  # messages, references and suggestions per term (see rules.term_finding)
        self._cued: dict[int, bool] = {}  # has_cues per term (by identity: the glossary holds the terms)
        self.prepared = False  # has `prepare` loaded the databases?

    def matcher(self, lang: str | tuple[str, ...], *, everything: bool = False) -> Matcher:
        """The compiled terms of `lang`: by default only concepts with a term to avoid or use
        with care; `everything` adds concepts whose terms are all agreed."""
        key = ("+".join(lang) if isinstance(lang, tuple) else lang) + ("+all" if everything else "")
        if key not in self._matchers:
            self._matchers[key] = shared_matcher(self.glossary, lang, accelerate=self.settings.accelerate, everything=everything)
        return self._matchers[key]

    def prepare(self) -> None:
        """Load (or compile) the Hyperscan databases a check of a long text needs, now:
        before worker processes are forked (they inherit them) and before a file's time
        budget starts. Without it they are loaded when a long text first needs them; short
        texts are scanned without them (see `scanners.PythonBudget`). A document whose
        language is told is matched with that language's terms alone: those matchers load
        their database when their first document comes (a language the run never meets
        costs nothing), and never scan in Python first."""
        langs = self.checked_languages()
        self.matcher(langs[0] if len(langs) == 1 else langs).load()
        for lang in langs:
            self.matcher(lang).spend()
        self.context.load()
        self.prepared = True  # (a file need not be measured to decide whether to prepare)

    def uses(
        self,
        doc: Document,
        lang: str | None,
        *,
        everything: bool = False,
        doc_lang: str | None = None,
        legal_doc: bool | None = None,
        many: bool | None = None,
        core: tuple[int, int] | None = None,
    ) -> list[Use]:
        """Every glossary term in `doc` with the context it stands in. `lang` None: the
        language of each block decides (see `BlockLanguages`). `legal_doc` and `many`:
        decided for the whole file when `doc` is a part of it (see `DocContext.prepare`).
        `core`: only the uses that start there (a part of a file: the matches in its margins
        are found, since they decide what is matched next to them, but not classified)."""
        if lang is not None:
            matches = self._matches(doc.text, lang, everything)
        else:
            if doc_lang is None and legal_doc is None:  # (a part of a file: decided for the whole file)
                doc_lang = self.document_language(doc)
            blocks = BlockLanguages(doc, self.checked_languages(), doc_lang)
            matches = blocks.keep(self._matches(doc.text, self.checked_languages(), everything))
        if not matches:
            return []  # nothing to classify: the document's context is not worked out
        where = DocContext.prepare(
            self.context, doc.text, [m.start for m in matches], doc.quotes, self.title_tails(), legal_doc=legal_doc, many=many
        )
        out = []
        for match in matches:
            if core is not None and not core[0] <= match.start < core[1]:
                continue
            term = match.term
            cued = self._cued.get(id(term))
            if cued is None:
                cued = self._cued[id(term)] = has_cues(term)
            sentence = sentence_bounds(doc.text, match.start, match.end) if term.near or cued else (0, len(doc.text))
            if term.near and not near_enough(doc.text, match.start, match.end, term, sentence):
                continue
            if cued and other_sense(doc.text, match.start, match.end, term, sentence):
                continue
            context = classify_in(self.context, where, match.start, match.end)
            if (
                cued
                and context not in (Context.TITLE, Context.METALINGUISTIC)
                and fine_here(doc.text, match.start, match.end, term, sentence)
            ):
                context = Context.FINE
            elif context is not None and context.value in term.fine_in:
                context = Context.FINE
            out.append(Use(match.start, match.end, term, context))
        return out

    def title_tails(self) -> frozenset[str]:
        """Endings of the glossary's official titles (for headings that repeat them)."""
        if self._tails is None:
            self._tails = title_tails([t for e in self.glossary.exceptions for t in (e.text, *e.short)])
        return self._tails

    def checked_languages(self) -> tuple[str, ...]:
        """The registry's languages that have terms in the glossary (or --lang alone);
        worked out once (it was a third of the time of a run over many small files)."""
        if self._checked is None:
            if self.settings.lang:
                self._checked = (self.settings.lang,)
            else:
                present = set(self.glossary.languages)
                self._checked = tuple(code for code in registry().languages if code in present) or ("en",)
        return self._checked

    def document_language(self, doc: Document, *, detector: bool = False) -> str | None:
        """--lang, else the language the document declares or its text shows (None when
        neither tells: then each block is looked at, see blocks.py). `detector`: ask the
        statistical detector too when the common words do not tell."""
        if self.settings.lang:
            return self.settings.lang
        return self.detect(doc, detector=detector)

    def detect(self, doc: Document, *, detector: bool = True) -> str | None:
        """The document's declared language, unless its common words clearly show another
        (templates keep lang="en" on translated pages; Word keeps the installation's
        language), else the language they show."""
        languages = tuple(registry().languages) if self.settings.lang else self.checked_languages()
        shown = guess(doc.text, languages, detector=False)
        declared = base_language(doc.lang) if doc.lang else None
        if declared in languages and (shown is None or shown == declared):
            return declared
        return shown or (guess(doc.text, languages) if detector else None)

    def language_of(self, doc: Document, *, setting: bool = True) -> str:
        """The one language `doc` is checked in as a whole: --lang (unless `setting` is
        False, as for a translation's source, which --lang does not describe), else what
        the document declares or its text shows, else English."""
        return (self.document_language(doc, detector=True) if setting else self.detect(doc)) or "en"

    def check_path(self, path: Path) -> FileResult:
        try:
            parts = plan(path, self.settings.limits) if large_text(path) else None
            if parts is not None:
                try:
                    return self.check_parts(parts)
                except NotStreamable:
                    pass  # not UTF-8 after all: the ordinary reader decides
            doc = read_document(path, self.settings.limits)
        except LexiconError as exc:
            return FileResult(path=str(path), lang=None, error=exc.message)
        return self.check_document(doc)

    def check_document(self, doc: Document) -> FileResult:
        doc_lang = self.document_language(doc)
        hidden = Suppressions.of(doc, self.settings.ignore)  # (one for both: built once per document)
        uses, findings, suppressed = self._term_findings(doc, doc_lang, hidden=hidden)
        return self._result(doc.path, doc, uses, findings, suppressed, doc_lang, self._unknown_names(doc), hidden=hidden)

    def _term_findings(
        self,
        doc: Document,
        doc_lang: str | None,
        core: tuple[int, int] | None = None,
        *,
        legal_doc: bool | None = None,
        many: bool | None = None,
        hidden: Suppressions | None = None,
    ) -> tuple[list[Use], list[Finding], int]:
        """The uses of glossary terms and the findings on them, with the number of findings
        switched off by comments or --ignore (`hidden`, when the caller has it). `core`:
        only matches that start there."""
        hidden = hidden if hidden is not None else Suppressions.of(doc, self.settings.ignore)
        uses: list[Use] = []
        findings: list[Finding] = []
        suppressed = 0
        for use in self.uses(doc, self.settings.lang or None, doc_lang=doc_lang, legal_doc=legal_doc, many=many, core=core):
            uses.append(use)
            term = use.term
            finding = term_finding(
                doc, use.start, use.end, term, self.glossary.concepts[term.concept_id], use.context, self.settings.policy, self._memo
            )
            if finding is None or finding.rule not in self.settings.rules:
                continue
            finding = self._override(finding)
            if hidden.hides(finding):
                suppressed += 1
                continue
            findings.append(finding)
        return uses, findings, suppressed

    def _result(
        self,
        path: str,
        doc: Document | Excerpts,
        uses: list[Use],
        findings: list[Finding],
        suppressed: int,
        doc_lang: str | None,
        unknown_names: tuple[tuple[int, str], ...] = (),
        *,
        hidden: Suppressions | None = None,
    ) -> FileResult:
        """The file's result: the term findings with the document-level rules' findings
        (`hidden`: what is switched off in `doc`, when the caller has it)."""
        lang = doc_lang or "en"
        # the parts of a large plain-text file hold no lexicon-disable comments: --ignore only
        if hidden is None:
            hidden = Suppressions.of(doc, self.settings.ignore) if isinstance(doc, Document) else Suppressions(self.settings.ignore)
        for extra in self._harmonise(doc, uses, lang):
            if hidden.hides(extra):
                suppressed += 1
            else:
                findings.append(extra)
        findings.sort(key=lambda f: (f.start.offset, f.end.offset, f.rule))
        concepts, agreed, total = stats(uses)
        assumed = tuple(sorted({u.term.lang for u in uses} | ({doc_lang} if doc_lang else set())))
        return FileResult(
            path=path,
            lang=doc_lang or (assumed[0] if len(assumed) == 1 else None),
            findings=tuple(findings),
            stats=DocumentStats(concepts=concepts, agreed=agreed, total=total, per_concept=concept_stats(uses)),
            suppressed=suppressed,
            languages=assumed,
            unknown_names=unknown_names,
        )

    def check_parts(self, parts: list[Part]) -> FileResult:
        """A large plain-text file checked part by part (memory bounded by the part size),
        with the same findings as a check of the whole text."""
        doc_lang, legal_doc = self.whole_file(parts)
        return self.combine(parts[0].path, (self.check_part(part, doc_lang, legal_doc) for part in parts), doc_lang)

    def whole_file(self, parts: list[Part]) -> tuple[str | None, bool]:
        """What is decided once for a file checked in parts, from its start: its language
        and whether it is a legal instrument."""
        start = head(parts)
        return self.document_language(start), legal_document(start.text)

    def check_part(self, part: Part, doc_lang: str | None, legal_doc: bool) -> PartResult:
        """The term findings and uses of one part, in the whole file's offsets and lines."""
        doc, core_lo, core_hi = read_part(part)
        # every part takes the path of a file with many matches: a file large enough to be
        # read in parts has them, and each part must decide as the whole file would
        uses, findings, suppressed = self._term_findings(doc, doc_lang, (core_lo, core_hi), legal_doc=legal_doc, many=True)
        source = doc.source or doc.text
        excerpts = Excerpts({}, {}, {})
        shifted: list[Use] = []
        found = {f.start.offset: f for f in findings}  # positions are already the file's (Document.origin)
        for use in uses:
            start, end = use.start + part.chars, use.end + part.chars
            shifted.append(Use(start, end, use.term, use.context))
            if not use.own_voice:
                continue  # the document-level rules look only at the author's own uses
            finding = found.get(start)
            if finding is not None and finding.end.offset == end:  # share what its finding holds
                excerpts.positions[start], excerpts.positions[end] = finding.start, finding.end
                excerpts.matched[start] = finding.matched
            else:
                excerpts.positions[start], excerpts.positions[end] = doc.position(use.start), doc.position(use.end)
                excerpts.matched[start] = source[use.start : use.end]
            if use.term.is_acronym:
                excerpts.expansions[start] = spelled_out(source, use, use.term)
        return PartResult(shifted, findings, suppressed, excerpts)

    def combine(self, path: str, results: Iterable[PartResult], doc_lang: str | None, *, hold: int | None = None) -> FileResult:
        """One file's result from the results of its parts, in order, taken one at a time:
        their findings go to a spool on disk and their uses into arrays (`check/spool.py`),
        so memory does not grow with the file's findings (`hold`: how many findings the
        spool may hold in memory first, see `FindingSpool`). The result is the one `_result`
        gives for all of them at once: same findings, order, statistics and languages."""
        spool, store, suppressed = FindingSpool(hold), UseStore(), 0
        for r in results:
            spool.add(
                r.findings if isinstance(r.findings, EncodedFindings) else sorted(r.findings, key=sort_key)
            )  # stable: as the whole file's sort leaves them
            if isinstance(r.uses, UseStore):
                store.add_store(r.uses)
            else:
                store.add(r.uses, r.excerpts)
            suppressed += r.suppressed
            del r
            if spool.on_disk:  # a file this large: give back what its parts' buffers left free
                release_free_memory()
        lang = doc_lang or "en"
        hidden = Suppressions(self.settings.ignore)  # the parts of a large plain-text file hold no lexicon-disable comments
        extra: list[Finding] = []
        for finding in self._harmonise_stored(store, lang):
            if hidden.hides(finding):
                suppressed += 1
            else:
                extra.append(finding)
        release_free_memory()
        concepts, agreed, total = stats(store)
        assumed = tuple(sorted(store.languages() | ({doc_lang} if doc_lang else set())))
        return FileResult(
            path=path,
            lang=doc_lang or (assumed[0] if len(assumed) == 1 else None),
            findings=SpooledFindings(spool, extra),  # type: ignore[arg-type]  # a read-only sequence, as the tuple is
            stats=DocumentStats(concepts=concepts, agreed=agreed, total=total, per_concept=concept_stats(store)),
            suppressed=suppressed,
            languages=assumed,
        )

    def _harmonise_stored(self, store: UseStore, lang: str) -> list[Finding]:
        """`_harmonise` on the uses of a file checked in parts, a concept at a time: the
        rules get, in the same order, the uses they act on, so their findings are the same."""
        out: list[Finding] = []
        if Rule.MIXED_TERMS in self.settings.rules:
            for code in sorted(store.languages()) or [lang]:
                for indexes in store.own_voice_by_concept(code).values():
                    found = mixed_terms(store.excerpts(indexes), [store.use(i) for i in indexes], self.glossary, code)
                    out.extend(compact(replace(f, lang=code)) for f in found)
        if Rule.ACRONYM in self.settings.rules:
            readings = store.acronym_readings()
            out.extend(acronyms(store.excerpts(readings), [store.use(i) for i in readings], self.glossary))
        return [self._override(f) for f in out]

    def _unknown_names(self, doc: Document) -> tuple[tuple[int, str], ...]:
        """Names in the document's lexicon-disable comments that are neither a concept id
        nor a rule name: returned as data, for the caller to report."""
        return tuple((line, name) for line, name in doc.directive_names if name not in self.glossary.concepts and name not in RULE_NAMES)

    def _matches(self, text: str, lang: str | tuple[str, ...], everything: bool = False) -> list[Match]:
        langs = (lang,) if isinstance(lang, str) else lang
        matcher = self.matcher(langs[0] if len(langs) == 1 else langs, everything=everything)
        found = matcher.find(text)
        extra: list[Match] = []
        if not found:
            return found  # (what follows only adds to matches)
        for code in langs:
            if code not in self._heads:
                self._heads[code] = heads(matcher.terms, code)
            if code not in self._tails_of:
                self._tails_of[code] = compound_tails(matcher.terms, code)
            own = [m for m in found if m.term.lang == code] if len(langs) > 1 else found
            if not own:
                continue
            if self._heads[code]:
                key = (id(matcher), code)  # (the matchers are held in self._matchers)
                if key not in self._modified:
                    self._modified[key] = modified_heads(matcher.terms, self._heads[code], code)
                extra += elliptical(text, own, self._heads[code], code, self._modified[key])
            extra += suspended(text, own, self._tails_of[code], code)
        return sorted(found + extra, key=lambda m: m.start) if extra else found

    def _harmonise(self, doc: Document | Excerpts, uses: list[Use], lang: str) -> list[Finding]:
        if one_name_each(uses):
            return []  # the usual small file: neither rule has anything to say
        out: list[Finding] = []
        if Rule.MIXED_TERMS in self.settings.rules:
            # a bilingual document names a concept once per language: compare within each
            for code in sorted({u.term.lang for u in uses}) or [lang]:
                found = mixed_terms(doc, [u for u in uses if u.term.lang == code], self.glossary, code)
                out.extend(replace(f, lang=code) for f in found)
        if Rule.ACRONYM in self.settings.rules:
            out.extend(acronyms(doc, uses, self.glossary))
        return [self._override(f) for f in out]

    def _override(self, finding: Finding) -> Finding:
        severity = self._severity.get(finding.concept)
        if severity is None or (finding.severity is Severity.INFO and finding.context is not None):
            return finding  # a title or a mention stays informational whatever the override
        return replace(finding, severity=severity)


@dataclass(frozen=True, slots=True)
class PartResult:
    """What one part of a file checked in parts gives (in the whole file's offsets)."""

    uses: list[Use] | UseStore  # a store of them (with what `excerpts` held) when sent from another process
    findings: list[Finding] | EncodedFindings  # encoded, in order, when sent from another process
    suppressed: int
    excerpts: Excerpts

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process as the combining process keeps it: the findings encoded
        as the spool keeps them, the uses as the arrays of a `UseStore`."""
        findings = self.findings if isinstance(self.findings, EncodedFindings) else EncodedFindings(sorted(self.findings, key=sort_key))
        uses = self.uses if isinstance(self.uses, UseStore) else UseStore.of(self.uses, self.excerpts)
        return (PartResult, (uses, findings, self.suppressed, Excerpts({}, {}, {})))


def near_enough(text: str, start: int, end: int, term: Term, sentence: tuple[int, int] | None = None) -> bool:
    """Is one of the term's `near` words within `near_window` words of the match, in the
    same sentence?"""
    span = term.near_window * 12
    lo, hi = sentence if sentence is not None else (0, len(text))
    before = WORD.findall(text[max(lo, start - span) : start])[-term.near_window :]
    after = WORD.findall(text[end : min(hi, end + span)])[: term.near_window]
    window = " " + " ".join(before + after).casefold() + " "
    return any(f" {w.casefold()} " in window for w in term.near)


def check_text(text: str, glossary: Glossary, settings: Settings | None = None, *, name: str = "<text>", fmt: str = "text") -> FileResult:
    """Check a string as plain text or Markdown (`fmt="markdown"`)."""
    from lexicon.readers import markdown
    from lexicon.readers import text as text_reader

    reader = markdown if fmt == "markdown" else text_reader
    return Linter(glossary, settings).check_document(reader.from_text(text, name))
