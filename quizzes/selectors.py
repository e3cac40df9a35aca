from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from courses.models import LessonPage
from courses.selectors import course_outline
from eyesandears.core.languages import default_locale, live_translation, source_of

from .models import Attempt, ChosenOption, QuestionResult, Quiz
from .snapshots import correct_option_ids, is_answered_correctly


def live_quiz_for(course):
    """The course's live quiz in the language the course is read in, or the original's when that
    language has none."""
    original = source_of(course)
    quizzes = Quiz.objects.filter(course=original, live=True, locale_id__in={course.locale_id, original.locale_id})
    by_locale = {quiz.locale_id: quiz for quiz in quizzes}
    return by_locale.get(course.locale_id) or by_locale.get(original.locale_id)


def course_as_read(quiz):
    """The quiz's course in the quiz's language (its translation when live, else the original)."""
    return live_translation(quiz.course, quiz.locale)


def attempt_of(user, public_id):
    """The learner's own attempt; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(Attempt.objects.select_related("quiz__course"), public_id=public_id, user=user)


def open_attempt(user, quiz):
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()


@dataclass
class Allowance:
    allowed: bool
    used: int
    limit: int | None
    next_at: object = None


def attempt_allowance(*, user, quiz, now=None):
    """How many attempts the window allows, how many were used, and when the next one opens."""
    now = now or timezone.now()
    if not quiz.attempt_limit:
        return Allowance(True, 0, None)
    since = now - timedelta(hours=quiz.attempt_window_hours)
    recent = list(
        # Counted over every language of the quiz: a translation is not a fresh set of tries.
        Attempt.objects.filter(user=user, quiz__translation_key=quiz.translation_key, submitted_at__gte=since)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
    )
    if len(recent) < quiz.attempt_limit:
        return Allowance(True, len(recent), quiz.attempt_limit)
    opens_at = recent[len(recent) - quiz.attempt_limit] + timedelta(hours=quiz.attempt_window_hours)
    return Allowance(False, len(recent), quiz.attempt_limit, opens_at)


def lessons_finished(*, user, course):
    """The quiz opens once every lesson of the learner's current enrolment is marked complete."""
    return course_outline(user=user, course=course).all_done


@dataclass
class QuestionReview:
    number: int
    question: dict
    chosen: list
    correct: bool
    right_answers: list


def attempt_review(attempt):
    reviews = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        chosen_ids = attempt.answers.get(question["id"], [])
        right = correct_option_ids(question)
        reviews.append(
            QuestionReview(
                number=number,
                question=question,
                chosen=[option for option in question["options"] if option["id"] in chosen_ids],
                correct=is_answered_correctly(question, chosen_ids),
                right_answers=[option for option in question["options"] if option["id"] in right],
            )
        )
    return reviews


def lessons_to_revise(attempt, reviews):
    """The lessons linked from the questions answered wrongly, or every lesson when none is linked."""
    wanted = [review.question["revise_lesson_id"] for review in reviews if not review.correct]
    wanted = [lesson_id for lesson_id in wanted if lesson_id]
    course = course_as_read(attempt.quiz)
    lessons = LessonPage.objects.live().public().child_of(course).order_by("path").defer_streamfields()
    if wanted:
        # A translated quiz links the original lessons: show their translations.
        lessons = lessons.filter(translation_key__in=LessonPage.objects.filter(pk__in=wanted).values("translation_key"))
    return list(lessons)


# The "Quiz questions" report for editors: figures per question, never per learner.


@dataclass
class QuestionReportRow:
    """One question of a quiz, followed by its stable block id across revisions: how the submitted
    attempts in the report's selection did on it. Figures only; no learner is named."""

    question_id: str
    number: int | None  # position in the live quiz; None once the question has been removed
    text: str
    scenario: str = ""  # the situation shown before the question, from the live quiz
    answered: int = 0
    answered_correctly: int = 0
    wrong_option_text: str = ""
    wrong_option_chosen: int = 0
    # language code: (answered, answered correctly), for attempts taken in each language
    by_language: dict = field(default_factory=dict)

    @property
    def removed(self):
        return self.number is None

    @property
    def question(self):
        return f"{self.text} (removed)" if self.removed else self.text

    @property
    def percent_correct(self):
        """Whole percent, halves rounded up; None when nobody in the selection answered it."""
        return whole_percent(self.answered_correctly, self.answered)

    @property
    def percent_by_language(self):
        """{language code: percent answered correctly in that language, or None}"""
        codes = [code for code, _name in settings.LANGUAGES]
        return {code: whole_percent(*reversed(self.by_language.get(code, (0, 0)))) for code in codes}


def whole_percent(part, whole):
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


@dataclass
class LiveQuestion:
    number: int
    text: str
    scenario: str
    options: dict  # option id: (position, text)


def live_question_bank(quiz):
    """The questions of the quiz as published (the row holds the live version), by block id."""
    questions = [child for child in quiz.questions if child.block_type == "question"]
    return {
        child.id: LiveQuestion(
            number=number,
            text=child.value["text"],
            scenario=child.value["scenario"] or "",
            options={
                option.id: (position, option.value["text"])
                for position, option in enumerate(child.value["options"].bound_blocks, start=1)
            },
        )
        for number, child in enumerate(questions, start=1)
    }


def question_report(*, quiz, results):
    """One row per question of the quiz, from `results` (a QuestionResult queryset of that quiz and
    its translations, already filtered): the live quiz's questions in their order, then questions that
    have since been removed, with the text last stored for them, and the figures split by the
    language the attempt was taken in. Four queries, however many attempts there are."""
    results = results.order_by()
    bank = live_question_bank(quiz)
    latest_question_text = (
        QuestionResult.objects.filter(
            quiz__translation_key=quiz.translation_key, question_id=OuterRef("question_id")
        )
        .order_by("-submitted_at", "-pk")
        .values("question_text")[:1]
    )
    figures = (
        results.values("question_id")
        .annotate(
            answered=Count("pk"),
            answered_correctly=Count("pk", filter=Q(correct=True)),
            stored_text=Subquery(latest_question_text),
        )
        .order_by("question_id")
    )
    rows = {
        question_id: QuestionReportRow(
            question_id=question_id, number=live.number, text=live.text, scenario=live.scenario
        )
        for question_id, live in bank.items()
    }
    for entry in figures:
        row = rows.get(entry["question_id"])
        if row is None:
            row = rows[entry["question_id"]] = QuestionReportRow(
                question_id=entry["question_id"], number=None, text=entry["stored_text"]
            )
        row.answered = entry["answered"]
        row.answered_correctly = entry["answered_correctly"]
    per_language = (
        results.values("question_id", language=F("quiz__locale__language_code"))
        .annotate(answered=Count("pk"), answered_correctly=Count("pk", filter=Q(correct=True)))
        .order_by("question_id", "language")
    )
    for entry in per_language:
        if row := rows.get(entry["question_id"]):
            row.by_language[entry["language"]] = (entry["answered"], entry["answered_correctly"])

    latest_option_text = (
        ChosenOption.objects.filter(
            result__quiz__translation_key=quiz.translation_key,
            result__question_id=OuterRef("question_id"),
            option_id=OuterRef("option_id"),
        )
        .order_by("-result__submitted_at", "-pk")
        .values("option_text")[:1]
    )
    wrong_choices = (
        ChosenOption.objects.filter(result__in=results.values("pk"), is_correct=False)
        .annotate(question_id=F("result__question_id"))
        .values("question_id", "option_id")
        .annotate(chosen=Count("pk"), stored_text=Subquery(latest_option_text))
        .order_by("question_id", "option_id")
    )
    best = {}
    for entry in wrong_choices:
        live_question = bank.get(entry["question_id"])
        position, text = live_question.options.get(entry["option_id"], (None, None)) if live_question else (None, None)
        if text is None:
            # An option dropped from a question still in the quiz is marked; a removed question's row already is.
            text = f"{entry['stored_text']} (removed)" if live_question else entry["stored_text"]
        # Most chosen first; a tie goes to the option listed first in the live quiz, then by text.
        rank = (-entry["chosen"], position is None, position or 0, text)
        if entry["question_id"] not in best or rank < best[entry["question_id"]][0]:
            best[entry["question_id"]] = (rank, text, entry["chosen"])
    for question_id, (_rank, text, chosen) in best.items():
        rows[question_id].wrong_option_text = text
        rows[question_id].wrong_option_chosen = chosen
    return sorted(rows.values(), key=lambda row: (row.removed, row.number or 0, row.text, row.question_id))


def question_report_attempt_count(results):
    """How many submitted attempts the report's selection of QuestionResult rows comes from."""
    return results.order_by().aggregate(attempts=Count("attempt", distinct=True))["attempts"]


def quizzes_for_question_report():
    """Every original quiz, with how many attempts at it were submitted in any language: the
    report's list of quizzes (a translation is reported with its original)."""
    submitted = (
        Attempt.objects.filter(quiz__translation_key=OuterRef("translation_key"), submitted_at__isnull=False)
        .order_by()
        .values("quiz__translation_key")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Quiz.objects.filter(locale=default_locale())
        .select_related("course")
        .annotate(submitted_attempts=Coalesce(Subquery(submitted), 0))
        .order_by("title", "pk")
    )
