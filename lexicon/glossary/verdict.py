"""The default severity of a verdict: the one place that turns status + provenance into a
severity (terms/README.md, "Severity").

Only a verdict that a source shows the Luxembourg Guidelines themselves giving can be an
error by default; another body's guidance or the team's own reading is at most a warning.
A term's own `severity` (a house glossary's choice) and `--severity` on the command line may
raise or lower it; context (titles, legal text, quotations) lowers it later, in `context.py`.
"""

from __future__ import annotations

from lexicon.model import Provenance, Severity, Status


def default_severity(status: Status, provenance: Provenance | None, override: Severity | None = None) -> Severity | None:
    """Severity of a use in the author's own voice, before context is considered."""
    if override is not None:
        return override
    if status is Status.AVOID:
        shown = provenance is not None and provenance.from_guidelines
        return Severity.ERROR if shown else Severity.WARNING
    if status is Status.CARE:
        return Severity.WARNING
    return None


def provenance_kind(provenance: Provenance | None) -> str:
    """The bucket `glossary stats` counts a verdict in."""
    if provenance is None or provenance.how == "inferred":
        return "inferred"
    if provenance.who == "guidelines":
        return f"guidelines {provenance.how}"
    return "other body"
