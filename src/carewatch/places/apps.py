from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "carewatch.places"
    label = "places"
