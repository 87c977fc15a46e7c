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
    path("reviews/", views.review_list, name="reviews"),
    path(
        "reviews/organizations/<int:pk>/approve/",
        views.organization_review,
        {"decision": "approve"},
        name="organization-approve",
    ),
    path(
        "reviews/organizations/<int:pk>/reject/",
        views.organization_review,
        {"decision": "reject"},
        name="organization-reject",
    ),
    path(
        "reviews/join-requests/<int:pk>/<int:organization>/confirm/",
        views.join_request_review,
        {"decision": "confirm"},
        name="join-request-confirm",
    ),
    path(
        "reviews/join-requests/<int:pk>/<int:organization>/decline/",
        views.join_request_review,
        {"decision": "decline"},
        name="join-request-decline",
    ),
]
