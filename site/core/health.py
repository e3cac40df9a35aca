"""Readiness checks for /healthz: the database must answer; the broker is reported."""

from django.db import DatabaseError, connection


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def broker_status():
    from eyesandears.celery import app

    if app.conf.task_always_eager:
        return "in-process"

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure to reach the broker is "unavailable"
        return "unavailable"
    return "ok"
