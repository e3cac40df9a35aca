"""Training from other providers on a check record (the record view stays as it is)."""

from django import template

from .. import external

register = template.Library()


@register.simple_tag
def external_training_for(driver, authority):
    """The driver's entries: all this authority recorded (withdrawn ones marked), and any others that count."""
    return external.external_training_of(driver.pk if driver else None, authority)
