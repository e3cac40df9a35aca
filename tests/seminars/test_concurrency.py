"""Many people booking the last places at the same moment, each on a real PostgreSQL connection of its own."""

import threading

import pytest
from django.db import connection

from seminars import services
from seminars.choices import BookingStatus
from seminars.models import Booking, Seminar

from .conftest import learner, make_seminar

PEOPLE = 12
CAPACITY = 3


def run_together(actions):
    """Start every action at the same moment, one thread (and database connection) each."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def worker(action):
        barrier.wait()
        try:
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - the outcome is what the test compares
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def booking_by(user, seminar_id):
    return lambda: services.seminar_book(seminar=Seminar.objects.get(pk=seminar_id), user=user).status


def counts(seminar):
    bookings = Booking.objects.filter(seminar=seminar)
    return {status: bookings.filter(status=status).count() for status in BookingStatus.values}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_bookings_never_pass_the_capacity(driver_role):
    seminar = make_seminar(roles=[driver_role], capacity=CAPACITY)
    people = [learner(driver_role, f"rush{number}@example.com") for number in range(PEOPLE)]
    outcomes = run_together([booking_by(person, seminar.pk) for person in people])
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert sorted(outcomes).count(BookingStatus.BOOKED) == CAPACITY
    assert counts(seminar) == {"booked": CAPACITY, "waiting": PEOPLE - CAPACITY, "cancelled": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_person_booking_twice_at_once_gets_one_booking(driver_role):
    seminar = make_seminar(roles=[driver_role], capacity=CAPACITY)
    person = learner(driver_role, "twice@example.com")
    outcomes = run_together([booking_by(person, seminar.pk) for _ in range(4)])
    assert outcomes == [BookingStatus.BOOKED] * 4
    assert counts(seminar) == {"booked": 1, "waiting": 0, "cancelled": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cancellations_and_bookings_at_once_keep_the_places_full_and_no_more(driver_role):
    seminar = make_seminar(roles=[driver_role], capacity=CAPACITY)
    holders = [learner(driver_role, f"holder{number}@example.com") for number in range(CAPACITY)]
    held = [services.seminar_book(seminar=seminar, user=holder) for holder in holders]
    waiting = [learner(driver_role, f"waiting{number}@example.com") for number in range(2)]
    for person in waiting:
        services.seminar_book(seminar=seminar, user=person)
    newcomers = [learner(driver_role, f"newcomer{number}@example.com") for number in range(6)]

    def cancel(booking):
        return lambda: services.booking_cancel(booking=Booking.objects.get(pk=booking.pk)).status

    actions = [cancel(booking) for booking in held[:2]] + [booking_by(person, seminar.pk) for person in newcomers]
    outcomes = run_together(actions)
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    # Two places freed went to the two who were waiting first; every newcomer waits behind them.
    assert counts(seminar) == {"booked": CAPACITY, "waiting": len(newcomers), "cancelled": 2}
    assert set(Booking.objects.filter(seminar=seminar, status="booked").values_list("user", flat=True)) == {
        holders[2].pk, *(person.pk for person in waiting)
    }
