"""Briefing e-mails on PostgreSQL: two runs of the same batch at the same moment (a retried task and the
sweep, say) still e-mail each learner once."""

import pytest
from django.utils import timezone

from briefings import services
from briefings.models import BriefingMailout, BriefingSend
from tests.quizzes.test_concurrency import run_together

from .conftest import briefing_mail, draft_briefing


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_a_batch_at_once_email_each_learner_once(briefing_index, hotel_role, hotel_learners, mailoutbox):
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe", email_learners=False)
    briefing.save_revision().publish()  # published without its own mailout: the two runs below are the mailout
    now = timezone.now()
    BriefingMailout.objects.create(briefing=briefing, queued_at=now, progressed_at=now)

    outcomes = run_together(2, lambda: services.briefing_send_batch(briefing_id=briefing.pk))

    assert outcomes == [None, None]
    assert sorted(m.to[0] for m in briefing_mail(mailoutbox)) == sorted(user.email for user in hotel_learners)
    assert BriefingSend.objects.filter(briefing=briefing).count() == len(hotel_learners)
