from django.urls import path

from .views import contrib, public

app_name = "funds"

urlpatterns = [
    path("", public.call_list, name="call-list"),
    path("export.xlsx", public.export_xlsx, name="export-xlsx"),
    path("export.csv", public.export_csv, name="export-csv"),
    path("feed/", public.call_feed, name="call-feed"),
    path("feed/atom/", public.call_feed_atom, name="call-feed-atom"),
    path("deadlines.ics", public.deadlines_ics, name="deadlines-ics"),
    path("mine/", public.my_calls, name="my-calls"),
    path("suggest/", contrib.call_suggest, name="call-suggest"),
    path("<slug:slug>/", public.call_detail, name="call-detail"),
    path("<slug:slug>/calendar.ics", public.call_ics, name="call-ics"),
    path("<slug:slug>/bookmark/", public.call_bookmark, name="call-bookmark"),
    path("<slug:slug>/dismiss/", public.call_dismiss, name="call-dismiss"),
    path("<slug:slug>/report/", contrib.call_report, name="call-report"),
]
