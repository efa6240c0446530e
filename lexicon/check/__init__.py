"""The engine: a document in, findings out. Pure: never prints, never exits.

match/ finds glossary terms (word forms, Hyperscan scans, elliptical forms); context/
decides where each one stands (title, legal text, quotation, metalanguage, word sense);
language/ tells which language a document or block is in; rules/ turn matches in context
into findings; pipeline.py chains the stages; translation.py checks a translation against
its original; batch.py runs many files in parallel.
"""
