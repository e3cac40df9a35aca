from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    """Languages a learner may say they prefer; training is offered in English first.

    Each language is named in itself, then in English in brackets. A translation changes only the part
    in brackets (the context says so), so that a learner finds their own language whatever language the
    page is in."""

    # Translators: the English language, in the list of languages a learner may prefer.
    ENGLISH = "en", _("English")
    # Translators: a language's own name, then its English name in brackets. Keep its own name as it is and
    # translate only the name in brackets. The same goes for every label with this context.
    ARABIC = "ar", pgettext_lazy("own name (English name)", "العربية (Arabic)")
    BENGALI = "bn", pgettext_lazy("own name (English name)", "বাংলা (Bengali)")
    GUJARATI = "gu", pgettext_lazy("own name (English name)", "ગુજરાતી (Gujarati)")
    KURDISH = "ku", pgettext_lazy("own name (English name)", "Kurdî (Kurdish)")
    PASHTO = "ps", pgettext_lazy("own name (English name)", "پښتو (Pashto)")
    POLISH = "pl", pgettext_lazy("own name (English name)", "Polski (Polish)")
    PUNJABI = "pa", pgettext_lazy("own name (English name)", "ਪੰਜਾਬੀ (Punjabi)")
    ROMANIAN = "ro", pgettext_lazy("own name (English name)", "Română (Romanian)")
    SOMALI = "so", pgettext_lazy("own name (English name)", "Soomaali (Somali)")
    TURKISH = "tr", pgettext_lazy("own name (English name)", "Türkçe (Turkish)")
    URDU = "ur", pgettext_lazy("own name (English name)", "اردو (Urdu)")
