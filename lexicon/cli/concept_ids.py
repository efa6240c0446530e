"""Names given in `--ignore`, `--severity` and the configuration must exist: a misspelt
concept id would otherwise switch nothing off, silently.

The rule for `ignore` (which also takes exact phrases): a value that looks like an id -- one
word of lower-case ASCII letters, digits and hyphens, such as `child-prostitution` -- must be
a concept id of the loaded glossaries, a rule name (`mixed-terms`), or a glossary term
written with hyphens for its spaces (`child-pornography`, which is how a hyphenated spelling
in a document is ignored); anything else (a space, a capital, an accent, other punctuation)
is a phrase and is taken as it is. `severity` keys are concept ids, always checked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lexicon.cli.common import fail

if TYPE_CHECKING:
    from lexicon.cli.options import Options
    from lexicon.glossary.types import Glossary
    from lexicon.model import FileResult

ID_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def looks_like_id(value: str) -> bool:
    return ID_SHAPE.fullmatch(value) is not None


def rule_names() -> tuple[str, ...]:
    from lexicon.model import Rule

    return tuple(rule.value for rule in Rule)


def hyphenated(text: str) -> str:
    """A term as it looks written as one hyphenated word."""
    return "-".join(text.casefold().split())


def hyphenated_terms(glossary: Glossary) -> tuple[str, ...]:
    return tuple(hyphenated(t.text) for t in glossary.terms)


def did_you_mean(value: str, known: dict[str, str]) -> str:
    """The nearest known name; `known` maps each name to what to suggest for it."""
    from rapidfuzz import fuzz, process

    match = process.extractOne(value, list(known), scorer=fuzz.ratio, score_cutoff=75)
    return f" (did you mean '{known[match[0]]}'?)" if match else " (`lexicon terms` lists the concept ids)"


def unknown_ignore(values: list[str], glossary: Glossary) -> tuple[list[str], dict[str, str]]:
    """The id-like values that name nothing, and the names they may have meant."""
    known = {name: name for name in (*glossary.concepts, *rule_names(), *hyphenated_terms(glossary))}
    return [v for v in values if looks_like_id(v) and v not in known], known


def unknown_severity(keys: list[str], glossary: Glossary) -> tuple[list[str], dict[str, str]]:
    """Keys that are not concept ids; a misspelt term suggests its concept."""
    known = {hyphenated(t.text): cid for cid, c in glossary.concepts.items() for t in c.terms}
    known.update({cid: cid for cid in glossary.concepts})
    return [k for k in keys if k not in glossary.concepts], known


def check_concept_ids(opts: Options, glossary: Glossary) -> None:
    """Exit 2 with one line naming where the first unknown name came from (a flag or the
    configuration file) and the nearest known one."""
    for key, values, unknown_of in (("ignore", list(opts.ignore), unknown_ignore), ("severity", list(opts.severity), unknown_severity)):
        if not values:
            continue  # nothing to check: the table of known names is not built (start-up, issue 15)
        unknown, known = unknown_of(values, glossary)
        if unknown:
            where = opts.origins.get(key, "command line")
            source = f"--{key}" if where == "command line" else f"'{key}' in {where}"
            fail(f"{source}: unknown concept id '{unknown[0]}'{did_you_mean(unknown[0], known)}")


def unknown_name_lines(result: FileResult, glossary: Glossary) -> list[str]:
    """One line per name in the file's lexicon-disable comments that is neither a concept id
    nor a rule name, as `FILE:LINE: ...`, with the nearest known name."""
    if not result.unknown_names:
        return []
    _, known = unknown_severity([], glossary)  # misspelt terms suggest their concept
    known.update({name: name for name in rule_names()})
    return [
        f"{result.path}:{line}: unknown concept id '{name}' in a lexicon-disable comment{did_you_mean(name, known)}"
        for line, name in result.unknown_names
    ]
