from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_quiz_translatable_bootstrap"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [BootstrapTranslatableModel("quizzes.Quiz")]
