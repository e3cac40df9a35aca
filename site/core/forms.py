from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    """Forms render with an error summary, hints and errors tied to their fields (GOV.UK pattern)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
