from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from organisations.choices import OrganisationKind

DEFAULT_RENEWAL_WINDOW_DAYS = 120


class LicensingPolicy(models.Model):
    """What one licensing authority asks of its drivers' training. An authority without a row has the
    defaults: training must be valid on the renewal date, looked at 120 days ahead."""

    authority = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="licensing_policy",
        limit_choices_to={"kind": OrganisationKind.LICENSING_AUTHORITY},
    )
    require_valid_at_renewal = models.BooleanField(
        "Training must be valid on the licence renewal date",
        default=True,
        help_text=(
            "Drivers whose training runs out on or before their renewal are flagged to officers, e-mailed once "
            "and told on their task list when the refresher is due."
        ),
    )
    renewal_window_days = models.PositiveSmallIntegerField(
        "Days ahead of a renewal",
        default=DEFAULT_RENEWAL_WINDOW_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3 * 365)],
        help_text="How long before a licence renewal drivers are flagged and told.",
    )

    class Meta:
        ordering = ["authority__name"]
        verbose_name = "licensing policy"
        verbose_name_plural = "licensing policies"

    def __str__(self):
        return f"Licensing policy of {self.authority}"

    def clean(self):
        super().clean()
        if self.authority_id and self.authority.kind != OrganisationKind.LICENSING_AUTHORITY:
            raise ValidationError({"authority": "Choose a licensing authority."})

    @classmethod
    def of(cls, authority):
        """The authority's policy, or an unsaved one with the defaults. Costs no query when the policy was
        loaded with select_related("licensing_policy") (or ("authority__licensing_policy"))."""
        try:
            return authority.licensing_policy
        except cls.DoesNotExist:
            return cls(authority_id=authority.pk)
