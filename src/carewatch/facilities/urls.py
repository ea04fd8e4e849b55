from django.urls import path

from carewatch.facilities import views, views_search

urlpatterns = [
    path("", views.facility_list, name="facility-list"),
    path("new/", views.facility_create, name="facility-create"),
    path("search/", views_search.facility_search, name="facility-search"),
    path("<int:pk>/", views.facility_view, name="facility-detail"),
    path("<int:pk>/edit/", views.facility_edit, name="facility-edit"),
    path("<int:pk>/aliases/", views.facility_alias_add, name="facility-alias-add"),
    path("<int:pk>/status/", views.facility_status_add, name="facility-status-add"),
    path("<int:pk>/exact-location/", views.facility_exact_location, name="facility-exact-location"),
    path("<int:pk>/history/", views.facility_history, name="facility-history"),
]
