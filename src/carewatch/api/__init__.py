"""The JSON API: see ``carewatch.api.main``."""
