from django.urls import path

from carewatch.supplies import views

urlpatterns = [
    path("supplies/report/", views.stock_report, name="stock-report"),
    path("supplies/alerts/", views.supply_alerts, name="supply-alerts"),
    path("supplies/needs/<int:pk>/met/", views.need_met, name="need-met"),
]
