from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "carewatch.people"
    label = "people"
