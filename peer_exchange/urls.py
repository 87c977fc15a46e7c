from django.urls import path

from . import views

app_name = "peer_exchange"

urlpatterns = [
    path("", views.index, name="session-list"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/new/", views.topic_propose, name="topic-propose"),
    path("topics/<int:pk>/", views.topic_detail, name="topic-detail"),
    path("topics/<int:pk>/vote/", views.topic_vote, name="topic-vote"),
    path("topics/<int:pk>/schedule/", views.topic_schedule, name="topic-schedule"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/register/", views.session_register, name="session-register"),
    path("sessions/<int:pk>/swap/", views.host_swap, name="host-swap"),
    path("sessions/<int:pk>/summary/", views.output_edit, name="output-edit"),
    path("library/", views.library, name="library"),
    path("library/<int:pk>/", views.output_detail, name="output-detail"),
    path("host/", views.host_offer, name="host-offer"),
    path("emerging/", views.emerging, name="emerging"),
    path("guide/<slug:page>/", views.guide, name="guide"),
]
