from django.urls import path

from carewatch.linkage import views

urlpatterns = [
    path("", views.match_queue, name="match-queue"),
    path("bulk-accept/", views.match_bulk_accept, name="match-bulk-accept"),
    path("merge/", views.match_merge, name="match-merge"),
    path("<int:pk>/", views.match_detail, name="match-detail"),
    path("<int:pk>/accept/", views.match_accept, name="match-accept"),
    path("<int:pk>/reject/", views.match_reject, name="match-reject"),
    path("<int:pk>/split/", views.match_split, name="match-split"),
]
