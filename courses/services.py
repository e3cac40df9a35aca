"""Writes for the learner's journey."""

import django.dispatch
from django.db import IntegrityError, transaction
from django.utils import timezone

from eyesandears.core.languages import source_of

from .models import Enrolment, LessonPage, LessonProgress
from .selectors import assessment_url, live_lessons

# Sent once when an enrolment is completed; later apps (organisations, reports) listen.
course_completed = django.dispatch.Signal()


def enrolment_start(*, user, course):
    """The learner's open enrolment on the course, created if there is none. Safe to call twice at
    the same moment: the database allows one open enrolment per learner and course."""
    enrolment = Enrolment.objects.filter(user=user, course=course, completed_at__isnull=True).first()
    if enrolment is not None:
        return enrolment
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course)
    except IntegrityError:
        return Enrolment.objects.get(user=user, course=course, completed_at__isnull=True)


@transaction.atomic
def enrolment_complete(*, enrolment):
    """Mark the enrolment complete once; completing it again changes nothing."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.completed_at is not None:
        return locked
    locked.completed_at = timezone.now()
    locked.save(update_fields=["completed_at"])
    transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment=locked))
    return locked


def lesson_complete(*, user, lesson: LessonPage):
    """Record that the learner finished a lesson (enrolling them if needed). When every lesson is done
    and the course has no assessment after the lessons, the course is complete."""
    # Progress is kept on the original lesson, whatever language it was read in.
    lesson = source_of(lesson)
    course = lesson.get_parent().specific
    enrolment = enrolment_start(user=user, course=course)
    LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    lesson_ids = {item.pk for item in live_lessons(course)}
    done_ids = set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))
    if lesson_ids <= done_ids and assessment_url(course) is None:
        enrolment = enrolment_complete(enrolment=enrolment)
    return enrolment
