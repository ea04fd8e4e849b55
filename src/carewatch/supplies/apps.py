from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliesConfig(AppConfig):
    name = "carewatch.supplies"
    verbose_name = _("Supplies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from carewatch.facilities import presenters
        from carewatch.supplies.panel import stock_panel

        if stock_panel not in presenters.FACILITY_PANELS:
            presenters.FACILITY_PANELS.append(stock_panel)
