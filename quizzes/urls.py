from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("quizzes/<int:quiz_id>/", views.quiz_start, name="start"),
    path("quizzes/attempts/<uuid:public_id>/questions/<int:number>/", views.question, name="question"),
    path("quizzes/attempts/<uuid:public_id>/check/", views.check_answers, name="check"),
    path("quizzes/attempts/<uuid:public_id>/submit/", views.submit, name="submit"),
    path("quizzes/attempts/<uuid:public_id>/result/", views.result, name="result"),
]
