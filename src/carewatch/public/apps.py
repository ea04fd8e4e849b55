from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "carewatch.public"
    label = "public"
