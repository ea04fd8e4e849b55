from django.urls import path

from carewatch.backup.health import health

#: Pages anyone may open: the health report (no record data in it).
PUBLIC_URL_NAMES = {"health"}

urlpatterns = [path("health", health, name="health")]
