import factory

from .models import Quiz


def option(option_id, text, correct=False, feedback=""):
    return {"type": "item", "id": option_id, "value": {"text": text, "correct": correct, "feedback": feedback}}


def question(question_id, text, options, *, kind="single", scenario="", explanation="Because.", revise_lesson=None):
    return {
        "type": "question",
        "id": question_id,
        "value": {
            "kind": kind,
            "scenario": scenario,
            "image": None,
            "image_alt": "",
            "text": text,
            "options": options,
            "explanation": explanation,
            "revise_lesson": revise_lesson,
        },
    }


def sample_questions():
    """Four questions, one of each kind (and a second single), with known ids and answers."""
    return [
        question("q-call", "Who do you call if a child is in danger now?", [
            option("call-999", "999", True, "Right: an emergency."),
            option("call-101", "101", False, "101 is for when it is not an emergency."),
            option("call-nobody", "Nobody", False, "Always report."),
        ]),
        question("q-signs", "Which of these are warning signs?", [
            option("sign-gifts", "Unexplained gifts", True),
            option("sign-older", "A much older boyfriend", True),
            option("sign-homework", "Doing homework", False, "That is normal."),
        ], kind="multiple"),
        question("q-proof", "True or false: you need proof before you report.", [
            option("proof-true", "True", False, "You do not need proof."),
            option("proof-false", "False", True, "Right."),
        ], kind="true_false"),
        question("q-confront", "Should you confront the adult?", [
            option("confront-yes", "Yes", False),
            option("confront-no", "No, report it", True),
        ], scenario="A man pays a child's fare and walks off."),
    ]


RIGHT_ANSWERS = {
    "q-call": ["call-999"],
    "q-signs": ["sign-gifts", "sign-older"],
    "q-proof": ["proof-false"],
    "q-confront": ["confront-no"],
}


class QuizFactory(factory.django.DjangoModelFactory):
    title = "Check your understanding"
    pass_mark = 75
    shuffle_questions = False
    shuffle_options = False
    attempt_limit = 3
    attempt_window_hours = 24
    questions = factory.LazyFunction(sample_questions)
    live = True

    class Meta:
        model = Quiz
