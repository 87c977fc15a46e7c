from django.urls import path

from . import views

app_name = "findhelp"

urlpatterns = [
    path("", views.find_help, name="find-help"),
    path("write/<str:kind>/<int:pk>/", views.contact, name="contact"),
    path("advisors/", views.advisor_list, name="advisors"),
    path("advisors/<int:pk>/", views.advisor_detail, name="advisor-detail"),
    path("offer/", views.offer_edit, name="offer"),
    path("opt-out/<str:token>/", views.opt_out, name="opt-out"),
]
