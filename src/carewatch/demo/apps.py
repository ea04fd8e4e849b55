from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo instance: its data plan and its commands (``demo``, ``totp_code``)."""

    name = "carewatch.demo"
    label = "demo"
