"""Read glossary YAML files (built-in and user) into a `Glossary`.

Parses with the safe loader only (`yaml.safe_load`'s, in its C build when available); line
numbers come from a second, safe `compose` pass.
Later files add concepts or override fields of earlier ones with the same id.
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexicon.errors import GlossaryError, GlossaryProblem
from lexicon.glossary.schema import Checker, Lines, check_file, check_merged, package_terms, schema_path
from lexicon.glossary.types import (
    Concept,
    Glossary,
    Section,
    Source,
    Spelling,
    Term,
    TitleException,
)

if TYPE_CHECKING:
    import yaml
from lexicon.model import Provenance, Severity, Status


def _safe_loader() -> type:
    """yaml.safe_load's loader, in its C build when PyYAML has one (12x faster on the
    glossary). PyYAML is imported here, not at start-up: a cached glossary needs no YAML."""
    import yaml

    loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


DATA_FILES = {"spellings.yaml", "inflections.yaml"}


def builtin_dir() -> Path:
    """The folder of the built-in glossary inside the installed package."""
    return package_terms()


def glossary_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.yaml") if p.name not in DATA_FILES)
    return [path]


def read_yaml(path: Path) -> tuple[Any, Lines]:
    """Return the data and a map from key path to 1-based line (regular files only, size
    bounded, no aliases, parse cached as data: see `safe_read`)."""
    from lexicon.glossary.safe_read import cached_parse

    return cached_parse(path, _parse, _safe_loader)


def _read_yaml_digest(path: Path) -> tuple[Any, Lines, str]:
    """`read_yaml`, and the SHA-256 of the bytes it parsed."""
    from lexicon.glossary.safe_read import parse_with_digest

    return parse_with_digest(path, _parse, _safe_loader)


def _parse(text: str, path: Path) -> tuple[Any, Lines]:
    import yaml

    try:
        # one parse gives both the nodes (for line numbers) and the data, as yaml.load would
        loader = _safe_loader()(text)  # the safe loader (C build when present)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except RecursionError as exc:
        raise GlossaryError([GlossaryProblem(str(path), None, None, "refused: YAML nested too deeply")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GlossaryError([GlossaryProblem(str(path), line, None, f"invalid YAML: {problem}")]) from exc
    lines: Lines = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, key_path: tuple[Any, ...], lines: Lines) -> None:
    import yaml

    lines.setdefault(key_path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = key_path + (key_node.value,)
            lines[sub] = key_node.start_mark.line + 1
            _walk(value_node, sub, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, key_path + (i,), lines)


def load_spelling(folder: Path) -> Spelling:
    def table(name: str) -> dict[str, dict[str, str]]:
        path = folder / name
        if not path.exists():
            return {}
        data, _ = read_yaml(path)
        return {lang: {str(k): str(v) for k, v in (words or {}).items()} for lang, words in (data or {}).items()}

    return Spelling(pairs=table("spellings.yaml"), irregular=table("inflections.yaml"))


_LOADED: OrderedDict[tuple[Any, ...], Glossary] = OrderedDict()
GLOSSARIES_KEPT = 8  # glossaries kept in memory per process, least recently used dropped first


def load_glossary(extra: list[Path] | tuple[Path, ...] = (), *, builtin: bool = True) -> Glossary:
    """Load the built-in glossary (unless `builtin` is false) plus `extra` files or folders.

    Each file's parse is kept in the on-disk cache as data, keyed by its content (see
    `safe_read`), so the next run skips YAML; nothing in the cache is ever unpickled. A
    process that loads the same files again (a test run, a tool embedding lexicon) gets the
    glossary it already built: same bytes in every file read, same glossary.
    Raises GlossaryError listing every structural problem found.
    """
    key = _content_key(extra, builtin)
    if key is not None and key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    theirs = False  # known to be built from the bytes `key` names
    if key is None:
        glossary = _load(extra, builtin=builtin)
    else:  # from the cache when these very bytes were loaded before (see kept.py)
        from lexicon.glossary.kept import kept_glossary

        glossary, theirs = kept_glossary(key, lambda: _load(extra, builtin=builtin), lambda: _content_key(extra, builtin))
    if key is not None and (theirs or _content_key(extra, builtin) == key):  # unchanged while it loaded
        _LOADED[key] = glossary
        _DIGESTS[id(glossary)] = (glossary, _digest(key))
        while len(_LOADED) > GLOSSARIES_KEPT:
            dropped = _LOADED.popitem(last=False)[1]
            _DIGESTS.pop(id(dropped), None)
    return glossary


_DIGESTS: dict[int, tuple[Glossary, str]] = {}  # glossary object -> the digest of what it was built from


def content_digest(glossary: Glossary) -> str | None:
    """A digest of the bytes this very glossary object was built from (every file read,
    in order, wherever it lies), for cache keys of what is derived from its terms; None
    for a glossary `load_glossary` did not build, or a copy of one (`dataclasses.replace`
    makes a new object, whose terms may differ)."""
    held = _DIGESTS.get(id(glossary))
    return held[1] if held is not None and held[0] is glossary else None


def _digest(key: tuple[Any, ...]) -> str:
    """The content of a `_content_key`, without the paths: a copied glossary has the same."""
    parts = [str(key[0]).encode(), *(digest for _path, digest in key[2:])]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _content_key(extra: list[Path] | tuple[Path, ...], builtin: bool) -> tuple[Any, ...] | None:
    """What `_load` reads, by name and content (the schema included), or None where a file
    cannot be read: then `_load` reports it."""
    from lexicon.glossary.safe_read import read_regular

    try:
        home = builtin_dir()
        sources = _sources(extra, builtin)
        data = [home / name for name in sorted(DATA_FILES)] + [p / name for p in extra if p.is_dir() for name in sorted(DATA_FILES)]
        files = [schema_path(), *sources, *(p for p in data if p.exists())]
        return (builtin, str(home), *((str(p), hashlib.sha256(read_regular(p)).digest()) for p in files))
    except (GlossaryError, OSError):
        return None


def _sources(extra: list[Path] | tuple[Path, ...], builtin: bool) -> list[Path]:
    """The glossary files to read, in order: the built-in ones, then each of `extra`."""
    sources: list[Path] = []
    if builtin:
        sources.extend(glossary_files(builtin_dir()))
    for path in extra:
        if not path.exists():
            raise GlossaryError([GlossaryProblem(str(path), None, None, "no such glossary file or folder")])
        sources.extend(glossary_files(path))
    return sources


def _load(extra: list[Path] | tuple[Path, ...] = (), *, builtin: bool = True) -> Glossary:
    sources = _sources(extra, builtin)
    spelling = load_spelling(builtin_dir())
    for path in extra:
        if path.is_dir() and (path / "spellings.yaml").exists():
            spelling = _merge_spelling(spelling, load_spelling(path))
    raw: dict[str, tuple[dict[str, Any], str, int | None, Section]] = {}
    problems: list[GlossaryProblem] = []
    for path in sources:
        data, lines, digest = _read_yaml_digest(path)
        check = Checker(str(path), lines)
        mergeable = check_file(data, check, {cid: entry[0] for cid, entry in raw.items()}, digest=digest)
        if check.problems:
            problems.extend(check.problems)
            continue
        section = Section(id=data["section"]["id"], title=data["section"]["title"])
        for i, concept in enumerate(data["concepts"]):
            cid = concept["id"]
            line = lines.get(("concepts", i))
            _mark_term_lines(concept, i, lines)
            if cid in raw and raw[cid][1] == str(path):
                problems.append(GlossaryProblem(str(path), line, cid, f"duplicate concept id '{cid}' (also at line {raw[cid][2]})"))
                continue
            if cid in raw:
                merged = merge_concept(raw[cid][0], concept)
                if i in mergeable:
                    check_merged(_without_lines(merged), concept, check, ("concepts", i))
                raw[cid] = (merged, str(path), line, raw[cid][3])
            else:
                raw[cid] = (concept, str(path), line, section)
        problems.extend(check.problems)
    if problems:
        raise GlossaryError(problems)
    house = {str(p) for p in sources} - {str(p) for p in glossary_files(builtin_dir())}
    concepts = {
        cid: build_concept(data, path, line, section, builtin=path not in house) for cid, (data, path, line, section) in raw.items()
    }
    return Glossary(concepts=concepts, spelling=spelling, paths=tuple(str(p) for p in sources))


def _without_lines(concept: dict[str, Any]) -> dict[str, Any]:
    """The concept without the loader's `__line__` marks (for schema checks)."""
    terms = {
        lang: [{k: v for k, v in e.items() if k != "__line__"} for e in entries] for lang, entries in (concept.get("terms") or {}).items()
    }
    return {**concept, "terms": terms} if "terms" in concept else concept


def _mark_term_lines(concept: dict[str, Any], index: int, lines: Lines) -> None:
    for lang, entries in (concept.get("terms") or {}).items():
        for j, entry in enumerate(entries):
            entry["__line__"] = lines.get(("concepts", index, "terms", lang, j))


def _merge_spelling(base: Spelling, more: Spelling) -> Spelling:
    pairs = copy.deepcopy(base.pairs)
    irregular = copy.deepcopy(base.irregular)
    for lang, table in more.pairs.items():
        pairs.setdefault(lang, {}).update(table)
    for lang, table in more.irregular.items():
        irregular.setdefault(lang, {}).update(table)
    return Spelling(pairs=pairs, irregular=irregular)


def merge_concept(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Override a concept without copying it: terms merge by text; definitions and notes
    merge by language; sources, exceptions and examples are added; other given fields replace."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key == "terms":
            for lang, entries in value.items():
                existing = merged.setdefault("terms", {}).setdefault(lang, [])
                by_text = {e["term"].casefold(): e for e in existing}
                for entry in entries:
                    target = by_text.get(entry["term"].casefold())
                    if target is None:
                        existing.append(copy.deepcopy(entry))
                    else:
                        if "suggest" in entry or "rephrase" in entry:  # "what to write instead" is replaced as a whole
                            target.pop("suggest", None)
                            target.pop("rephrase", None)
                        target.update(copy.deepcopy(entry))
        elif key == "exceptions":
            for lang, items in value.items():
                merged.setdefault("exceptions", {}).setdefault(lang, []).extend(copy.deepcopy(items))
        elif key in ("definition", "note") and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **copy.deepcopy(value)}  # per language: the others are kept
        elif key == "sources":
            titles = {s.get("title") for s in merged.get("sources") or ()}
            merged["sources"] = list(merged.get("sources") or ()) + [copy.deepcopy(s) for s in value if s.get("title") not in titles]
        elif key == "examples":
            for lang, block in value.items():
                target = merged.setdefault("examples", {}).setdefault(lang, {})
                for kind, items in block.items():
                    target.setdefault(kind, []).extend(items)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _lang_map(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    return {str(k): str(v).strip() for k, v in value.items()}


def build_concept(data: dict[str, Any], path: str, line: int | None, section: Section, *, builtin: bool = True) -> Concept:
    cid = data["id"]
    terms: list[Term] = []
    for lang, entries in data["terms"].items():
        for entry in entries:
            terms.append(build_term(entry, lang, cid, path, line))
    exceptions = tuple(
        TitleException(
            lang=lang,
            text=e["text"],
            kind=e.get("kind", "title"),
            short=tuple(e.get("short") or ()),
            concept_id=cid,
            misprints=tuple(e.get("misprints") or ()),
        )
        for lang, items in (data.get("exceptions") or {}).items()
        for e in items
    )
    examples = {
        lang: {kind: tuple(block.get(kind) or ()) for kind in ("flag", "ok")} for lang, block in (data.get("examples") or {}).items()
    }
    sources = tuple(
        Source(
            title=s["title"],
            edition=s.get("edition"),
            article=_opt_str(s.get("article")),
            page=s.get("page"),
            url=s.get("url"),
            confirmed=s.get("confirmed"),
        )
        for s in data["sources"]
    )
    return Concept(
        id=cid,
        section=section,
        definition=_lang_map(data["definition"]),
        terms=tuple(terms),
        note=_lang_map(data.get("note")),
        sources=sources,
        exceptions=exceptions,
        examples=examples,
        path=path,
        line=line,
        builtin=builtin,
    )


def build_provenance(raw: dict[str, Any]) -> Provenance:
    return Provenance(
        who=raw["who"],
        how=raw["how"],
        url=raw.get("url") or "",
        edition=raw.get("edition"),
        via=raw.get("via"),
        body=raw.get("body"),
        note=raw.get("note"),
    )


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def build_term(entry: dict[str, Any], lang: str, cid: str, path: str, line: int | None) -> Term:
    text = entry["term"].strip()
    provenance = entry.get("provenance")
    acronym_of = tuple(entry.get("acronym_of") or ())
    default_case = bool(acronym_of) or (text.isupper() and len(text) > 1)
    return Term(
        text=text,
        lang=lang,
        status=Status(entry["status"]),
        concept_id=cid,
        suggest=tuple(entry.get("suggest") or ()),
        rephrase=tuple(entry.get("rephrase") or ()),
        reason=entry.get("reason"),
        fine_when=entry.get("fine_when"),
        fine_in=frozenset(entry.get("fine_in") or ()),
        provenance=build_provenance(provenance) if provenance else None,
        variants=tuple(entry.get("variants") or ()),
        plurals=tuple(entry.get("plurals") or ()),
        inflect=entry.get("inflect", True),
        case_sensitive=entry.get("case_sensitive", default_case),
        acronym_of=acronym_of,
        near=tuple(entry.get("near") or ()),
        near_window=int(entry.get("near_window", 12)),
        severity=Severity(entry["severity"]) if entry.get("severity") else None,
        path=path,
        line=entry.get("__line__") or line,
        region=entry.get("region"),
    )
