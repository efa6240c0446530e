"""Make the prebuilt cache entries a wheel ships (see `lexicon.cache`): what a first run of
the built-in glossary computes, computed once when the package is built, so a first run in
a fresh container, CI job or pre-commit hook costs what a warm run does (issue 15).

    python -m lexicon.check.prebuilt FOLDER

writes one file per entry (`name-key.bin`, the entry's bytes) into FOLDER: the parse and
schema verdict of every built-in glossary file, the language tables, and the term patterns
and their gates for the built-in glossary's language selections (every language, as a
check without --lang uses them, and each language alone, as --lang does). Keys are the cache's own content keys,
so an entry is only ever found by a run on the same glossary bytes and the same code.
Needs only PyYAML and fastjsonschema (the build's requirements), not Hyperscan.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lexicon.cache import PREBUILT_KINDS, record


def entries() -> dict[str, bytes]:
    """The entries, by label, that the built-in glossary's first runs make."""
    with record() as made:  # imports included: a module may read its tables as it loads
        from lexicon.check.match.terms import Matcher, pattern_gates
        from lexicon.glossary.load import load_glossary
        from lexicon.languages import registry

        glossary = load_glossary()
        present = set(glossary.languages)
        every = tuple(code for code in registry().languages if code in present) or ("en",)
        for lang in (every, *((code,) for code in every)):
            pattern_gates(Matcher(glossary, lang, accelerate=False).patterns)
    return {label: data for label, data in made.items() if label.split("-", 1)[0] in PREBUILT_KINDS}


def write(folder: Path) -> int:
    """Write the entries into `folder` (made if missing, emptied of earlier entries: a
    build folder is reused); returns how many."""
    made = entries()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.bin"):
        old.unlink()
    for label, data in made.items():
        (folder / f"{label}.bin").write_bytes(data)
    return len(made)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m lexicon.check.prebuilt FOLDER", file=sys.stderr)
        return 2
    count = write(Path(argv[0]))
    print(f"{count} prebuilt cache entries written to {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
