"""One document -> its audit record: every glossary term used, by variant and context.

A record is plain JSON-able data (it is stored in the cache and shipped back from Dask
workers): {"format", "lang", "error", "variants": [[concept, term, status, context, count]]}
where `context` is "own" for the author's own voice, else title / legal / quoted /
metalinguistic. Counts cover the concepts `lexicon check` measures (those with a term to
avoid or use with care), so the agreed-term share equals `check --format json`'s.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from lexicon.check.pipeline import Linter
from lexicon.errors import LexiconError
from lexicon.readers import read_document

Record = dict[str, Any]
OWN = "own"


def is_url(path: str) -> bool:
    return "://" in path


def read_bytes(path: str, limit: int) -> bytes:
    """The file's bytes, from a local path or an fsspec URL, refusing more than `limit`."""
    if is_url(path):
        import fsspec

        with fsspec.open(path, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise LexiconError(f"file is larger than {limit // (1024 * 1024)} MB; skipped", path=path)
    return bytes(data)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def analyse(linter: Linter, path: str) -> tuple[str, Record]:
    """(content hash, record) for one document; a failure becomes the record's error."""
    try:
        data = read_bytes(path, linter.settings.limits.max_bytes)
    except IsADirectoryError:  # a folder the walk could not list comes as a document of its own
        return "", _unlisted(path)
    except (OSError, LexiconError) as exc:
        return "", error_record(exc)
    try:
        return digest(data), record_of(linter, path, data)
    except LexiconError as exc:
        return digest(data), error_record(exc)
    except RecursionError:
        return digest(data), {"format": None, "lang": None, "error": "refused: content nested too deeply", "variants": []}
    except Exception as exc:  # a bug or a library failure on one file must not stop the others
        return digest(data), {
            "format": None,
            "lang": None,
            "variants": [],
            "transient": True,
            "error": f"internal error while checking ({type(exc).__name__}: {exc})",
        }


def _unlisted(path: str) -> Record:
    """The error of a folder that could not be listed, with the reason (asked again here)."""
    try:
        with os.scandir(path):
            reason = "it could not be read when the archive was walked"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    error = f"a folder that cannot be listed ({reason}): the documents in it are not audited"
    return {"format": None, "lang": None, "error": error, "variants": [], "transient": True}


def error_record(exc: Exception) -> Record:
    message = exc.message if isinstance(exc, LexiconError) else (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    return {"format": None, "lang": None, "error": message, "variants": [], "transient": isinstance(exc, OSError)}


def record_of(linter: Linter, path: str, data: bytes) -> Record:
    """Read `data` with the reader of `path`'s suffix and count the glossary terms in it."""
    suffix = os.path.splitext(path.rstrip("/"))[1].lower()
    with tempfile.TemporaryDirectory(prefix="lexicon-audit-") if is_url(path) else contextlib.nullcontext() as folder:
        local = Path(path)
        if folder is not None:  # readers take a path: a URL's bytes go to a private temporary file
            local = Path(folder) / f"document{suffix}"
            local.write_bytes(data)
        doc = read_document(local, linter.settings.limits)
    doc.path = path
    lang = linter.language_of(doc)
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for use in linter.uses(doc, lang):
        term = use.term
        counts[(term.concept_id, term.text, term.status.value, use.context.value if use.context else OWN)] += 1
    variants = [[*key, n] for key, n in sorted(counts.items())]
    return {"format": doc.format, "lang": lang, "error": None, "variants": variants}


def counts(record: Record) -> dict[str, Any]:
    """One document's figures, as written to documents.csv."""
    own: Counter[str] = Counter()
    uses = 0
    concepts = set()
    for concept, _term, status, context, n in record["variants"]:
        uses += n
        concepts.add(concept)
        if context == OWN:
            own[status] += n
    total = sum(own.values())
    return {
        "concepts": ";".join(sorted(concepts)),
        "uses": uses,
        "own_voice": total,
        "agreed": own["preferred"] + own["admitted"],
        "care": own["care"],
        "avoid": own["avoid"],
    }
