from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "carewatch.sources"
    label = "sources"
