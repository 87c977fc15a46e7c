from django.urls import path

from . import views

app_name = "coaching"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("mine/", views.my_sessions, name="my-sessions"),
    path("<int:pk>/", views.session_detail, name="session-detail"),
    path("<int:pk>/register/", views.session_register, name="session-register"),
]
