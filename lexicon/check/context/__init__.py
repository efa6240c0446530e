"""Where a match stands: title, legal text, quotation, metalanguage, word sense."""
