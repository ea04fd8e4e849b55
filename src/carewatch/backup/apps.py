from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "carewatch.backup"
    label = "backup"
