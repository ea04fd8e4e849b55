from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "carewatch.mailings"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carewatch.mailings import supporter_parts

        supporter_parts.register()
