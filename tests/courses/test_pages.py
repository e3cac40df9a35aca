"""Page tree rules, and every page type renders, previews and can be edited."""

import pytest
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.blocks import LESSON_TEXT_FEATURES
from courses.factories import CourseIndexPageFactory, CoursePageFactory, JobRoleFactory, LessonPageFactory
from courses.models import CourseIndexPage, CoursePage, LessonPage
from eyesandears.accounts.factories import UserFactory
from eyesandears.core.factories import make_site_home
from eyesandears.core.models import HomePage, StandardPage


@pytest.mark.django_db
class TestCoursePages(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index = CourseIndexPageFactory(parent=cls.home)
        cls.course = CoursePageFactory(parent=cls.index, job_roles=[JobRoleFactory()], title="Hotel course")
        cls.lesson = LessonPageFactory(parent=cls.course, title="Signs in hotels")
        cls.admin = UserFactory(is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(StandardPage, CoursePage)

    def test_every_page_type_renders(self):
        for page in (self.index, self.course, self.lesson):
            self.assertPageIsRenderable(page)

    def lesson_form_data(self):
        return nested_form_data(
            {
                "title": self.lesson.title,
                "slug": self.lesson.slug,
                "summary": "What to look out for.",
                "body": streamfield(
                    [
                        ("text", rich_text("<p>Most guests are not a worry.</p>", features=LESSON_TEXT_FEATURES)),
                        ("warning_sign", {"sign": "No luggage", "why_it_matters": "It can be a sign."}),
                    ]
                ),
            }
        )

    # As self.admin: Wagtail's own superuser for these checks has no authenticator app, which the admin demands.
    def test_every_page_type_can_be_previewed(self):
        for page in (self.index, self.course):
            self.assertPageIsPreviewable(page, user=self.admin)
        self.assertPageIsPreviewable(self.lesson, post_data=self.lesson_form_data(), user=self.admin)

    def test_every_page_type_can_be_edited(self):
        for page in (self.index, self.course):
            self.assertPageIsEditable(page, user=self.admin)
        self.assertPageIsEditable(self.lesson, post_data=self.lesson_form_data(), user=self.admin)

    def test_the_index_lists_published_courses_only(self):
        draft = CoursePageFactory(parent=self.index, title="Draft course", live=False)
        html = self.client.get(self.index.url).content.decode()
        self.assertIn("Hotel course", html)
        self.assertNotIn(draft.title, html)

    def test_lessons_name_the_course_sources(self):
        html = self.client.get(self.lesson.url).content.decode()
        self.assertIn("Department for Education: CSE guide (2017)", html)
