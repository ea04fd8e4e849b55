from django.urls import path

from carewatch.actions import views

urlpatterns = [
    path("act/<slug:slug>/", views.action_page, name="action-page"),
    path("act/<slug:slug>/<int:target>/<str:platform>/", views.action_take, name="action-take"),
]

#: Pages anyone may open.
PUBLIC_URL_NAMES = frozenset({"action-page", "action-take"})
