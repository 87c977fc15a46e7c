from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.network_map, name="map"),
    path("data.json", views.map_data, name="map-data"),
    path("list/", views.map_text, name="map-text"),
    path("organizations/<slug:slug>/", views.organization_panel, name="organization-panel"),
    path("health/", views.health, name="health"),
    path("health.csv", views.health_csv, name="health-csv"),
]
