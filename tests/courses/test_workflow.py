"""Editors revise courses and lessons, but changes go live only after the CSE co-ordinator review."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.blocks import LESSON_TEXT_FEATURES
from courses.demo import REVIEW_NAME, ensure_review_workflow
from courses.models import LessonPage
from tests.fixtures.courses import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(course_index):
    return ensure_review_workflow(course_index)


def edit_data(lesson, title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": lesson.slug,
            "summary": "",
            "body": streamfield([("text", rich_text("<p>Revised text.</p>", features=LESSON_TEXT_FEATURES))]),
        }
    )
    data[action] = "1"
    return data


def test_the_review_workflow_covers_every_course_and_lesson(review, taxi_course):
    lesson = lessons_of(taxi_course)[0]
    assert review.name == REVIEW_NAME
    assert lesson.get_workflow() == review
    assert taxi_course.get_workflow() == review


def test_an_editor_cannot_publish_a_lesson_directly(client, editor, review, taxi_course):
    lesson = lessons_of(taxi_course)[0]
    assert not lesson.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.post(edit_url, edit_data(lesson, "Sneaky title", "action-publish"))
    lesson.refresh_from_db()
    assert lesson.title != "Sneaky title"
    assert "Sneaky title" not in Client().get(lesson.url).content.decode()


def test_an_editors_change_goes_live_only_when_the_review_approves_it(client, editor, moderator, review, taxi_course):
    lesson = lessons_of(taxi_course)[0]
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), edit_data(lesson, "Revised lesson", "action-submit")
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(lesson.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Revised lesson" not in Client().get(lesson.url).content.decode()

    lesson = LessonPage.objects.get(pk=lesson.pk)
    task = lesson.current_workflow_task
    assert task.name == REVIEW_NAME
    assert task.specific.user_can_access_editor(lesson, moderator)
    assert not task.specific.get_actions(lesson, editor)
    task.specific.on_action(lesson.current_workflow_task_state, moderator, "approve")
    lesson.refresh_from_db()
    assert lesson.title == "Revised lesson" and lesson.live
    assert "Revised lesson" in Client().get(lesson.url).content.decode()


def test_a_draft_revision_is_not_shown_to_learners(client, taxi_course):
    lesson = lessons_of(taxi_course)[0]
    lesson.title = "Unreviewed draft title"
    lesson.save_revision()
    assert "Unreviewed draft title" not in client.get(lesson.url).content.decode()


def test_a_scheduled_revision_goes_live_at_its_time(client, taxi_course):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    lesson = lessons_of(taxi_course)[0]
    lesson.title = "Scheduled title"
    lesson.go_live_at = timezone.now() + timedelta(hours=1)
    revision = lesson.save_revision()
    revision.publish()
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    assert "Scheduled title" not in Client().get(lesson.url).content.decode()
    due = timezone.now() - timedelta(minutes=1)  # the hour has passed
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    assert "Scheduled title" in Client().get(lesson.url).content.decode()
