from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks
from wagtail.images import get_image_model

from . import selectors, services
from .forms import AnswerForm
from .models import Quiz
from .snapshots import shown_question

# Later apps add links to a pass's result page (the certificate): each hook takes the attempt and
# returns (label, url) or None.
PASS_LINKS_HOOK = "quiz_pass_links"


def bad_request(request, reason):
    return render(request, "quizzes/bad_request.html", {"reason": reason}, status=400)


def question_url(attempt, number):
    return reverse("quizzes:question", args=[attempt.public_id, number])


@login_required
@require_http_methods(["GET", "POST"])
def quiz_start(request, quiz_id):
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=quiz_id, live=True)
    if not quiz.course.live:
        raise Http404
    course = selectors.course_as_read(quiz)
    ready = selectors.lessons_finished(user=request.user, course=course)
    allowance = selectors.attempt_allowance(user=request.user, quiz=quiz)
    open_attempt = selectors.open_attempt(request.user, quiz)
    if request.method == "POST" and ready:
        try:
            attempt = services.attempt_start(user=request.user, quiz=quiz)
        except services.AttemptLimitReached as limit:
            allowance = limit.allowance
        else:
            return redirect(question_url(attempt, 1))
    return render(
        request,
        "quizzes/quiz_start.html",
        {"quiz": quiz, "course": course, "ready": ready, "allowance": allowance, "open_attempt": open_attempt,
         "question_count": quiz.questions_per_attempt or len(quiz.questions)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question(request, public_id, number):
    attempt = selectors.attempt_of(request.user, public_id)
    if attempt.is_submitted:
        if request.method == "POST":
            return bad_request(request, str(services.AlreadySubmitted()))
        return redirect("quizzes:result", attempt.public_id)
    questions = attempt.snapshot["questions"]
    if not 1 <= number <= len(questions):
        raise Http404
    current = questions[number - 1]
    form = AnswerForm(initial={"answer": attempt.answers.get(current["id"])}, question=current)
    if request.method == "POST":
        if request.POST.get("question") != current["id"]:
            return bad_request(request, _("That question is not the one on this page of your attempt."))
        form = AnswerForm(request.POST, question=current)
        try:
            services.validate_answer(current, request.POST.getlist("answer"))
        except services.QuizError as error:
            return bad_request(request, str(error))
        if form.is_valid():
            services.attempt_answer(attempt=attempt, question_id=current["id"], option_ids=form.chosen_ids())
            going_back = request.POST.get("return") == "check" or number == len(questions)
            return redirect("quizzes:check", attempt.public_id) if going_back else redirect(
                question_url(attempt, number + 1))
    image = get_image_model().objects.filter(pk=current["image_id"]).first() if current["image_id"] else None
    return render(
        request,
        "quizzes/question.html",
        {"attempt": attempt, "quiz": attempt.quiz, "question": shown_question(current), "image": image,
         "number": number, "total": len(questions), "form": form,
         "previous_url": question_url(attempt, number - 1) if number > 1 else None,
         "returning": request.GET.get("return") == "check" or request.POST.get("return") == "check"},
    )


@login_required
def check_answers(request, public_id):
    attempt = selectors.attempt_of(request.user, public_id)
    if attempt.is_submitted:
        return redirect("quizzes:result", attempt.public_id)
    return render(request, "quizzes/check.html", check_context(attempt))


def check_context(attempt, missing=()):
    rows = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        chosen = attempt.answers.get(question["id"], [])
        rows.append({"number": number, "text": question["text"],
                     "answers": [o["text"] for o in question["options"] if o["id"] in chosen]})
    return {"attempt": attempt, "quiz": attempt.quiz, "rows": rows, "missing": missing}


@login_required
@require_POST
def submit(request, public_id):
    attempt = selectors.attempt_of(request.user, public_id)
    try:
        services.attempt_submit(attempt=attempt)
    except services.AlreadySubmitted as error:
        return bad_request(request, str(error))
    except services.Unanswered as unanswered:
        return render(request, "quizzes/check.html", check_context(attempt, unanswered.numbers), status=400)
    return redirect("quizzes:result", attempt.public_id)


@login_required
def result(request, public_id):
    attempt = selectors.attempt_of(request.user, public_id)
    if not attempt.is_submitted:
        return redirect("quizzes:check", attempt.public_id)
    reviews = selectors.attempt_review(attempt)
    context = {"attempt": attempt, "quiz": attempt.quiz, "course": selectors.course_as_read(attempt.quiz),
               "reviews": reviews, "right": sum(review.correct for review in reviews)}
    if attempt.passed:
        context["next_steps"] = [link for hook in hooks.get_hooks(PASS_LINKS_HOOK) if (link := hook(attempt))]
    else:
        context["revise"] = selectors.lessons_to_revise(attempt, reviews)
        context["allowance"] = selectors.attempt_allowance(user=request.user, quiz=attempt.quiz)
    return render(request, "quizzes/result.html", context)
