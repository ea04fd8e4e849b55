"""Shared web pieces: layout, navigation, security headers, landing page."""
