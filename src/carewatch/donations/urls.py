from django.urls import path

from carewatch.donations import views, views_edit, views_import, views_staff

urlpatterns = [
    path("appeals/<slug:slug>/", views.appeal_page, name="appeal-page"),
    path("appeals/<slug:slug>/give/", views.appeal_give, name="appeal-give"),
    path("appeals/<slug:slug>/thanks/", views.appeal_thanks, name="appeal-thanks"),
    path("donations/webhooks/<str:provider>/", views.provider_webhook, name="donation-webhook"),
    path("campaigns/gifts/", views_staff.gifts_home, name="gifts-home"),
    path("campaigns/gifts/new/", views_staff.gift_new, name="gift-new"),
    path("campaigns/gifts/import/", views_import.gifts_import, name="gifts-import"),
    path("campaigns/gifts/gifts.csv", views_staff.gifts_export, name="gifts-export"),
    path("campaigns/gifts/receipts.csv", views_staff.receipts_export, name="receipts-export"),
    path("campaigns/gifts/annual/", views_staff.receipts_annual, name="receipts-annual"),
    path("campaigns/receipts/<int:pk>/receipt.pdf", views_staff.receipt_file, name="receipt-pdf"),
    path("campaigns/receipts/<int:pk>/void/", views_staff.receipt_void, name="receipt-void"),
    path("campaigns/appeals/new/", views_edit.appeal_new, name="appeal-new"),
    path("campaigns/appeals/<int:pk>/edit/", views_edit.appeal_edit, name="appeal-edit"),
]

#: Pages anyone may open (the webhook takes signed events only).
PUBLIC_URL_NAMES = frozenset({"appeal-page", "appeal-give", "appeal-thanks", "donation-webhook"})
