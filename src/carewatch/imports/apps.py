from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "carewatch.imports"
    label = "imports"
