from django.urls import path

from carewatch.notices import views

#: Pages anyone may open: the one-click stop link of the messages (a signed token).
PUBLIC_URL_NAMES = {"notice-stop"}

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("<int:pk>/open/", views.notice_open, name="notice-open"),
    path("read/", views.notice_read_all, name="notice-read-all"),
    path("settings/", views.notice_settings, name="notice-settings"),
    path("stop/<str:token>/", views.notice_stop, name="notice-stop"),
]
