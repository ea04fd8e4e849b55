from django.urls import path

from carewatch.publishing import views

urlpatterns = [
    path("publishing/bulletins/", views.bulletin_list, name="bulletin-list"),
    path("publishing/bulletins/<int:pk>/", views.bulletin_edit, name="bulletin-edit"),
    path("publishing/bulletins/<int:pk>/approve/", views.bulletin_approve, name="bulletin-approve"),
    path("publishing/bulletins/<int:pk>/correct/", views.bulletin_correct, name="bulletin-correct"),
    path("publishing/memorial-list/", views.memorial_list, name="memorial-list"),
    path("publishing/organisation/", views.organisation_edit, name="organisation-edit"),
]
