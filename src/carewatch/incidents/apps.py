from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "carewatch.incidents"
    label = "incidents"
