import factory

from coaching.courses.models import Course, Enrollment, Step
from tests.factories.events import SessionFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Writing a winning proposal {n}")
    slug = factory.Sequence(lambda n: f"proposal-course-{n}")
    summary = "From the idea to the **budget**."
    is_published = True


class SessionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Step.Kind.SESSION
    session = factory.SubFactory(SessionFactory)


class LessonStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    course = factory.SubFactory(CourseFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Step.Kind.LESSON
    title = factory.Sequence(lambda n: f"Lesson {n}: the logical framework")
    video_url = "https://video.example.org/lesson"
    estimated_minutes = 20


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    user = factory.SubFactory("tests.factories.members.UserFactory")
