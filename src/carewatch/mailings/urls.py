from django.urls import path

from carewatch.mailings import views, views_staff

urlpatterns = [
    path("newsletter/<slug:slug>/", views.newsletter_subscribe, name="newsletter-subscribe"),
    path("newsletter/<slug:slug>/thanks/", views.newsletter_thanks, name="newsletter-thanks"),
    path("newsletter/confirm/<str:token>/", views.newsletter_confirm, name="newsletter-confirm"),
    path(
        "newsletter/preferences/<str:token>/",
        views.newsletter_preferences,
        name="newsletter-preferences",
    ),
    path("n/<str:token>/", views.newsletter_click, name="newsletter-click"),
    path("campaigns/newsletters/", views_staff.newsletter_list, name="newsletter-staff-list"),
    path("campaigns/lists/new/", views_staff.mailing_list_create, name="mailing-list-create"),
    path("campaigns/newsletters/new/", views_staff.campaign_create, name="newsletter-create"),
    path("campaigns/newsletters/<int:pk>/", views_staff.campaign_detail, name="newsletter-staff"),
    path(
        "campaigns/newsletters/<int:pk>/schedule/",
        views_staff.campaign_schedule,
        name="newsletter-schedule",
    ),
    path(
        "campaigns/newsletters/<int:pk>/cancel/",
        views_staff.campaign_cancel,
        name="newsletter-cancel",
    ),
    path("campaigns/newsletters/<int:pk>/test/", views_staff.campaign_test, name="newsletter-test"),
    path(
        "campaigns/newsletters/<int:pk>/<str:language>/",
        views_staff.campaign_version,
        name="newsletter-version",
    ),
    path(
        "campaigns/newsletters/<int:pk>/<str:language>/preview/",
        views_staff.campaign_preview,
        name="newsletter-preview",
    ),
]

#: Pages anyone may open (the confirmation and preference pages check their signed token).
PUBLIC_URL_NAMES = frozenset(
    {
        "newsletter-subscribe",
        "newsletter-thanks",
        "newsletter-confirm",
        "newsletter-preferences",
        "newsletter-click",
    }
)
