"""The editors' "Quiz questions" report: exact figures per question on known attempts, the date and
job-role filters, CSV and XLSX downloads, no learner named, who may see it, and constant queries."""

import csv
import io
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment, LessonProgress
from eyesandears.accounts.factories import UserFactory
from quizzes import services
from quizzes.factories import QuizFactory, option, question
from quizzes.models import Attempt, QuestionResult
from quizzes.selectors import QuestionReportRow
from tests.fixtures.courses import lessons_of

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CALL = "Who do you call if a child is in danger now?"
SIGNS = "Which of these are warning signs?"
PROOF = "True or false: you need proof before you report."
CONFRONT = "Should you confront the adult?"
SCENARIOS = {CONFRONT: "A man pays a child's fare and walks off."}
HEADINGS = ["Number", "Question", "Scenario", "Attempts that answered it", "Answered correctly",
            "Percent answered correctly", "Most chosen wrong answer", "Times chosen",
            "Percent answered correctly in English", "Percent answered correctly in Urdu",
            "Percent answered correctly in Polish"]

# Who took the quiz, when, and what they chose (the quiz's right answers: 999; gifts and older; False; No).
ATTEMPTS = [
    ("ann", datetime(2026, 1, 10, 12, 0, tzinfo=LONDON),
     {"q-call": ["call-101"], "q-signs": ["sign-gifts", "sign-older"], "q-proof": ["proof-true"],
      "q-confront": ["confront-no"]}),
    ("ann", datetime(2026, 2, 10, 12, 0, tzinfo=LONDON),
     {"q-call": ["call-999"], "q-signs": ["sign-gifts", "sign-homework"], "q-proof": ["proof-false"],
      "q-confront": ["confront-no"]}),
    ("bob", datetime(2026, 1, 20, 9, 0, tzinfo=LONDON),
     {"q-call": ["call-101"], "q-signs": ["sign-gifts"], "q-proof": ["proof-true"], "q-confront": ["confront-yes"]}),
    ("cat", datetime(2026, 2, 15, 23, 30, tzinfo=LONDON),  # late on the last day of a range: still inside it
     {"q-call": ["call-nobody"], "q-signs": ["sign-gifts", "sign-older", "sign-homework"],
      "q-proof": ["proof-false"], "q-confront": ["confront-no"]}),
    ("dan", datetime(2026, 3, 1, 8, 0, tzinfo=LONDON),
     {"q-call": ["call-101"], "q-signs": ["sign-homework"], "q-proof": ["proof-true"], "q-confront": ["confront-no"]}),
]
LEARNERS = {  # key: (full name, e-mail, job roles)
    "ann": ("Annabel Ashworth", "annabel.ashworth@example.com", ["driver"]),
    "bob": ("Bartholomew Brennan", "bart.brennan@example.com", ["driver"]),
    "cat": ("Catriona Carmichael", "catriona.c@example.com", ["hotel"]),
    "dan": ("Daniel Donnelly", "dan.donnelly@example.com", ["driver", "hotel"]),
}

# (number, question, attempts that answered it, answered correctly, percent, most chosen wrong answer, times)
ALL = [
    (1, CALL, 5, 1, 20, "101", 3),
    (2, SIGNS, 5, 1, 20, "Doing homework", 3),
    (3, PROOF, 5, 2, 40, "True", 3),
    (4, CONFRONT, 5, 4, 80, "Yes", 1),
]
DRIVERS = [  # Ann twice, Bob, and Dan (who holds both roles, and is counted once)
    (1, CALL, 4, 1, 25, "101", 3),
    (2, SIGNS, 4, 1, 25, "Doing homework", 2),
    (3, PROOF, 4, 1, 25, "True", 3),
    (4, CONFRONT, 4, 3, 75, "Yes", 1),
]
HOTEL = [  # Cat and Dan; on the first question "Nobody" and "101" tie, and the one listed first wins
    (1, CALL, 2, 0, 0, "101", 1),
    (2, SIGNS, 2, 0, 0, "Doing homework", 2),
    (3, PROOF, 2, 1, 50, "True", 1),
    (4, CONFRONT, 2, 2, 100, "", 0),
]
FEBRUARY_1_TO_15 = [  # Ann's second attempt and Cat's
    (1, CALL, 2, 1, 50, "Nobody", 1),
    (2, SIGNS, 2, 0, 0, "Doing homework", 2),
    (3, PROOF, 2, 2, 100, "", 0),
    (4, CONFRONT, 2, 2, 100, "", 0),
]
FEBRUARY_DRIVERS = [
    (1, CALL, 1, 1, 100, "", 0),
    (2, SIGNS, 1, 0, 0, "Doing homework", 1),
    (3, PROOF, 1, 1, 100, "", 0),
    (4, CONFRONT, 1, 1, 100, "", 0),
]


def make_ready(user, course):
    """The learner has read every lesson, as the quiz requires before it opens."""
    enrolment = Enrolment.objects.create(user=user, course=course)
    for lesson in lessons_of(course):
        LessonProgress.objects.create(enrolment=enrolment, lesson=lesson)


def take(quiz, user, answers, when):
    """One submitted attempt through the services, dated `when`."""
    attempt = services.attempt_start(user=user, quiz=quiz)
    for entry in attempt.snapshot["questions"]:
        services.attempt_answer(attempt=attempt, question_id=entry["id"], option_ids=answers[entry["id"]])
    attempt = services.attempt_submit(attempt=attempt)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=when, submitted_at=when)
    QuestionResult.objects.filter(attempt=attempt).update(submitted_at=when)
    return attempt


@pytest.fixture(autouse=True)
def _every_attempt_counts(settings):
    """These tests read figures from a handful of attempts; the privacy floor has a test of its own."""
    settings.QUIZ_REPORT_MIN_ATTEMPTS = 1


@pytest.fixture
def report_quiz(taxi_course):
    return QuizFactory(course=taxi_course, attempt_limit=None)


@pytest.fixture
def learners(taxi_course, driver_role, hotel_role):
    roles = {"driver": driver_role, "hotel": hotel_role}
    users = {}
    for key, (name, email, role_keys) in LEARNERS.items():
        users[key] = UserFactory(email=email, full_name=name)
        users[key].job_roles.set([roles[role] for role in role_keys])
        make_ready(users[key], taxi_course)
    return users


@pytest.fixture
def taken(report_quiz, learners):
    for key, when, answers in ATTEMPTS:
        take(report_quiz, learners[key], answers, when)
    return report_quiz


def staff_in(group_name, *, email, perms=()):
    user = UserFactory(email=email, is_staff=True)
    group = Group.objects.get(name=group_name)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="quizzes", codename__in=perms))
    user.groups.add(group)
    return user


@pytest.fixture
def editor(db):
    """The CSE co-ordinator's Editors group, with the quiz permissions the demo gives it."""
    return staff_in("Editors", email="editor@example.com", perms=["add_quiz", "change_quiz", "view_quiz"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def report_url(quiz, **params):
    url = reverse("quizzes_reports:questions", args=[quiz.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in params.items()) if params else "")


def figures(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return [
        (row.number, row.question, row.answered, row.answered_correctly, row.percent_correct, row.wrong_option_text,
         row.wrong_option_chosen)
        for row in response.context["object_list"]
    ]


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def with_scenario(row):
    """An export row: every attempt here was taken in English, so the split repeats the percent."""
    return [row[0], row[1], SCENARIOS.get(row[1], ""), *row[2:], row[4], "", ""]


def as_csv(expected):
    return [HEADINGS] + [[str(value) for value in with_scenario(row)] for row in expected]


def as_xlsx(expected):
    return [HEADINGS] + [[value if value != "" else None for value in with_scenario(row)] for row in expected]


class TableCells(HTMLParser):
    """The text of each body row's cells in the report's table (the admin page has other tables)."""

    def __init__(self, html):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False
        self.feed(html[html.index('id="listing-results"'):])

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag == "td" and self.in_body:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_every_question_with_its_attempts_percent_right_and_most_chosen_wrong_answer(editor_client, taken):
    response = editor_client.get(report_url(taken))
    assert figures(response) == ALL
    html = response.content.decode()
    assert "Based on 5 submitted attempts." in html
    by_language = ["No answers", "No answers"]  # Urdu, Polish: every attempt was in English
    assert TableCells(html).rows == [
        ["1", CALL, "5", "20%", "101", "3", "20% of 5", *by_language],
        ["2", SIGNS, "5", "20%", "Doing homework", "3", "20% of 5", *by_language],
        ["3", PROOF, "5", "40%", "True", "3", "40% of 5", *by_language],
        ["4", f"{SCENARIOS[CONFRONT]} {CONFRONT}", "5", "80%", "Yes", "1", "80% of 5", *by_language],
    ]


def test_filtered_by_job_role(editor_client, taken, driver_role, hotel_role):
    assert figures(editor_client.get(report_url(taken, job_role=driver_role.pk))) == DRIVERS
    response = editor_client.get(report_url(taken, job_role=hotel_role.pk))
    assert figures(response) == HOTEL
    assert "Based on 2 submitted attempts that match the filters." in response.content.decode()


def test_filtered_by_dates_which_are_inclusive(editor_client, taken, driver_role):
    dates = {"submitted_at_from": "2026-02-01", "submitted_at_to": "2026-02-15"}
    assert figures(editor_client.get(report_url(taken, **dates))) == FEBRUARY_1_TO_15
    assert figures(editor_client.get(report_url(taken, **dates, job_role=driver_role.pk))) == FEBRUARY_DRIVERS
    from_only = figures(editor_client.get(report_url(taken, submitted_at_from="2026-02-16")))  # Dan's attempt
    assert [row[2:5] for row in from_only] == [(1, 0, 0), (1, 0, 0), (1, 0, 0), (1, 1, 100)]
    to_only = figures(editor_client.get(report_url(taken, submitted_at_to="2026-01-10")))  # Ann's first
    assert [row[2:5] for row in to_only] == [(1, 0, 0), (1, 1, 100), (1, 0, 0), (1, 1, 100)]


def test_a_filter_that_cannot_be_read_counts_nothing(editor_client, taken):
    response = editor_client.get(report_url(taken, submitted_at_from="not-a-date"))
    assert [row[2] for row in figures(response)] == [0, 0, 0, 0]
    assert "The filters could not be read" in response.content.decode()


def test_questions_are_followed_across_revisions_and_removed_ones_come_last(editor_client, taken, learners):
    quiz = taken
    by_id = {child["id"]: child for child in quiz.questions.raw_data}
    # Reword the confront question and take it once more; then drop it, reword the first question,
    # move the proof question to the top and add a new one.
    by_id["q-confront"]["value"]["text"] = "Should you confront him?"
    quiz.questions = [by_id["q-call"], by_id["q-signs"], by_id["q-proof"], by_id["q-confront"]]
    quiz.save()
    take(quiz, learners["bob"], {"q-call": ["call-999"], "q-signs": ["sign-older"], "q-proof": ["proof-false"],
                                 "q-confront": ["confront-yes"]}, datetime(2026, 3, 5, 10, 0, tzinfo=LONDON))
    by_id["q-call"]["value"]["text"] = "Who do you ring if a child is in danger right now?"
    by_id["q-call"]["value"]["options"][1]["value"]["text"] = "101 (the police non-emergency number)"
    new = question("q-new", "Can you tell the family first?", [option("new-no", "No", True), option("new-yes", "Yes")])
    quiz.questions = [by_id["q-proof"], by_id["q-call"], by_id["q-signs"], new]
    quiz.save()

    assert figures(editor_client.get(report_url(quiz))) == [
        (1, PROOF, 6, 3, 50, "True", 3),
        (2, "Who do you ring if a child is in danger right now?", 6, 2, 33,
         "101 (the police non-emergency number)", 3),
        (3, SIGNS, 6, 1, 17, "Doing homework", 3),
        (4, "Can you tell the family first?", 0, 0, None, "", 0),
        (None, "Should you confront him? (removed)", 6, 4, 67, "Yes", 2),
    ]
    html = editor_client.get(report_url(quiz)).content.decode()
    assert "Should you confront him? (removed)" in html and "No answers" in html and "None chosen" in html


def test_percent_is_rounded_to_whole_numbers_halves_up():
    def percent(answered, right):
        return QuestionReportRow("q", 1, "Q", answered=answered, answered_correctly=right).percent_correct

    assert [percent(3, 1), percent(3, 2), percent(8, 1), percent(8, 3), percent(1, 1), percent(0, 0)] == [
        33, 67, 13, 38, 100, None]


def test_csv_and_xlsx_downloads_hold_the_same_figures(editor_client, taken, hotel_role):
    assert csv_rows(editor_client.get(report_url(taken, export="csv"))) == as_csv(ALL)
    assert xlsx_rows(editor_client.get(report_url(taken, export="xlsx"))) == as_xlsx(ALL)
    filtered = {"job_role": hotel_role.pk, "submitted_at_from": "2026-01-01", "submitted_at_to": "2026-12-31"}
    assert csv_rows(editor_client.get(report_url(taken, **filtered, export="csv"))) == as_csv(HOTEL)
    response = editor_client.get(report_url(taken, **filtered, export="xlsx"))
    assert xlsx_rows(response) == as_xlsx(HOTEL)
    assert 'filename="quiz-questions-check-your-understanding-' in response["Content-Disposition"]
    # The download links on a page refreshed by the filters point at the results-only view.
    results_url = reverse("quizzes_reports:questions_results", args=[taken.pk])
    assert csv_rows(editor_client.get(f"{results_url}?job_role={hotel_role.pk}&export=csv")) == as_csv(HOTEL)


def test_the_report_names_no_learner(editor_client, taken, learners, driver_role):
    pages = [
        editor_client.get(report_url(taken)),
        editor_client.get(report_url(taken, job_role=driver_role.pk)),
        editor_client.get(reverse("quizzes_reports:questions_results", args=[taken.pk])),
        editor_client.get(reverse("quizzes_reports:index")),
        editor_client.get(report_url(taken, export="csv")),
    ]
    contents = [b"".join(page.streaming_content) if page.streaming else page.content for page in pages]
    for name, email, _roles in LEARNERS.values():
        for content in contents:
            text = content.decode()
            assert name not in text and email not in text
            assert name.split()[0] not in text and name.split()[1] not in text


def test_reports_menu_and_the_list_of_quizzes_lead_to_the_report(editor_client, taken, hotel_course):
    other = QuizFactory(course=hotel_course, title="Hotel quiz")
    home = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Quiz questions" in home and reverse("quizzes_reports:index") in home
    response = editor_client.get(reverse("quizzes_reports:index"))
    assert response.status_code == 200
    assert [(quiz.title, quiz.submitted_attempts) for quiz in response.context["object_list"]] == [
        ("Check your understanding", 5), ("Hotel quiz", 0)]
    html = response.content.decode()
    assert f'href="{report_url(taken)}"' in html and f'href="{report_url(other)}"' in html
    results = editor_client.get(reverse("quizzes_reports:questions_results", args=[taken.pk]),
                                headers={"x-requested-with": "XMLHttpRequest"})
    assert results.status_code == 200 and "<html" not in results.content.decode()
    assert editor_client.get(report_url(other)).status_code == 200
    assert editor_client.get(reverse("quizzes_reports:questions", args=[other.pk + 1000])).status_code == 404


@pytest.mark.parametrize("who", ["editor", "moderator", "superuser"])
def test_editors_moderators_and_superusers_may_see_it(client, taken, who):
    user = {
        "editor": lambda: staff_in("Editors", email="e@example.com", perms=["change_quiz"]),
        "moderator": lambda: staff_in("Moderators", email="m@example.com",
                                      perms=["add_quiz", "change_quiz", "view_quiz", "publish_quiz"]),
        "superuser": lambda: UserFactory(email="s@example.com", is_staff=True, is_superuser=True),
    }[who]()
    client.force_login(user)
    assert figures(client.get(report_url(taken))) == ALL
    assert client.get(reverse("quizzes_reports:index")).status_code == 200


def test_nobody_else_may_see_it(client, taken, learners):
    urls = [reverse("quizzes_reports:index"), report_url(taken), report_url(taken, export="csv"),
            reverse("quizzes_reports:questions_results", args=[taken.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    # A learner, a staff flag without any admin group, and an admin user who may not change quizzes.
    admin_only = UserFactory(email="no-quizzes@example.com", is_staff=True)
    plain_admin = Group.objects.create(name="Admin access only")
    plain_admin.permissions.add(Permission.objects.get(codename="access_admin"))
    admin_only.groups.add(plain_admin)
    for user in [learners["ann"], UserFactory(email="staff@example.com", is_staff=True), admin_only]:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (user.email, url)
            assert b"Based on" not in response.content and b"Doing homework" not in response.content
        xhr = client.get(urls[-1], headers={"x-requested-with": "XMLHttpRequest"})
        assert xhr.status_code in (302, 403) and b"Doing homework" not in xhr.content
    assert client.get(urls[-1], headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403  # admin_only
    assert "Quiz questions" not in client.get(reverse("wagtailadmin_home")).content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_attempts(editor_client, report_quiz, learners, driver_role, taxi_course):
    urls = [report_url(report_quiz), report_url(report_quiz, job_role=driver_role.pk, submitted_at_from="2026-01-01"),
            report_url(report_quiz, export="csv"), report_url(report_quiz, export="xlsx"),
            reverse("quizzes_reports:index")]
    for key, when, answers in ATTEMPTS[:2]:
        take(report_quiz, learners[key], answers, when)
    for url in urls:
        count_queries(editor_client, url)  # warm any per-process caches
    small = [count_queries(editor_client, url) for url in urls]

    for number in range(12):
        extra = UserFactory(email=f"extra{number}@example.com")
        extra.job_roles.add(driver_role)
        make_ready(extra, taxi_course)
        for key, when, answers in ATTEMPTS:
            take(report_quiz, extra if number % 2 else learners[key], answers, when)
    assert QuestionResult.objects.count() == 4 * (2 + 12 * 5)
    large = [count_queries(editor_client, url) for url in urls]
    assert large == small, (small, large)
    assert max(small) < 40


def test_figures_from_too_few_attempts_are_hidden(editor_client, taken, hotel_role, settings):
    settings.QUIZ_REPORT_MIN_ATTEMPTS = 5
    assert figures(editor_client.get(report_url(taken))) == ALL  # five attempts: shown
    response = editor_client.get(report_url(taken, job_role=hotel_role.pk))  # two attempts: hidden
    html = response.content.decode()
    assert "Fewer than 5 attempts match, so the figures are hidden" in html
    assert all(row[2] == 0 for row in figures(response))
    export = editor_client.get(report_url(taken, job_role=hotel_role.pk, export="csv"))
    assert b"%" not in b"".join(export.streaming_content if export.streaming else [export.content])
