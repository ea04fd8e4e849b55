from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "carewatch.imports"
    label = "imports"

    def ready(self) -> None:
        # Models are loaded only now (Django's rule for ready()), hence the imports here.
        from carewatch.imports.rows import run_columns
        from carewatch.sources import rows

        rows.run_columns.provide(run_columns)
