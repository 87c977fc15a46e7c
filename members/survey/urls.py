from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [
    path("", views.answer, name="answer"),
    path("results/", views.results, name="results"),
    path("results/export.csv", views.results_export, {"fmt": "csv"}, name="export-csv"),
    path("results/export.xlsx", views.results_export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("needs/", views.needs_summary, name="needs-summary"),
    path("needs-answered/", views.needs_answered, name="needs-answered"),
]
