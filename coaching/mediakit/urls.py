from django.urls import path

from . import views

app_name = "mediakit"

urlpatterns = [
    path("", views.media_kit, name="list"),
    path("files/<int:pk>/", views.version_download, name="download"),
]
