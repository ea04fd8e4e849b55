from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "carewatch.stats"
    label = "stats"

    def ready(self) -> None:
        from carewatch.lib import changes
        from carewatch.stats import signals  # noqa: F401  (connects the cache invalidation)
        from carewatch.stats.cache import current_version

        changes.provide(current_version)  # the work queues' counts are cached under it
