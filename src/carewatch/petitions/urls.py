from django.urls import path

from carewatch.petitions import views, views_edit, views_staff

urlpatterns = [
    path("petitions/<slug:slug>/", views.petition_page, name="petition-page"),
    path("petitions/<slug:slug>/sign/", views.petition_sign, name="petition-sign"),
    path("petitions/<slug:slug>/thanks/", views.petition_thanks, name="petition-thanks"),
    path("petitions/<slug:slug>/count.json", views.petition_count, name="petition-count"),
    path("petitions/confirm/<str:token>/", views.petition_confirm, name="petition-confirm"),
    path("campaigns/petitions/", views_staff.petition_list, name="petition-staff-list"),
    path("campaigns/petitions/new/", views_edit.petition_new, name="petition-new"),
    path("campaigns/petitions/<int:pk>/", views_staff.petition_detail, name="petition-staff"),
    path("campaigns/petitions/<int:pk>/edit/", views_edit.petition_edit, name="petition-edit"),
    path(
        "campaigns/petitions/<int:pk>/external/",
        views_edit.petition_external,
        name="petition-external",
    ),
    path(
        "campaigns/petitions/<int:pk>/invalidate/",
        views_staff.petition_invalidate,
        name="petition-invalidate",
    ),
    path(
        "campaigns/petitions/<int:pk>/pack-countries.csv",
        views_staff.petition_pack_countries,
        name="petition-pack-countries",
    ),
    path(
        "campaigns/petitions/<int:pk>/delivery-pack.pdf",
        views_staff.petition_pack_pdf,
        name="petition-pack-pdf",
    ),
    path(
        "campaigns/petitions/<int:pk>/pack-names.csv",
        views_staff.petition_pack_names,
        name="petition-pack-names",
    ),
]

#: Pages anyone may open.
PUBLIC_URL_NAMES = frozenset(
    {"petition-page", "petition-sign", "petition-thanks", "petition-count", "petition-confirm"}
)
