from django import forms
from django.utils.translation import gettext_lazy as _


class RegisterForm(forms.Form):
    """The register of one seminar: a box for each person with a place, ticked if they came."""

    attended = forms.MultipleChoiceField(
        label=_("Who came"),
        help_text=_("Tick everyone who came. Leave a box empty for someone who did not."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("The register lists someone who does not have a place at this seminar.")},
    )

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        self.fields["attended"].choices = [(str(booking.public_id), booking_name(booking)) for booking in bookings]
        if not self.is_bound:
            self.initial["attended"] = [str(booking.public_id) for booking in bookings if booking.attended]


def booking_name(booking):
    return booking.user.full_name or booking.user.email
