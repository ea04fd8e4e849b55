from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "carewatch.exports"
    label = "exports"
