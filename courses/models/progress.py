from django.conf import settings
from django.db import models
from django.db.models import Q


class Enrolment(models.Model):
    """A learner's place in one run through a course. A refresher after expiry is a new enrolment."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(completed_at__isnull=True),
                name="courses_one_open_enrolment_per_course",
            )
        ]
        indexes = [models.Index(fields=["user", "course", "-started_at"])]

    def __str__(self):
        return f"{self.user} on {self.course_id}"


class LessonProgress(models.Model):
    """A lesson the learner marked as complete during one enrolment."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_at"]
        verbose_name_plural = "lesson progress"
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="courses_lesson_done_once")]

    def __str__(self):
        return f"{self.lesson_id} in enrolment {self.enrolment_id}"
