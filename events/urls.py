from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("offer/<str:token>/", views.offer_respond, name="offer"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("calendar/new-address/", views.calendar_feed_rotate, name="calendar-feed-rotate"),
    path("<int:pk>/check-in/", views.check_in, name="check-in"),
    path("<int:pk>/attendance-report/", views.attendance_report, name="attendance-report"),
    path("registration/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
]
