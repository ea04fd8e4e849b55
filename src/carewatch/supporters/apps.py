from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "carewatch.supporters"
    verbose_name = "Supporters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carewatch.supporters import signals  # noqa: F401  (connects the webhook receiver)
