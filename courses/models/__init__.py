from ..glossary import GlossarySource, GlossaryTerm
from .pages import CourseIndexPage, CoursePage, CourseSource, LessonPage
from .progress import Enrolment, LessonProgress
from .roles import JobRole
from .translations import TranslationReview

__all__ = [
    "CourseIndexPage",
    "CoursePage",
    "CourseSource",
    "Enrolment",
    "GlossarySource",
    "GlossaryTerm",
    "JobRole",
    "LessonPage",
    "LessonProgress",
    "TranslationReview",
]
