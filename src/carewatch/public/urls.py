from django.urls import path

from carewatch.public import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("in-memoriam/", views.memorial, name="memorial"),
    path("methodology/", views.methodology, name="methodology"),
]

# Pages anyone may open (the access-matrix test exempts them from the staff sign-in check).
PUBLIC_URL_NAMES = frozenset({"dashboard", "memorial", "methodology"})
