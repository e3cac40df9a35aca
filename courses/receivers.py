from django.dispatch import receiver
from wagtail.models import Page, WorkflowPage
from wagtail.signals import copy_for_translation_done


@receiver(copy_for_translation_done)
def translation_keeps_the_review_workflow(sender, source_obj, target_obj, **kwargs):
    """A page's translation is reviewed as the original is: the workflow set on a page (the course
    index) is set on its translation, so translated courses and lessons go through the same review."""
    if not isinstance(source_obj, Page):
        return
    assigned = WorkflowPage.objects.filter(page=source_obj).first()
    if assigned is not None:
        WorkflowPage.objects.update_or_create(page=target_obj, defaults={"workflow": assigned.workflow})
