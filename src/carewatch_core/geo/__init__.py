"""Gazetteer and place-name resolution."""
