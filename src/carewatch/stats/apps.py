from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "carewatch.stats"
    label = "stats"

    def ready(self) -> None:
        from carewatch.stats import signals  # noqa: F401  (connects the cache invalidation)
