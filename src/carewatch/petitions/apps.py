from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "carewatch.petitions"
    verbose_name = _("Petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carewatch.petitions import supporter_parts

        supporter_parts.register()
