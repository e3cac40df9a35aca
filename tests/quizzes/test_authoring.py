"""Quizzes as Wagtail snippets: question rules, stable identities, drafts and the review workflow."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.blocks import StructBlockValidationError

from quizzes.blocks import QuestionBlock
from quizzes.models import Quiz

pytestmark = pytest.mark.django_db


def question_value(kind, corrects, **extra):
    return {
        "kind": kind,
        "scenario": "",
        "image": None,
        "image_alt": "",
        "text": "Question?",
        "options": [{"text": f"Option {n}", "correct": correct, "feedback": ""} for n, correct in enumerate(corrects)],
        "explanation": "Because.",
        "revise_lesson": None,
        **extra,
    }


@pytest.mark.parametrize(
    ("kind", "corrects", "field"),
    [
        ("single", [True, True, False], "options"),
        ("single", [False, False], "options"),
        ("multiple", [False, False, False], "options"),
        ("true_false", [True, False, False], "options"),
    ],
)
def test_questions_must_have_the_right_number_of_right_answers(kind, corrects, field):
    block = QuestionBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(question_value(kind, corrects)))
    assert field in error.value.block_errors


@pytest.mark.parametrize(("kind", "corrects"), [("single", [True, False]), ("multiple", [True, True, False]),
                                                 ("true_false", [False, True])])
def test_well_formed_questions_are_accepted(kind, corrects):
    block = QuestionBlock()
    assert block.clean(block.to_python(question_value(kind, corrects)))["kind"] == kind


def test_an_image_needs_alt_text():
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Room", file=get_test_image_file())
    block = QuestionBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python(question_value("single", [True, False], image=image.pk)))
    assert "image_alt" in error.value.block_errors


def test_seeding_again_keeps_every_question_and_option_identity(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    before = {quiz.pk: [(q.id, [o.id for o in q.value["options"].bound_blocks]) for q in quiz.questions]
              for quiz in Quiz.objects.all()}
    call_command("seed_demo")
    after = {quiz.pk: [(q.id, [o.id for o in q.value["options"].bound_blocks]) for q in quiz.questions]
             for quiz in Quiz.objects.all()}
    # Four modules, and the taxi module's quiz in Urdu and Polish: a translation keeps the ids too.
    assert before == after and len(before) == 6
    for quiz in Quiz.objects.all():
        assert 8 <= len(quiz.questions) <= 12 and quiz.pass_mark == 80 and quiz.live


def test_reordering_questions_keeps_their_identities(quiz):
    ids = [child.id for child in quiz.questions]
    quiz.questions = list(reversed(quiz.questions.raw_data))
    quiz.save()
    quiz.refresh_from_db()
    assert [child.id for child in quiz.questions] == list(reversed(ids))


def test_an_editor_cannot_publish_a_quiz_and_it_goes_through_review(client, settings):
    from django.urls import reverse
    from wagtail.models import WorkflowState

    from eyesandears.accounts.factories import UserFactory

    settings.DEBUG = True
    call_command("seed_demo")
    quiz = Quiz.objects.first()
    assert quiz.get_workflow().name == "CSE co-ordinator review"
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert editor.has_perm("quizzes.change_quiz") and not editor.has_perm("quizzes.publish_quiz")
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html and 'name="action-publish"' not in html
    quiz.title = "Edited but not reviewed"
    quiz.save_revision(user=editor)
    quiz.refresh_from_db()
    assert quiz.title != "Edited but not reviewed"
    assert not WorkflowState.objects.filter(object_id=str(quiz.pk), status="in_progress").exists()
