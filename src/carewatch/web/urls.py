from django.urls import path

from carewatch.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.staff_home, name="staff-home"),
    path("about/data/", views.about_data, name="about-data"),
    path("favicon.ico", views.favicon, name="favicon"),
]
