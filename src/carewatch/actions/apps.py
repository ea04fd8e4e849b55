from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "carewatch.actions"
    verbose_name = _("Calls to action")
    default_auto_field = "django.db.models.BigAutoField"
