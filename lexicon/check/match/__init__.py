"""Finding glossary terms in text: word forms, compiled scans, elliptical forms."""
