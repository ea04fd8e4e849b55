from django.apps import AppConfig


class LibConfig(AppConfig):
    """Registers the framework's template tags (``{% load carewatch %}``)."""

    name = "carewatch.lib"
    label = "lib"
