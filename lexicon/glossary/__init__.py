"""The glossary: load YAML concepts, validate them, look terms up."""

from lexicon.glossary.load import builtin_dir, load_glossary
from lexicon.glossary.types import Concept, Glossary, Source, Term, TitleException

__all__ = ["Concept", "Glossary", "Source", "Term", "TitleException", "builtin_dir", "load_glossary"]
