from django.db import models


class Language(models.TextChoices):
    """Languages a learner may say they prefer; training is offered in English first."""

    ENGLISH = "en", "English"
    ARABIC = "ar", "العربية (Arabic)"
    BENGALI = "bn", "বাংলা (Bengali)"
    GUJARATI = "gu", "ગુજરાતી (Gujarati)"
    KURDISH = "ku", "Kurdî (Kurdish)"
    PASHTO = "ps", "پښتو (Pashto)"
    POLISH = "pl", "Polski (Polish)"
    PUNJABI = "pa", "ਪੰਜਾਬੀ (Punjabi)"
    ROMANIAN = "ro", "Română (Romanian)"
    SOMALI = "so", "Soomaali (Somali)"
    TURKISH = "tr", "Türkçe (Turkish)"
    URDU = "ur", "اردو (Urdu)"
