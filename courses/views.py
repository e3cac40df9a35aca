from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from eyesandears.core.languages import source_of
from eyesandears.core.paging import paged

from . import selectors, services
from .forms import JobRolesForm, SearchForm
from .glossary import glossary_terms
from .models import CoursePage, LessonPage

SEARCH_PAGE_SIZE = 10


# Later apps add links to the learner's page (certificates, organisations they manage): each hook
# takes the user and returns (label, url) or None.
YOUR_TRAINING_LINKS_HOOK = "your_training_links"
# Later apps add a section to the page (unread briefings, booked seminars): each hook takes the request
# and returns rendered HTML, or "".
YOUR_TRAINING_SECTIONS_HOOK = "your_training_sections"


@login_required
def your_training(request):
    links = [link for hook in hooks.get_hooks(YOUR_TRAINING_LINKS_HOOK) if (link := hook(request.user))]
    return render(
        request,
        "courses/your_training.html",
        {
            "tasks": selectors.training_tasks(user=request.user),
            "job_roles": selectors.job_roles_of(request.user),
            "links": links,
            "sections": [part for hook in hooks.get_hooks(YOUR_TRAINING_SECTIONS_HOOK) if (part := hook(request))],
        },
    )


@login_required
def job_roles_edit(request):
    data = request.POST if request.method == "POST" else None
    form = JobRolesForm(data, initial={"job_roles": selectors.job_roles_of(request.user)})
    if request.method == "POST" and form.is_valid():
        request.user.job_roles.set(form.cleaned_data["job_roles"])
        messages.success(request, _("Your job roles are saved."))
        return redirect("courses:your_training")
    return render(request, "courses/job_roles_form.html", {"form": form})


@login_required
@require_POST
def course_start(request, course_id):
    # By `id` (the page's own integer field), not `pk` (the link to it): Django answers an id too large for
    # the database with no match, where the link passes it on and SQLite raises OverflowError (a 500).
    course = get_object_or_404(CoursePage.objects.live().public(), id=course_id)
    services.enrolment_start(user=request.user, course=source_of(course))
    step = selectors.course_outline(user=request.user, course=course).next_step
    return redirect(step.lesson.url if step else course.url)


@login_required
@require_POST
def lesson_complete(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live().public(), id=lesson_id)  # `id`: see course_start
    enrolment = services.lesson_complete(user=request.user, lesson=lesson)
    course = lesson.get_parent().specific  # in the language being read
    if enrolment.completed_at:
        messages.success(request, _("You have finished %(course)s.") % {"course": course.title})
        return redirect("courses:your_training")
    outline = selectors.course_outline(user=request.user, course=course)
    if outline.next_step:
        return redirect(outline.next_step.lesson.url)
    return redirect(selectors.assessment_url(course) or course.url)


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = selectors.search_training(query) if query else []
    pager = paged(request, results, per_page=SEARCH_PAGE_SIZE, label=_("Results"))
    return render(
        request, "courses/search.html", {"form": form, "query": query, "results": pager["page"], "pager": pager}
    )


def glossary(request):
    return render(request, "courses/glossary.html", {"terms": glossary_terms()})
