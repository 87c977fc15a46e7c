from django.urls import path

from .views import member, network, verify

app_name = "badges"

urlpatterns = [
    path("verify/", verify.verify_start, name="verify-start"),
    path("verify/<str:code>/", verify.verify_detail, name="verify"),
    path("recognition/", member.my_recognition, name="my-recognition"),
    path("recognition/badges/<uuid:uuid>.png", member.award_image, name="award-image"),
    path("recognition/badges/<uuid:uuid>/visibility/", member.award_visibility, name="award-visibility"),
    path("recognition/documents/<uuid:uuid>.pdf", member.document_file, name="document-file"),
    path("recognition/documents/<uuid:uuid>/visibility/", member.document_visibility, name="document-visibility"),
    path("recognition/member-kit/", member.member_kit, name="member-kit"),
    path("recognition/member-kit/<str:name>", member.member_kit_file, name="member-kit-file"),
    path("recognition/network-members/", network.network_members, name="network-members"),
]
