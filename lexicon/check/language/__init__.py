"""Which language a document, or each block of it, is written in."""
