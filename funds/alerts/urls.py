from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="alert-list"),
    path("new/", views.alert_create, name="alert-create"),
    path("<int:pk>/edit/", views.alert_edit, name="alert-edit"),
    path("<int:pk>/preview/", views.alert_preview, name="alert-preview"),
    path("<int:pk>/pause/", views.alert_pause, name="alert-pause"),
    path("<int:pk>/resume/", views.alert_resume, name="alert-resume"),
    path("<int:pk>/delete/", views.alert_delete, name="alert-delete"),
    path("<int:pk>/revoke-unsubscribe-links/", views.alert_revoke_unsubscribe_links, name="alert-revoke-links"),
    path("follow/<slug:slug>/", views.category_follow, name="category-follow"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/revoke-unsubscribe-links/", views.revoke_unsubscribe_links, name="revoke-unsubscribe-links"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
