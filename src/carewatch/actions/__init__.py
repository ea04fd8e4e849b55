"""Calls to action: decision-makers, a message per language for each, share links built as each
platform's own compose address (and ``mailto:``), and actions counted through our own redirect —
no third-party script, no tracking pixel (docs/petitions.md, "Calls to action")."""
