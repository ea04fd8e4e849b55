from django.urls import path

from carewatch.places import views

urlpatterns = [
    path("search/", views.place_search, name="place-search"),
]
