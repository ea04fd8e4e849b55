from django.urls import path

from carewatch.public import press, views, views_map

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/map.json", views_map.dashboard_map, name="dashboard-map"),
    path(
        "dashboard/boundaries/<int:level>.geojson",
        views_map.dashboard_boundaries,
        name="dashboard-boundaries",
    ),
    path("in-memoriam/", views.memorial, name="memorial"),
    path("methodology/", views.methodology, name="methodology"),
    path("press/", press.press_room, name="press-room"),
    path("press/bulletins/<slug:slug>/", press.press_bulletin, name="press-bulletin"),
    path(
        "press/bulletins/<slug:slug>/v<int:version>/",
        press.press_bulletin,
        name="press-bulletin-version",
    ),
    path(
        "press/bulletins/<slug:slug>/v<int:version>.pdf",
        press.press_bulletin_pdf,
        name="press-bulletin-pdf",
    ),
    path(
        "press/bulletins/<slug:slug>/v<int:version>.json",
        press.press_bulletin_data,
        name="press-bulletin-data",
    ),
    path("press/feed/<str:language>.atom", press.BulletinFeed(), name="press-feed"),
    path("press/logo.png", press.press_logo, name="press-logo"),
]

# Pages anyone may open (the access-matrix test exempts them from the staff sign-in check).
PUBLIC_URL_NAMES = frozenset(
    {
        "dashboard",
        "dashboard-map",
        "dashboard-boundaries",
        "memorial",
        "methodology",
        "press-room",
        "press-bulletin",
        "press-bulletin-version",
        "press-bulletin-pdf",
        "press-bulletin-data",
        "press-feed",
        "press-logo",
    }
)
