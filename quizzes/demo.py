"""The demo council's quizzes, one per module, from content/modules/<slug>/quiz.yaml. Each question
and option gets an id derived from its key, so seeding again keeps their identities."""

import uuid

import yaml
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Locale, Workflow, WorkflowContentType

from courses.content import read_modules
from courses.demo import REVIEW_NAME
from courses.models import CoursePage

from .models import Quiz

ID_NAMESPACE = uuid.UUID("5b0c6f5e-6a41-4c3e-9b1e-3f0a8a1d2c77")


def stable_id(*parts):
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def question_raw(question):
    key = question["key"]
    return {
        "type": "question",
        "id": stable_id(key),
        "value": {
            "kind": question["kind"],
            "scenario": question.get("scenario", ""),
            "image": None,
            "image_alt": "",
            "text": question["text"],
            "options": [
                {
                    "type": "item",
                    "id": stable_id(key, str(number)),
                    "value": {
                        "text": option["text"],
                        "correct": option["correct"],
                        "feedback": option.get("feedback", ""),
                    },
                }
                for number, option in enumerate(question["options"])
            ],
            "explanation": question["explanation"],
            "revise_lesson": None,
        },
    }


def ensure_quiz(course, data):
    quiz = Quiz.objects.filter(course=course, locale=course.locale).first() or Quiz(course=course, locale=course.locale)
    quiz.title = data["title"]
    quiz.pass_mark = data["pass_mark"]
    quiz.introduction = "Answer each question, check your answers, then submit them."
    quiz.questions = [question_raw(question) for question in data["questions"]]
    quiz.save()
    quiz.save_revision().publish()
    return quiz


def ensure_quiz_review():
    workflow = Workflow.objects.get(name=REVIEW_NAME)
    content_type = ContentType.objects.get_for_model(Quiz)
    WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    quiz_permissions = Permission.objects.filter(content_type=content_type)
    Group.objects.get(name="Editors").permissions.add(
        *quiz_permissions.filter(codename__in=["add_quiz", "change_quiz", "view_quiz"])
    )
    Group.objects.get(name="Moderators").permissions.add(*quiz_permissions.exclude(codename="delete_quiz"))


@transaction.atomic
def seed():
    for module in read_modules():
        quiz_file = module.folder / "quiz.yaml"
        if quiz_file.exists():
            course = CoursePage.objects.filter(locale=Locale.get_default()).get(slug=module.slug)
            ensure_quiz(course, yaml.safe_load(quiz_file.read_text(encoding="utf-8")))
    ensure_quiz_review()
    return []
