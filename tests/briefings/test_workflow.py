"""Briefings go through the "CSE co-ordinator review" like courses: an editor cannot publish one (nor
e-mail anybody) until a moderator approves it."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from briefings.models import BriefingPage, BriefingSend
from courses.blocks import LESSON_TEXT_FEATURES
from courses.demo import REVIEW_NAME

from .conftest import briefing_mail, draft_briefing

pytestmark = pytest.mark.django_db


def edit_data(briefing, title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": briefing.slug,
            "date": "2025-01-13",
            "summary": "Call 101 and say Operation Makesafe.",
            "body": rich_text("<p>The scheme is relaunched.</p>", features=LESSON_TEXT_FEATURES),
            "required": "on",
            "email_learners": "on",
            "sources": inline_formset([]),
        }
    )
    data["audience_job_roles"] = [role.pk for role in briefing.audience_job_roles.all()]
    data[action] = "1"
    return data


def test_the_review_workflow_covers_briefings(briefing_index, hotel_role):
    briefing = draft_briefing(briefing_index, hotel_role)
    assert briefing.get_workflow().name == REVIEW_NAME
    assert briefing_index.get_workflow().name == REVIEW_NAME


def test_an_editor_cannot_publish_a_briefing_directly(
    client, editor, briefing_index, hotel_role, hotel_learners, mailoutbox, django_capture_on_commit_callbacks
):
    briefing = draft_briefing(briefing_index, hotel_role, title="Draft briefing")
    assert not briefing.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtailadmin_pages:edit", args=[briefing.pk]),
            edit_data(briefing, "Sneaky briefing", "action-publish"),
        )
    briefing.refresh_from_db()
    assert not briefing.live
    assert Client().get(f"/{briefing_index.slug}/{briefing.slug}/").status_code == 404
    assert briefing_mail(mailoutbox, "Sneaky briefing") == [] and not BriefingSend.objects.exists()


def test_a_briefing_is_published_and_emailed_when_the_review_approves_it(
    client, editor, moderator, briefing_index, hotel_role, hotel_learners, mailoutbox,
    django_capture_on_commit_callbacks,
):
    briefing = draft_briefing(briefing_index, hotel_role, title="Draft briefing")
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[briefing.pk]),
        edit_data(briefing, "Reviewed briefing", "action-submit"),
    )
    assert response.status_code == 302, response.context["form"].errors
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(briefing.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert briefing_mail(mailoutbox, "Reviewed briefing") == []

    briefing = BriefingPage.objects.get(pk=briefing.pk)
    task = briefing.current_workflow_task
    assert task.name == REVIEW_NAME
    with django_capture_on_commit_callbacks(execute=True):
        task.specific.on_action(briefing.current_workflow_task_state, moderator, "approve")
    briefing.refresh_from_db()
    assert briefing.live and briefing.title == "Reviewed briefing" and briefing.required
    assert sorted(m.to[0] for m in briefing_mail(mailoutbox, "Reviewed briefing")) == sorted(
        user.email for user in hotel_learners
    )


def test_an_editor_can_write_a_briefing_under_the_index(client, editor, briefing_index, hotel_role):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:add", args=["briefings", "briefingpage", briefing_index.pk]))
    assert response.status_code == 200
    form = response.content.decode()
    assert 'name="audience_job_roles"' in form and 'name="required"' in form and 'name="email_learners"' in form
