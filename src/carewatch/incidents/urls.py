from django.urls import path

from carewatch.incidents import views, views_queue

urlpatterns = [
    path("", views.incident_list, name="incident-list"),
    path("submit/", views.incident_submit, name="incident-submit"),
    path("new/", views.incident_create, name="incident-create"),
    path("<int:pk>/", views.incident_view, name="incident-detail"),
    path("<int:pk>/edit/", views.incident_edit, name="incident-edit"),
    path("<int:pk>/state/", views.incident_state, name="incident-state"),
    path("<int:pk>/exact-location/", views.incident_exact_location, name="incident-exact-location"),
    path("<int:pk>/history/", views.incident_history, name="incident-history"),
    path("<int:pk>/assign/", views_queue.incident_assign_view, name="incident-assign"),
    path("bulk/", views_queue.incident_bulk, name="incident-bulk"),
    path("next/", views_queue.incident_next, name="incident-next"),
    path("searches/", views_queue.saved_search_create, name="saved-search-create"),
    path("searches/<int:pk>/delete/", views_queue.saved_search_remove, name="saved-search-delete"),
]
