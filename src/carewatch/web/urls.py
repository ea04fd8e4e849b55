from django.urls import path

from carewatch.web import views, views_audit

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.staff_home, name="staff-home"),
    path("about/data/", views.about_data, name="about-data"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("audit/", views_audit.audit_log, name="audit-log"),
    path("audit/export.csv", views_audit.audit_log_export, name="audit-log-export"),
]
