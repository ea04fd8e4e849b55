from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "carewatch.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from carewatch.accounts import signals

        signals.connect_lockout_signal()
