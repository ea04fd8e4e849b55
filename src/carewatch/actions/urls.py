from django.urls import path

from carewatch.actions import views, views_staff

urlpatterns = [
    path("act/<slug:slug>/", views.action_page, name="action-page"),
    path("act/<slug:slug>/<int:target>/<str:platform>/", views.action_take, name="action-take"),
    path("campaigns/calls/", views_staff.call_list, name="call-staff-list"),
    path("campaigns/calls/new/", views_staff.call_new, name="call-new"),
    path("campaigns/calls/<int:pk>/", views_staff.call_detail, name="call-staff"),
    path("campaigns/decision-makers/", views_staff.maker_list, name="decision-maker-list"),
    path("campaigns/decision-makers/<int:pk>/", views_staff.maker_detail, name="decision-maker"),
]

#: Pages anyone may open.
PUBLIC_URL_NAMES = frozenset({"action-page", "action-take"})
