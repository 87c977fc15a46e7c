from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("", views.library, name="library"),
    path("submit/", views.lesson_submit, name="submit"),
    path("mine/", views.my_lessons, name="mine"),
    path("<int:pk>/", views.lesson_detail, name="detail"),
    path("<int:pk>/edit/", views.lesson_edit, name="edit"),
    path("<int:pk>/add-to-course/", views.add_to_course, name="add-to-course"),
    path("materials/<int:pk>/", views.material_download, name="material"),
]
