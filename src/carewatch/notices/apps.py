from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "carewatch.notices"
    label = "notices"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from carewatch.audit.models import AuditEntry
        from carewatch.notices.jobs import queue_delivery

        post_save.connect(queue_delivery, sender=AuditEntry, dispatch_uid="carewatch.notices")
