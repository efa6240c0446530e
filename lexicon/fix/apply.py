"""Apply edits to a text: in order, never two that overlap, nothing outside them touched."""

from __future__ import annotations

from collections.abc import Iterable

from lexicon.fix.plan import Applicability, Edit, Fix


def select(fixes: Iterable[Fix], *, unsafe: bool = False) -> list[Edit]:
    """The edits `lexicon fix` applies: safe ones, and with `unsafe` the first choice of
    the unsafe ones. A fix that needs rewording is never selected."""
    wanted = {Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE}
    return [f.edit for f in fixes if f.applicability in wanted and f.edit is not None]


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """The text with the edits made, and the edits actually made (an edit overlapping an
    earlier one is dropped; one that changes nothing is left out)."""
    parts: list[str] = []
    done: list[Edit] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos or text[edit.start : edit.end] == edit.text:
            continue
        parts.append(text[pos : edit.start])
        parts.append(edit.text)
        pos = edit.end
        done.append(edit)
    parts.append(text[pos:])
    return "".join(parts), done
