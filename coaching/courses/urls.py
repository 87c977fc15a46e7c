from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("mine/", views.my_courses, name="mine"),
    path("<slug:slug>/", views.course_detail, name="detail"),
    path("<slug:slug>/enroll/", views.course_enroll, name="enroll"),
    path("<slug:slug>/lessons/<int:position>/", views.lesson_detail, name="lesson"),
    path(
        "<slug:slug>/lessons/<int:position>/complete/",
        views.lesson_complete,
        name="lesson-complete",
    ),
    path("<slug:slug>/lessons/<int:position>/quiz/", views.quiz_submit, name="quiz"),
]
