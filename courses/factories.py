import factory
import wagtail_factories

from .models import CourseIndexPage, CoursePage, CourseSource, JobRole, LessonPage


class JobRoleFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Job role {n}")
    slug = factory.Sequence(lambda n: f"job-role-{n}")
    description = "People who do this work."

    class Meta:
        model = JobRole
        django_get_or_create = ("slug",)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Courses"
    slug = "courses"

    class Meta:
        model = CourseIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "Spot the signs of exploitation and know what to do."
    what_you_will_learn = "What exploitation is\nWho to call"
    estimated_minutes = 25
    validity_months = 36

    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    @factory.post_generation
    def job_roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.audience_job_roles.set(extracted)
            self.save()

    @factory.post_generation
    def with_source(self, create, extracted, **kwargs):
        if create and extracted is not False:
            CourseSource.objects.create(course=self, name="Department for Education: CSE guide (2017)", url="")


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lesson {n}")
    summary = "What to look out for."
    body = [("text", "<p>Children can be exploited by people they trust.</p>")]

    class Meta:
        model = LessonPage
