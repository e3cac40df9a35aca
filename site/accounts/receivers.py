"""Changes to who may do what (a group's permissions, who is in a group, a person's own permissions)
made by an administrator are written to the audit log. Wagtail records that a user or group was
edited; these entries say what changed, by permission code and person id, never by name.

Only changes made inside an administrator's request are logged (the Wagtail admin sets the log
context): seeding the demo or a migration is not an administrator's change."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context, log

GROUP_PERMISSIONS_CHANGED = "accounts.group_permissions_changed"
GROUP_MEMBERS_CHANGED = "accounts.group_members_changed"
USER_PERMISSIONS_CHANGED = "accounts.user_permissions_changed"

_CLEARED = "_audit_cleared_ids"


def _codes(permission_ids):
    return sorted(
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(pk__in=permission_ids).values_list(
            "content_type__app_label", "codename"
        )
    )


def _changed_ids(instance, action, pk_set, current):
    """(change, ids) for a post_add, post_remove or post_clear; None for anything else."""
    if action == "pre_clear":
        setattr(instance, _CLEARED, set(current()))
        return None
    if action == "post_clear":
        return "removed", getattr(instance, _CLEARED, set())
    if action in ("post_add", "post_remove") and pk_set:
        return ("added" if action == "post_add" else "removed"), set(pk_set)
    return None


def _by_an_administrator():
    return get_active_log_context().user is not None


@receiver(m2m_changed, sender=Group.permissions.through)
def log_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse or not _by_an_administrator():
        return
    changed = _changed_ids(instance, action, pk_set, lambda: instance.permissions.values_list("pk", flat=True))
    if changed and changed[1]:
        log(instance, GROUP_PERMISSIONS_CHANGED, data={changed[0]: _codes(changed[1])})


@receiver(m2m_changed, sender=get_user_model().groups.through)
def log_group_members(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse or not _by_an_administrator():
        return
    changed = _changed_ids(instance, action, pk_set, lambda: instance.groups.values_list("pk", flat=True))
    if changed:
        for group in Group.objects.filter(pk__in=changed[1]):
            log(group, GROUP_MEMBERS_CHANGED, data={changed[0]: [instance.pk]})


@receiver(m2m_changed, sender=get_user_model().user_permissions.through)
def log_user_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse or not _by_an_administrator():
        return
    changed = _changed_ids(
        instance, action, pk_set, lambda: instance.user_permissions.values_list("pk", flat=True)
    )
    if changed and changed[1]:
        log(instance, USER_PERMISSIONS_CHANGED, title=f"Person {instance.pk}", data={changed[0]: _codes(changed[1])})
