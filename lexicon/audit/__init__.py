"""`lexicon audit`: how far an archive of documents follows the Guidelines.

    plan (paths + metadata) -> engine (local processes or Dask) -> store (SQLite cache)
    -> aggregate (one streaming pass in path order) -> writers (CSV, Parquet, report.html)

Each document is checked once per (content, glossary, lexicon version): results live in a
SQLite database, so a re-run only checks what is new or changed and an interrupted run
resumes. Outputs are written in path order from the store, so they are the same byte for
byte whichever engine produced the results.
"""

from __future__ import annotations

EXTRA_HINT = "lexicon audit needs the 'audit' extra: pip install 'lexicon-lg[audit]'"


def require_extra(*more: str) -> None:
    """Raise ImportError with the one-line install hint when an audit dependency is missing
    (pyarrow and pygal always; `more` for the Dask engine or URLs)."""
    import importlib.util

    missing = [m for m in ("pyarrow", "pygal", *more) if importlib.util.find_spec(m) is None]
    if missing:
        raise ImportError(f"{EXTRA_HINT} (missing: {', '.join(missing)})")
