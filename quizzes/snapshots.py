"""What an attempt shows the learner, frozen when it starts. The answer key stays on the server."""

import random

from .choices import QuestionKind


def option_entry(child):
    return {
        "id": child.id,
        "text": child.value["text"],
        "correct": bool(child.value["correct"]),
        "feedback": child.value["feedback"] or "",
    }


def question_entry(child, *, shuffle_options, rng):
    value = child.value
    options = [option_entry(option) for option in value["options"].bound_blocks]
    if shuffle_options and value["kind"] != QuestionKind.TRUE_FALSE:
        rng.shuffle(options)
    image = value["image"]
    return {
        "id": child.id,
        "kind": value["kind"],
        "scenario": value["scenario"] or "",
        "image_id": image.pk if image else None,
        "image_alt": value["image_alt"] or "",
        "text": value["text"],
        "options": options,
        "explanation": value["explanation"],
        "revise_lesson_id": value["revise_lesson"].pk if value["revise_lesson"] else None,
    }


def build_snapshot(quiz, rng=None):
    rng = rng or random.SystemRandom()
    bank = [child for child in quiz.questions if child.block_type == "question"]
    count = quiz.questions_per_attempt
    if count and count < len(bank):
        bank = [bank[index] for index in sorted(rng.sample(range(len(bank)), count))]
    if quiz.shuffle_questions:
        rng.shuffle(bank)
    return {
        "pass_mark": quiz.pass_mark,
        "questions": [question_entry(child, shuffle_options=quiz.shuffle_options, rng=rng) for child in bank],
    }


def shown_question(question):
    """The part of a snapshot question that may be sent to the browser before submission."""
    return {
        "id": question["id"],
        "kind": question["kind"],
        "scenario": question["scenario"],
        "image_id": question["image_id"],
        "image_alt": question["image_alt"],
        "text": question["text"],
        "options": [{"id": option["id"], "text": option["text"]} for option in question["options"]],
    }


def correct_option_ids(question):
    return {option["id"] for option in question["options"] if option["correct"]}


def is_answered_correctly(question, chosen_ids):
    return set(chosen_ids) == correct_option_ids(question)
