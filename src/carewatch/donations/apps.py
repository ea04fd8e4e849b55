from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "carewatch.donations"
    verbose_name = _("Appeals and donations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carewatch.donations import supporter_parts

        supporter_parts.register()
