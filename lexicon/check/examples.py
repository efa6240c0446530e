"""The glossary's example sentences, run through the engine: every `flag` example must give an
error or warning for its concept, no `ok` example may (`lexicon glossary validate`, import).

Pipeline level: it runs the engine, so it cannot live in `glossary/` (which the engine
imports)."""

from __future__ import annotations

from lexicon.check.pipeline import Linter, Settings
from lexicon.errors import GlossaryProblem
from lexicon.glossary.types import Glossary
from lexicon.model import Rule, Severity
from lexicon.readers.markdown import from_text


def check_examples(glossary: Glossary, paths: set[str] | None = None) -> list[GlossaryProblem]:
    """Every `flag` example must give an error or warning for its concept; no `ok` example may.
    With `paths`, only the concepts defined or last changed in those files are run."""
    problems: list[GlossaryProblem] = []
    linters: dict[str, Linter] = {}
    rules = frozenset({Rule.AVOID_TERM, Rule.CARE_TERM})
    for concept in glossary.concepts.values():
        if paths is not None and concept.path not in paths:
            continue
        for lang, block in concept.examples.items():
            linter = linters.setdefault(lang, Linter(glossary, Settings(lang=lang, rules=rules)))
            for kind in ("flag", "ok"):
                for sentence in block.get(kind, ()):
                    hit = fired(linter, sentence, concept.id)
                    if kind == "flag" and not hit:
                        problems.append(
                            GlossaryProblem(
                                concept.path, concept.line, concept.id, f"example ({lang}) should be flagged but is not: {sentence!r}"
                            )
                        )
                    if kind == "ok" and hit:
                        problems.append(
                            GlossaryProblem(
                                concept.path, concept.line, concept.id, f"example ({lang}) should not be flagged but is: {sentence!r}"
                            )
                        )
    return problems


def fired(linter: Linter, sentence: str, concept_id: str) -> bool:
    result = linter.check_document(from_text(sentence, "<example>"))
    return any(f.concept == concept_id and f.severity in (Severity.ERROR, Severity.WARNING) for f in result.findings)
