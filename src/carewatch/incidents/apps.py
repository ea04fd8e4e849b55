from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "carewatch.incidents"
    label = "incidents"

    def ready(self) -> None:
        # Models are loaded only now (Django's rule for ready()), hence the imports here.
        from carewatch.access import slots
        from carewatch.incidents.selectors import incidents_for

        slots.incidents_for.provide(incidents_for)
