from django.dispatch import receiver
from wagtail.signals import page_published

from .models import BriefingPage
from .services import briefing_published


@receiver(page_published, sender=BriefingPage, dispatch_uid="briefings.email_a_published_briefing")
def email_a_published_briefing(sender, instance, **kwargs):
    briefing_published(briefing=instance)
