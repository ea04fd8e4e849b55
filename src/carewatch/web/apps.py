from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "carewatch.web"
    label = "web"
