from django.urls import path

from carewatch.sources import views, views_evidence, views_proposals

urlpatterns = [
    path("sources/", views.source_list, name="source-list"),
    path("sources/new/", views.source_create, name="source-create"),
    path("sources/<int:pk>/", views.source_view, name="source-detail"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source-edit"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_view, name="report-detail"),
    path("reports/<int:pk>/informant/", views.report_informant, name="report-informant"),
    path("reports/<int:pk>/figures/new/", views.figure_create, name="figure-create"),
    path(
        "reports/<int:pk>/figures/proposed/",
        views_proposals.figure_proposals,
        name="figure-proposals",
    ),
    path("figures/", views.figure_list, name="figure-list"),
    path(
        "files/<int:pk>/original/", views_evidence.attachment_original, name="attachment-original"
    ),
    path("files/<int:pk>/shared/", views_evidence.attachment_shared, name="attachment-shared"),
    path("sources/<int:pk>/history/", views.source_history, name="source-history"),
    path("reports/<int:pk>/history/", views.report_history, name="report-history"),
]
