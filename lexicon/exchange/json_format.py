"""JSON export: the whole glossary in the YAML format's shape (terms/README.md), grouped
by section. Stable schema "lexicon-glossary/2" (2: `evidence` became `provenance`, exceptions keyed by
language): new keys may be added, none renamed within a version."""

from __future__ import annotations

import json

from lexicon.exchange.records import section_files
from lexicon.glossary.types import Glossary

SCHEMA = "lexicon-glossary/2"


def write_json(glossary: Glossary, langs: tuple[str, ...] | None = None, *, tool: str = "lexicon") -> str:
    files = section_files(glossary, langs)
    languages = sorted({lang for f in files for c in f["concepts"] for lang in c["terms"]})
    data = {
        "schema": SCHEMA,
        "generator": tool,
        "languages": languages,
        "statuses": {
            "preferred": "use freely",
            "admitted": "use freely",
            "care": "use with care",
            "avoid": "avoid (fine only when quoting a law or official title)",
        },
        "sections": [{**f["section"], "concepts": f["concepts"]} for f in files],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
