"""URL configuration: staff pages, the public landing page, the JSON API."""

from django.urls import include, path

from carewatch.api.main import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("carewatch.accounts.urls")),
    path("incidents/", include("carewatch.incidents.urls")),
    path("facilities/", include("carewatch.facilities.urls")),
    path("places/", include("carewatch.places.urls")),
    path("people/", include("carewatch.people.urls")),
    path("linkage/", include("carewatch.linkage.urls")),
    path("estimates/", include("carewatch.stats.urls")),
    path("notices/", include("carewatch.notices.urls")),
    path("", include("carewatch.sources.urls")),
    path("", include("carewatch.exports.urls")),
    path("", include("carewatch.imports.urls")),
    path("", include("carewatch.publishing.urls")),
    path("", include("carewatch.public.urls")),
    path("", include("carewatch.supporters.urls")),
    path("", include("carewatch.petitions.urls")),
    path("", include("carewatch.events.urls")),
    path("", include("carewatch.donations.urls")),
    path("", include("carewatch.supplies.urls")),
    path("", include("carewatch.actions.urls")),
    path("", include("carewatch.mailings.urls")),
    path("", include("carewatch.backup.urls")),
    path("", include("carewatch.web.urls")),
]
