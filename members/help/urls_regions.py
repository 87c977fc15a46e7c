"""The region pages, under /members/regions/ (public; members see more)."""

from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.region_list, name="list"),
    path("<slug:region>/", views.region_detail, name="detail"),
]
