"""The built-in Luxembourg Guidelines glossary (YAML data only; see README.md)."""
