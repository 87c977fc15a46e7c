from django.urls import path

from .views import offers, requests, volunteer, work

app_name = "translations"

urlpatterns = [
    path("volunteer/", volunteer.volunteer_setting, name="volunteer"),
    path("volunteer/availability/", volunteer.volunteer_availability, name="availability"),
    path("work/", work.work, name="work"),
    path("work/<int:pk>/deliver/", work.deliver, name="deliver"),
    path("offers/<int:pk>/answer/", offers.offer_answer, name="offer-answer"),
    path("offer/<str:token>/", offers.offer, name="offer"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/new/", requests.request_new, name="request-new"),
    path("requests/<int:pk>/cancel/", requests.request_cancel, name="request-cancel"),
    path("requests/<int:pk>/translation/", requests.translation_download, name="translation"),
    path("documents/<int:pk>/", requests.document_download, name="document"),
]
