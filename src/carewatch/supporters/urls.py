from collections.abc import Callable
from typing import Any

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, include, path

from carewatch.supporters import views_staff
from carewatch.supporters.views import unsubscribe_view


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Providers' webhooks answer only when their credentials are set: without them, anyone
    could post a "bounce" and stop our mail to any address (django-anymail would accept it)."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404("mail webhooks are off: CAREWATCH_MAIL_WEBHOOK_SECRET is not set")
        return view(request, *args, **kwargs)

    guarded.csrf_exempt = True  # type: ignore[attr-defined]
    return guarded


webhooks = [
    URLPattern(p.pattern, _guarded(p.callback), p.default_args, p.name)
    for p in anymail_urls.urlpatterns
    if isinstance(p, URLPattern) and "tracking" in str(p.pattern)
]

urlpatterns = [
    path("mail/unsubscribe/<str:token>/", unsubscribe_view, name="mail-unsubscribe"),
    path("mail/webhooks/", include(webhooks)),
    path("supporters/", views_staff.supporter_list, name="supporter-list"),
    path("supporters/<int:pk>/", views_staff.supporter_detail, name="supporter-detail"),
    path("supporters/<int:pk>/export/", views_staff.supporter_export, name="supporter-export"),
    path("supporters/<int:pk>/erase/", views_staff.supporter_erase, name="supporter-erase"),
    path("supporters/<int:pk>/merge/", views_staff.supporter_merge, name="supporter-merge"),
]

#: Pages anyone may open (the token or the provider's credentials are what they check).
PUBLIC_URL_NAMES = {"mail-unsubscribe", *(str(p.name) for p in webhooks)}
