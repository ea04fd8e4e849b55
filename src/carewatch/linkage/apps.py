from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "carewatch.linkage"
    label = "linkage"
