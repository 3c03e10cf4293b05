"""The shared kernel: what the declarant's client and the customs intake server both mean.

Domain types (``model``), the rules that check them (``validation``, ``support_rules``), the
reasons offered per score (``reasons``), bilingual messages (``messages``), the masking of
contact data in text that leaves a program (``redaction``), the state enums (``states``) and
the intake API's contract, which both sides read and write with (``wire``). The intake server
may import this package and nothing else of ``app`` (an import-linter contract in
pyproject.toml says so).
"""
