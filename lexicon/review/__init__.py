"""The Word review copy: each finding as a comment on the matched words, and optionally the
safe fixes as tracked changes by "lexicon". The original file is never modified."""

from lexicon.review.copy import ReviewOutcome, review_docx

__all__ = ["ReviewOutcome", "review_docx"]
