from django.urls import path

from carewatch.stats import views_estimates

urlpatterns = [
    path("", views_estimates.estimate_list, name="estimate-list"),
    path("<int:pk>/", views_estimates.estimate_detail, name="estimate-detail"),
    path("<int:pk>/publish/", views_estimates.estimate_publish_view, name="estimate-publish"),
    path("<int:pk>/withdraw/", views_estimates.estimate_withdraw_view, name="estimate-withdraw"),
]
