from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "carewatch.linkage"
    label = "linkage"

    def ready(self) -> None:
        from carewatch.linkage.receivers import queue_linking
        from carewatch.sources.signals import reports_imported

        reports_imported.connect(queue_linking, dispatch_uid="carewatch.linkage.after_import")
