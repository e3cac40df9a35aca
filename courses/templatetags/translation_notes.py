from django import template

from ..models import TranslationReview

register = template.Library()


@register.inclusion_tag("courses/includes/translation_notice.html")
def translation_notice(instance):
    """Says so when the translation being read has not yet been checked by a qualified translator."""
    pending = (
        instance is not None
        and getattr(instance, "translation_key", None) is not None
        and TranslationReview.objects.filter(
            locale_id=instance.locale_id, translation_key=instance.translation_key, reviewed=False
        ).exists()
    )
    return {"pending": pending}
