from django.urls import path

from carewatch.imports import views, views_mappings, views_runs

urlpatterns = [
    path("imports/", views_runs.run_list, name="import-list"),
    path("imports/new/", views.import_new, name="import-new"),
    path("imports/start/", views.import_start, name="import-start"),
    path("imports/<int:pk>/", views_runs.run_view, name="import-run"),
    path("imports/<int:pk>/status/", views_runs.run_status, name="import-run-status"),
    path("imports/<int:pk>/errors.csv", views_runs.run_errors_file, name="import-run-errors"),
    path("imports/<int:pk>/mapping/", views_mappings.run_mapping_save, name="import-run-mapping"),
    path("import-mappings/", views_mappings.mapping_list, name="import-mapping-list"),
    path("import-mappings/save/", views_mappings.mapping_save, name="import-mapping-save"),
    path("import-mappings/<int:pk>/", views_mappings.mapping_view, name="import-mapping-detail"),
]
