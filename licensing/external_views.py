"""Training from elsewhere: an officer records training the authority accepts from another provider for a
driver on its register, and can withdraw it."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from eyesandears.core.forms import IdChoiceField

from . import external, selectors
from .access import officer_view
from .models import ExternalTraining


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ExternalTrainingForm(forms.Form):
    counts_for = IdChoiceField(
        label=gettext_lazy("Which required course does it stand in for?"),
        queryset=CoursePage.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the course this training stands in for.")},
    )
    provider = forms.CharField(
        label=gettext_lazy("Training provider"),
        max_length=150,
        error_messages={"required": gettext_lazy("Enter who gave the training.")},
    )
    course_name = forms.CharField(
        label=gettext_lazy("Name of their course"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter the name of their course.")},
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Date completed"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Enter the date the driver completed it."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until"),
        help_text=gettext_lazy("The date it runs out. It does not count on that day."),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Enter the date it runs out."),
            "invalid": gettext_lazy("Enter a real date."),
        },
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence you saw"),
        max_length=2000,
        help_text=gettext_lazy("For example: certificate no. 1234 from the provider, seen on the driver's phone."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Describe the evidence you saw.")},
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counts_for"].queryset = CoursePage.objects.filter(pk__in=[course.pk for course in courses])

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        completed_on, expires_on = data.get("completed_on"), data.get("expires_on")
        if completed_on and completed_on > today:
            self.add_error("completed_on", _("The date completed must be today or in the past."))
        if completed_on and expires_on and expires_on <= completed_on:
            self.add_error("expires_on", _("The date it runs out must be after the date completed."))
        elif expires_on and expires_on <= today:
            self.add_error("expires_on", _("This training has already run out, so it cannot count."))
        return data


def licence_on_register(authority, licence_id):
    return get_object_or_404(selectors.licences_in(authority).select_related("authority"), pk=licence_id)


@officer_view
def external_training(request, authority, licence_id):
    licence = licence_on_register(authority, licence_id)
    courses = external.courses_it_can_count_for(licence)
    posted = request.method == "POST"
    form = ExternalTrainingForm(request.POST if posted else None, courses=courses)
    if posted and form.is_valid():
        try:
            external.external_training_record(licence=licence, officer=request.user, **form.cleaned_data)
        except external.CannotRecord as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Training from %(provider)s is recorded. It counts now.")
                % {"provider": form.cleaned_data["provider"]},
            )
            return redirect("licensing:external_training", authority.pk, licence.pk)
    return render(
        request,
        "licensing/external_training.html",
        {
            "authority": authority,
            "licence": licence,
            "form": form,
            "courses": courses,
            "entries": external.external_training_of(licence.membership.user_id, authority),
        },
    )


@officer_view
@require_POST
def external_training_withdraw(request, authority, licence_id, entry_id):
    licence = licence_on_register(authority, licence_id)
    entry = get_object_or_404(
        ExternalTraining, pk=entry_id, authority=authority, driver_id=licence.membership.user_id
    )
    external.external_training_withdraw(entry=entry, officer=request.user)
    messages.success(
        request,
        _("%(course)s from %(provider)s is withdrawn. It no longer counts.")
        % {"course": entry.course_name, "provider": entry.provider},
    )
    return redirect("licensing:external_training", authority.pk, licence.pk)
