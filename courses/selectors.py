"""Reads for the learner's journey. Each runs a fixed number of queries, however many courses or
lessons there are."""

import operator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, reduce

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from eyesandears.core.languages import active_locale, default_locale, live_translations_of, source_of

from .choices import TrainingStatus
from .models import CoursePage, Enrolment, JobRole, LessonPage, LessonProgress

ASSESSMENT_HOOK = "course_assessment_url"
# Later apps add a short note to a course on the learner's task list (licensing: a refresher due before
# the licence renewal). Each hook takes (user, tasks) and returns {course id: note}, in a fixed
# number of queries.
TASK_NOTES_HOOK = "training_task_notes"


def refresher_window_days():
    return getattr(settings, "COURSES_REFRESHER_WINDOW_DAYS", 60)


def expiry_date(completed_at, validity_months):
    return timezone.localtime(completed_at).date() + relativedelta(months=validity_months)


def assessment_url(course):
    """Where a learner goes after the last lesson, if a later app (the quiz) provides a step."""
    for provider in hooks.get_hooks(ASSESSMENT_HOOK):
        if url := provider(course):
            return url
    return None


def live_lessons(course):
    return list(LessonPage.objects.live().public().child_of(course).order_by("path").defer_streamfields())


@dataclass
class Standing:
    """A learner's standing on one course, derived from their enrolments in it (and its refreshers)."""

    status: str
    open_enrolment: Enrolment | None = None
    completed_at: object = None
    expires_on: date | None = None

    @property
    def label(self):
        return TrainingStatus(self.status).label


def standing_from(enrolments, validity_months, today=None):
    """`enrolments`: this learner's enrolments on the course and on any refresher of it."""
    today = today or timezone.localdate()
    open_enrolment = next((e for e in enrolments if e.completed_at is None), None)
    completions = [e.completed_at for e in enrolments if e.completed_at is not None]
    latest = max(completions, default=None)
    expires_on = expiry_date(latest, validity_months) if latest else None
    if expires_on and expires_on > today:
        due = (expires_on - today).days <= refresher_window_days()
        status = TrainingStatus.REFRESHER_DUE if due else TrainingStatus.COMPLETED
    elif open_enrolment:
        status = TrainingStatus.IN_PROGRESS
    elif expires_on:
        status = TrainingStatus.EXPIRED
    else:
        status = TrainingStatus.NOT_STARTED
    return Standing(status, open_enrolment, latest, expires_on)


@dataclass
class LessonStep:
    lesson: LessonPage
    number: int
    done: bool


@dataclass
class Outline:
    course: CoursePage
    steps: list[LessonStep]
    standing: Standing
    done_count: int = 0

    @property
    def total(self):
        return len(self.steps)

    @property
    def next_step(self):
        """The first lesson not yet marked complete, or None when every lesson is done."""
        return next((step for step in self.steps if not step.done), None)

    @property
    def all_done(self):
        return bool(self.steps) and self.done_count == self.total

    @cached_property
    def assessment_url(self):
        return assessment_url(self.course)


def _done_lesson_keys(enrolment):
    """The lessons done in the enrolment, by translation key, so that a lesson read in any language
    counts as done in every language."""
    if enrolment is None:
        return set()
    return set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson__translation_key", flat=True))


def _enrolments_by_course(user, courses):
    """The learner's enrolments on these courses and on their refreshers, keyed by the refreshed course."""
    by_course = {course.pk: [] for course in courses}
    if not user.is_authenticated or not courses:
        return by_course
    enrolments = Enrolment.objects.filter(user=user).filter(
        Q(course__in=by_course) | Q(course__refreshes__in=by_course)
    ).select_related("course")
    for enrolment in enrolments:
        key = enrolment.course_id if enrolment.course_id in by_course else enrolment.course.refreshes_id
        by_course[key].append(enrolment)
    return by_course


def course_outline(*, user, course):
    """The course's lessons in the language it is read in, with the learner's standing on the
    original course."""
    original = source_of(course)
    steps = [LessonStep(lesson, number, False) for number, lesson in enumerate(live_lessons(course), start=1)]
    standing = standing_from(_enrolments_by_course(user, [original])[original.pk], original.validity_months)
    done_keys = _done_lesson_keys(standing.open_enrolment)
    for step in steps:
        step.done = step.lesson.translation_key in done_keys
    return Outline(course, steps, standing, sum(step.done for step in steps))


@dataclass
class Position:
    course: CoursePage
    number: int
    total: int
    previous: LessonPage | None
    next: LessonPage | None
    done: bool
    signed_in: bool
    enrolled: bool
    sources: list = field(default_factory=list)

    @property
    def percent(self):
        return round(100 * self.number / self.total) if self.total else 0


def lesson_position(*, user, lesson):
    course = CoursePage.objects.parent_of(lesson).get()
    lessons = live_lessons(course)
    ids = [item.pk for item in lessons]
    index = ids.index(lesson.pk) if lesson.pk in ids else 0
    enrolment = (
        Enrolment.objects.filter(user=user, course=source_of(course), completed_at__isnull=True).first()
        if user.is_authenticated
        else None
    )
    done = lesson.translation_key in _done_lesson_keys(enrolment)
    return Position(
        course=course,
        number=index + 1,
        total=len(lessons),
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None,
        done=done,
        signed_in=user.is_authenticated,
        enrolled=enrolment is not None,
        sources=list(course.sources.all()),
    )


@dataclass
class TrainingTask:
    course: CoursePage
    standing: Standing
    lesson_count: int
    lessons_done: int
    refresher: CoursePage | None = None
    notes: list[str] = field(default_factory=list)
    shown_course: CoursePage | None = None
    shown_refresher: CoursePage | None = None

    @property
    def action_course(self):
        """The course to open, in the language being read: the refresher when one is due and the
        council offers one."""
        if self.refresher and self.standing.status in (TrainingStatus.REFRESHER_DUE, TrainingStatus.EXPIRED):
            return self.shown_refresher or self.refresher
        return self.shown_course or self.course


def required_courses(user):
    """Published courses for the learner's job roles, not counting refreshers (they renew a course).
    The originals: a translation is another way to read the same course."""
    return list(
        CoursePage.objects.live()
        .public()
        .filter(locale=default_locale(), audience_job_roles__learners=user, refreshes__isnull=True)
        .distinct()
        .order_by("path")
    )


def training_tasks(*, user):
    courses = required_courses(user)
    if not courses:
        return []
    refreshers = {}
    for refresher in CoursePage.objects.live().public().filter(refreshes__in=courses).order_by("path"):
        refreshers.setdefault(refresher.refreshes_id, refresher)
    lesson_counts = {}
    under_courses = reduce(operator.or_, (Q(path__startswith=course.path) for course in courses))
    for lesson_path in LessonPage.objects.live().public().filter(under_courses).values_list("path", flat=True):
        parent_path = lesson_path[: -CoursePage.steplen]
        lesson_counts[parent_path] = lesson_counts.get(parent_path, 0) + 1
    enrolments = _enrolments_by_course(user, courses)
    open_ids = [e.pk for group in enrolments.values() for e in group if e.completed_at is None]
    done_counts = {}
    for enrolment_id in LessonProgress.objects.filter(
        enrolment_id__in=open_ids, lesson__live=True
    ).values_list("enrolment_id", flat=True):
        done_counts[enrolment_id] = done_counts.get(enrolment_id, 0) + 1
    tasks = []
    for course in courses:
        standing = standing_from(enrolments.get(course.pk, []), course.validity_months)
        open_enrolment = standing.open_enrolment
        tasks.append(
            TrainingTask(
                course=course,
                standing=standing,
                lesson_count=lesson_counts.get(course.path, 0),
                lessons_done=done_counts.get(open_enrolment.pk, 0) if open_enrolment else 0,
                refresher=refreshers.get(course.pk),
            )
        )
    _add_task_notes(user, tasks)
    _add_translations(tasks)
    return tasks


def _add_translations(tasks):
    """The course (and refresher) each task opens, in the language being read where there is one."""
    shown = live_translations_of([task.course for task in tasks] + [t.refresher for t in tasks if t.refresher])
    for task in tasks:
        task.shown_course = shown[task.course.pk]
        task.shown_refresher = shown[task.refresher.pk] if task.refresher else None


def _add_task_notes(user, tasks):
    by_course = {task.course.pk: task for task in tasks}
    for hook in hooks.get_hooks(TASK_NOTES_HOOK):
        for course_id, note in (hook(user, tasks) or {}).items():
            if note and course_id in by_course:
                by_course[course_id].notes.append(note)


def job_roles_of(user):
    return list(JobRole.objects.filter(learners=user)) if user.is_authenticated else []


def search_training(query):
    """Published courses and lessons matching the words, best first (Wagtail search)."""
    from wagtail.models import Page

    return (
        Page.objects.live()
        .public()
        .filter(locale=active_locale())
        .type(CoursePage, LessonPage)
        .specific()
        .search(query, operator="and")
    )
