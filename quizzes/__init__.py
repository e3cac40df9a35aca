"""Quizzes: questions, attempts and server-side scoring."""
