from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Quiz


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = "Quizzes"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "course", "pass_mark"]
    search_fields = ["title"]
