"""lexicon: harmonise terminology on the sexual exploitation and sexual abuse of children.

The public API is small: load a glossary, check text or paths, get `FileResult`s back.
Nothing here prints or exits; the CLI in `lexicon.cli` is a thin layer over it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
