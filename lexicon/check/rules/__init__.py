"""Matches in context -> findings: term rules, document rules, severity."""
