"""`lexicon check --source ORIGINAL TRANSLATION...`: read the files, run the bilingual check."""

from __future__ import annotations

from pathlib import Path

from lexicon.check.pipeline import Linter, Settings
from lexicon.check.translation import check_translation
from lexicon.cli.common import fail
from lexicon.errors import LexiconError
from lexicon.glossary.types import Glossary
from lexicon.model import FileResult
from lexicon.readers import read_document


def run_translation(
    source: Path,
    source_lang: str | None,
    paths: list[str],
    glossary: Glossary,
    settings: Settings,
    exclude: tuple[str, ...] | list[str],
    verbose: bool,
) -> list[FileResult]:
    """Check every translation in `paths` against `source`; one result per translation."""
    from lexicon.discover import discover

    if "-" in paths:
        fail("--source needs the translation as a file, not standard input")
    linter = Linter(glossary, settings)
    try:
        original = read_document(source, settings.limits)
        targets = discover([Path(p) for p in paths], exclude)
    except LexiconError as exc:
        fail(str(exc), verbose=verbose)
    results: list[FileResult] = []
    for path in targets:
        if path.resolve() == source.resolve():
            continue
        try:
            document = read_document(path, settings.limits)
        except LexiconError as exc:
            results.append(FileResult(path=str(path), lang=None, error=exc.message))
            continue
        results.append(check_translation(linter, original, document, source_lang=source_lang))
    return results
