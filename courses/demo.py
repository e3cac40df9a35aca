"""The demo council's training: job roles, the course index, the four role modules (from
content/modules/), the "CSE co-ordinator review" workflow and the demo learners. Idempotent."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, Locale, Workflow, WorkflowPage, WorkflowTask

from eyesandears.core.demo import ensure_demo_user
from eyesandears.core.models import HomePage

from .content import read_modules
from .glossary import ensure_glossary
from .models import CourseIndexPage, CoursePage, CourseSource, JobRole, LessonPage

JOB_ROLES = [
    ("taxi-private-hire-driver", "Taxi and private hire driver",
     "You drive a hackney carriage (taxi) or a private hire vehicle licensed by the council."),
    ("hotel-staff", "Hotel staff",
     "You work in a hotel, B&B or guest house: reception, housekeeping, security, bar or management."),
    ("youth-play-worker", "Youth and play worker",
     "You work with children or young people in a youth club, play scheme, sports club or outreach."),
    ("council-staff", "Council staff",
     "You work for the council, for example in housing, licensing, parks, leisure or environmental health."),
]

DEMO_LEARNERS = [
    ("driver@example.com", "Dev Driver", "taxi-private-hire-driver"),
    ("hotel@example.com", "Holly Hotel", "hotel-staff"),
    ("youth@example.com", "Yusuf Youth", "youth-play-worker"),
    ("council@example.com", "Connie Council", "council-staff"),
]

REVIEW_NAME = "CSE co-ordinator review"
REVIEWERS_GROUP = "Moderators"


def ensure_job_roles():
    return {
        slug: JobRole.objects.update_or_create(slug=slug, defaults={"name": name, "description": description})[0]
        for slug, name, description in JOB_ROLES
    }


def ensure_course_index(home):
    index = CourseIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = CourseIndexPage(title="Courses", slug="courses")
        home.add_child(instance=index)
    index.intro = "<p>Each course is written for one kind of work. Anyone can read them.</p>"
    index.save_revision().publish()
    return index


def ensure_course(index, module, roles):
    course = CoursePage.objects.child_of(index).filter(slug=module.slug).first()
    fields = {
        "title": module.title,
        "summary": module.summary,
        "what_you_will_learn": "\n".join(module.what_you_will_learn),
        "estimated_minutes": module.estimated_minutes,
        "validity_months": module.validity_months,
    }
    if course is None:
        course = CoursePage(slug=module.slug, **fields)
        index.add_child(instance=course)
    for name, value in fields.items():
        setattr(course, name, value)
    course.audience_job_roles.set([roles[slug] for slug in module.job_role_slugs])
    course.sources = [CourseSource(name=source["name"], url=source.get("url") or "") for source in module.sources]
    course.save_revision().publish()
    for lesson_source in module.lessons:
        ensure_lesson(course, lesson_source)
    return course


def ensure_lesson(course, source):
    lesson = LessonPage.objects.child_of(course).filter(slug=source.slug).first()
    if lesson is None:
        lesson = LessonPage(slug=source.slug, title=source.title, body=source.body)
        course.add_child(instance=lesson)
    lesson.title, lesson.summary, lesson.body = source.title, source.summary, source.body
    lesson.save_revision().publish()
    return lesson


def ensure_review_workflow(index):
    """Editors draft and submit; the Moderators group approves and publishes."""
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    task = GroupApprovalTask.objects.filter(name=REVIEW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_NAME)
    task.groups.set([reviewers])
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def ensure_editors_can_manage_job_roles():
    editors = Group.objects.get(name="Editors")
    codenames = ["add_jobrole", "change_jobrole", "add_glossaryterm", "change_glossaryterm", "change_translationreview"]
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="courses", codename__in=codenames))


@transaction.atomic
def seed():
    home = HomePage.objects.filter(locale=Locale.get_default()).get()
    roles = ensure_job_roles()
    index = ensure_course_index(home)
    for module in read_modules():
        ensure_course(index, module, roles)
    ensure_glossary()
    ensure_review_workflow(index)
    ensure_editors_can_manage_job_roles()
    accounts = []
    for email, name, role_slug in DEMO_LEARNERS:
        learner = ensure_demo_user(email, name)
        learner.job_roles.add(roles[role_slug])
        accounts.append((email, f"learner: {roles[role_slug].name.lower()}"))
    return accounts
