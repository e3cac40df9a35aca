from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("your-training/", views.your_training, name="your_training"),
    path("your-training/job-roles/", views.job_roles_edit, name="job_roles"),
    path("your-training/courses/<int:course_id>/start/", views.course_start, name="course_start"),
    path("your-training/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("search/", views.search, name="search"),
    path("glossary/", views.glossary, name="glossary"),
]
