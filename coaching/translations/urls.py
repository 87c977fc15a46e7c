from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [path("offer/<str:token>/", views.offer, name="offer")]
