from django.urls import path

from carewatch.events import views, views_checkin, views_edit, views_registration, views_staff

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("events/<slug:slug>/", views.event_page, name="event-page"),
    path("events/<slug:slug>/register/", views.event_register, name="event-register"),
    path("events/<slug:slug>/thanks/", views.event_thanks, name="event-thanks"),
    path("events/<slug:slug>/event.ics", views.event_calendar, name="event-calendar"),
    path(
        "events/registration/<str:token>/",
        views_registration.registration_page,
        name="event-registration",
    ),
    path("campaigns/events/", views_staff.event_staff_list, name="event-staff-list"),
    path("campaigns/events/new/", views_edit.event_new, name="event-new"),
    path("campaigns/events/<int:pk>/", views_staff.event_staff, name="event-staff"),
    path("campaigns/events/<int:pk>/edit/", views_edit.event_edit, name="event-edit"),
    path(
        "campaigns/events/<int:pk>/attendees.csv",
        views_staff.event_attendees,
        name="event-attendees",
    ),
    path(
        "campaigns/registrations/<int:pk>/pay/",
        views_staff.registration_pay,
        name="event-registration-pay",
    ),
    path(
        "campaigns/registrations/<int:pk>/cancel/",
        views_staff.registration_cancel,
        name="event-registration-cancel",
    ),
    path("campaigns/events/<int:pk>/reading/", views_staff.event_reading, name="event-reading"),
    path("campaigns/events/<int:pk>/check-in/", views_checkin.checkin_page, name="event-checkin"),
    path(
        "campaigns/events/<int:pk>/check-in/tickets.json",
        views_checkin.checkin_tickets,
        name="event-checkin-tickets",
    ),
    path(
        "campaigns/events/<int:pk>/check-in/sync/",
        views_checkin.checkin_sync,
        name="event-checkin-sync",
    ),
]

#: Pages anyone may open.
PUBLIC_URL_NAMES = frozenset(
    {
        "event-list",
        "event-page",
        "event-register",
        "event-thanks",
        "event-calendar",
        "event-registration",
    }
)
