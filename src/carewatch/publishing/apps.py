from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "carewatch.publishing"
    verbose_name = "Publishing"
