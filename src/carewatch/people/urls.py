from django.urls import path

from carewatch.people import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/", views.person_view, name="person-detail"),
    path("<int:pk>/restricted/", views.person_restricted, name="person-restricted"),
    path("<int:pk>/name/", views.person_name, name="person-name"),
    path("<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("<int:pk>/fates/", views.person_fate_add, name="person-fate-add"),
    path("<int:pk>/clearance/", views.person_clearance, name="person-clearance"),
    path("<int:pk>/history/", views.person_history, name="person-history"),
]
