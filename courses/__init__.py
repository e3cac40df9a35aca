"""Courses: job roles, course and lesson pages, enrolment and progress."""
