"""Structural checks of raw glossary YAML, against `terms/glossary.schema.json`.

The JSON Schema is the single structural definition of a glossary file: editors use it for
completion, and the loader validates every file against it here: a compiled check
(`fastjsonschema`) says whether a file is valid, and only then, for a file that is not,
`jsonschema` lists every error, each turned into a one-line problem with file, line and
concept. Python adds
nothing structural; cross-concept checks live in `validate.py`.

A concept whose id was loaded from an earlier file is an override: it only needs the fields
it changes, so it is checked against the same schema with every `required` removed, and
the merged result is checked again in `check_merged`.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.errors import GlossaryProblem

if TYPE_CHECKING:
    from jsonschema import ValidationError

Lines = dict[tuple[Any, ...], int]


class Checker:
    """Collects problems for one file; `lines` maps a key path to its line."""

    def __init__(self, path: str, lines: Lines) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[GlossaryProblem] = []

    def line(self, key_path: tuple[Any, ...]) -> int | None:
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return None

    def add(self, key_path: tuple[Any, ...], concept: str | None, message: str) -> None:
        problem = GlossaryProblem(self.path, self.line(key_path), concept, message)
        if str(problem) not in {str(p) for p in self.problems}:  # one schema error can name several fields
            self.problems.append(problem)


def schema_path() -> Path:
    """The glossary JSON Schema shipped in the package (beside the built-in glossary)."""
    return package_terms() / "glossary.schema.json"


@functools.cache
def package_terms() -> Path:
    """The package's `terms` folder, where the import system found it (importing
    importlib.resources to ask costs more than a short check)."""
    import importlib.util

    spec = importlib.util.find_spec("lexicon.terms")
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if len(locations) == 1 and Path(locations[0], "languages").is_dir():
        return Path(locations[0])
    from importlib import resources  # a zipped or otherwise unusual install

    return Path(str(resources.files("lexicon.terms")))


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _variant(part: str, relaxed: bool) -> dict[str, Any]:
    """The schema of the whole file (`part` "") or of one `$defs` entry, optionally with
    nothing required (for overrides)."""
    root = copy.deepcopy(schema())
    if relaxed:
        _drop_required(root["$defs"])
    if part:
        root = {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{part}"}
    return root


@functools.cache
def _fast(part: str, relaxed: bool = False) -> Any:
    """A compiled yes/no check (fastjsonschema: ~30x faster than jsonschema on the built-in
    glossary); `_validator` explains the problems only when this says no."""
    import fastjsonschema

    return fastjsonschema.compile(_variant(part, relaxed))


def _valid(part: str, instance: Any, relaxed: bool = False) -> bool:
    from fastjsonschema import JsonSchemaException

    try:
        _fast(part, relaxed)(instance)
    except JsonSchemaException:
        return False
    return True


@functools.cache
def _validator(part: str, relaxed: bool = False) -> Any:
    """A jsonschema validator that lists every problem with its path."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_variant(part, relaxed))


def _errors(part: str, instance: Any, relaxed: bool = False, digest: str | None = None) -> list[Any]:
    return [] if _known_valid(part, instance, relaxed, digest) else list(_validator(part, relaxed).iter_errors(instance))


class _Invalid(Exception):
    pass


def _known_valid(part: str, instance: Any, relaxed: bool, digest: str | None = None) -> bool:
    """`_valid`, remembered in the on-disk cache for this exact data and schema: compiling
    the schema costs about 0.1 s, more than the rest of a short check, and the built-in
    glossary is the same on every run. Only a success is remembered. `digest`: the SHA-256
    of the file bytes `instance` is the parse of, a key that costs nothing (a canonical
    JSON of the data costs about 1 ms per built-in file on every run)."""
    import hashlib

    from lexicon.cache import cached_bytes, canonical_json, key_for

    def build() -> bytes:
        if not _valid(part, instance, relaxed):
            raise _Invalid
        return b"valid"

    key = key_for(
        "schema",
        hashlib.sha256(schema_path().read_bytes()).hexdigest(),
        part,
        str(relaxed),
        f"file:{digest}" if digest else hashlib.sha256(canonical_json(instance)).hexdigest(),
    )
    try:
        return cached_bytes("valid", key, build) == b"valid"
    except _Invalid:
        return False


def _drop_required(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _drop_required(value)
    elif isinstance(node, list):
        for value in node:
            _drop_required(value)


def check_file(data: Any, check: Checker, earlier: Mapping[str, dict[str, Any]] | None = None, *, digest: str | None = None) -> set[int]:
    """Check the shape of one section file. A concept overriding one in `earlier` is checked
    with nothing required (its merged result goes through `check_merged`). Returns the
    indexes of override concepts that are well-formed enough to merge. `digest`: the SHA-256
    of the bytes `data` was parsed from, unchanged since (the key of its verdict)."""
    earlier = earlier or {}
    concepts: Any = data.get("concepts") if isinstance(data, dict) else None
    overrides = {i for i, c in enumerate(concepts or ()) if isinstance(concepts, list) and isinstance(c, dict) and c.get("id") in earlier}
    for error in _errors("", data, digest=digest):
        path = tuple(error.absolute_path)
        if len(path) >= 2 and path[0] == "concepts" and path[1] in overrides:
            continue
        report(check, (), error, data, _concept_id(data, path))
    mergeable = set()
    for i in sorted(overrides):
        errors = _errors("concept", concepts[i], relaxed=True)
        for error in errors:
            report(check, ("concepts", i), error, concepts[i], concepts[i].get("id"))
        if not errors:
            mergeable.add(i)
    return mergeable


def check_merged(merged: dict[str, Any], override: dict[str, Any], check: Checker, key_path: tuple[Any, ...]) -> None:
    """Check a concept merged from an override with the full schema; a problem in a term is
    reported at that term's line in the override when the override names it."""
    for error in _errors("concept", merged):
        path = tuple(error.absolute_path)
        where = key_path
        if len(path) >= 3 and path[0] == "terms":
            text = str(merged["terms"][path[1]][path[2]].get("term", "")).casefold()
            own = [str(e.get("term", "")).casefold() for e in (override.get("terms") or {}).get(path[1], [])]
            if text in own:
                where = key_path + ("terms", path[1], own.index(text))
        error.path.clear()  # report at `where`, not at the merged concept's own indexes
        report(check, where, error, merged, merged.get("id"))


def _concept_id(data: Any, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "concepts" and isinstance(data, dict):
        try:
            cid = data["concepts"][path[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
        return cid if isinstance(cid, str) else None
    return None


def _subject(root: Any, path: tuple[Any, ...]) -> str:
    """ "'<term>': " for an error inside a term, else ""."""
    node, subject = root, ""
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("term"), str):
            subject = f"'{node['term']}': "
    return subject


def report(check: Checker, base: tuple[Any, ...], error: ValidationError, root: Any, concept: str | None) -> None:
    """Add a schema error to `check` as readable problems: an unknown key at its own line, one
    problem per missing field."""
    path = base + tuple(error.absolute_path)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set((error.schema.get("properties") or {}).keys())
        what = error.schema.get("title", "this mapping")
        for key in (str(k) for k in instance if k not in allowed):
            hint = _closest(key, allowed)
            check.add(path + (key,), concept, f"unknown key '{key}' in {what}" + (f" (did you mean '{hint}'?)" if hint else ""))
        return
    if error.validator == "required" and isinstance(instance, dict) and not _care_or_avoid(instance):
        for name in (n for n in error.validator_value if n not in instance):
            if isinstance(instance.get("term"), str):
                check.add(path, concept, f"'{instance['term']}': a term needs '{name}'")
            else:
                check.add(path, concept, f"{error.schema.get('title') or _where(path) or 'this mapping'} needs '{name}'")
        return
    check.add(path, concept, message(error, root))


def _care_or_avoid(instance: dict[str, Any]) -> bool:
    return "term" in instance and instance.get("status") in ("care", "avoid")


def message(error: ValidationError, root: Any = None) -> str:
    """One readable line for a schema error; `root` is the instance validated (to name the term)."""
    path = tuple(error.absolute_path)
    subject = _subject(root, path)
    where = _where(path)
    field = str(path[-1]) if path and not isinstance(path[-1], int) else where
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = [str(k) for k in instance if k not in allowed]
        what = error.schema.get("title", "this mapping")
        parts = []
        for key in extra:
            hint = _closest(key, allowed)
            parts.append(f"unknown key '{key}' in {what}" + (f" (did you mean '{hint}'?)" if hint else ""))
        return "; ".join(parts) or error.message
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
        if "term" in instance and "status" in instance and instance.get("status") in ("care", "avoid"):
            return f"'{instance['term']}' is '{instance['status']}' but has no " + " or ".join(f"'{m}'" for m in missing)
        if isinstance(instance.get("term"), str):
            return f"'{instance['term']}': a term needs " + ", ".join(f"'{m}'" for m in missing)
        what = error.schema.get("title") or where or "this mapping"
        return f"{what} needs " + ", ".join(f"'{m}'" for m in missing)
    if error.validator == "anyOf" and isinstance(instance, dict) and "term" in instance:
        return f"'{instance['term']}' is '{instance.get('status')}' but has neither 'suggest' nor 'rephrase'"
    if error.validator == "enum":
        return f"{subject}{field} must be one of {', '.join(str(v) for v in error.validator_value)}"
    if error.validator == "type":
        return f"{subject}{field} must be {_a(error.validator_value)}, not {instance!r}"
    if error.validator == "const" and path and path[-1] == "how":
        return f"{where}: the team's own reading can only be 'inferred'"
    if error.validator == "oneOf" and error.absolute_path and error.absolute_path[-1] in ("definition", "note"):
        return f"{where}: must be a text or a mapping of language to text (definition needs an 'en' text)"
    if error.validator == "pattern" and error.validator_value.startswith("^[a-z0-9]"):
        return f"{where}: {instance!r} must be kebab-case (a-z, 0-9, '-')"
    if error.validator == "pattern" and error.validator_value == "\\S":
        return f"{where}: must not be blank"
    if error.validator == "pattern" and "[a-z]{2,3}" in str(error.validator_value):
        return f"{where}: '{instance}' is not a language tag"
    return f"{subject}{where}: {error.message}" if where else error.message


def _a(kind: Any) -> str:
    names = {
        "string": "a text",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping",
        "number": "a number",
        "null": "empty",
    }
    kinds = kind if isinstance(kind, list) else [kind]
    return " or ".join(names.get(str(k), str(k)) for k in kinds)


def _where(path: tuple[Any, ...]) -> str:
    parts = [str(p) for p in path if not isinstance(p, int)]
    if path and path[0] == "concepts":
        parts = parts[1:]
    return ".".join(parts)


def _closest(key: str, allowed: set[str]) -> str | None:
    from rapidfuzz import process

    match = process.extractOne(key, sorted(allowed), score_cutoff=70)
    return match[0] if match else None
