from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("statistics/", views.outcome_statistics, name="statistics"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/advisor/", views.request_advisor, name="advisor"),
    path("advisors/<int:advisor_pk>/", views.advisor_ask, name="advisor-ask"),
    path("<int:pk>/outcome/", views.request_outcome, name="outcome"),
    path("<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
