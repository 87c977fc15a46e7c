from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.member_detail, name="member-detail"),
    path("organizations/", views.organization_list, name="organizations"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("profile/", views.profile_edit, name="profile-edit"),
    path("profile/organization/", views.organization_edit, name="organization-edit"),
    path("apply/", views.apply, name="apply"),
]
