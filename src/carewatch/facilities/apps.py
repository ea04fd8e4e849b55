from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "carewatch.facilities"
    label = "facilities"
