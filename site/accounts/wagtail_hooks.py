from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks

from . import audit_report, erasure, receivers
from .audit import ACTIONS
from .views import DATA_DOWNLOADED_ACTION

ADMIN_REMOVAL_REASON = "removed by an administrator"


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action(erasure.REMOVED_ACTION, "Remove a person's details", "Person's details removed")
    actions.register_action(DATA_DOWNLOADED_ACTION, "Download own data", "Downloaded their data")
    actions.register_action(
        receivers.GROUP_PERMISSIONS_CHANGED, "Change a group's permissions", "Group's permissions changed"
    )
    actions.register_action(receivers.GROUP_MEMBERS_CHANGED, "Change who is in a group", "Group's members changed")
    actions.register_action(
        receivers.USER_PERMISSIONS_CHANGED, "Change a person's own permissions", "Person's permissions changed"
    )


@hooks.register("register_admin_urls")
def register_audit_log_urls():
    return audit_report.admin_urls()


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return audit_report.menu_item()


@hooks.register("before_delete_user")
def delete_a_person_by_removing_them(request, user):
    """Deleting a learner in the admin removes them the way closing an account does: certificates stay
    checkable as 'holder removed', quiz answers stay in the totals, nothing is left half-deleted, and the
    audit log keeps no name. Staff and administrators are deleted by Wagtail as usual."""
    if request.method != "POST" or erasure.is_protected(user):
        return None
    erasure.person_remove(user_id=user.pk, reason=ADMIN_REMOVAL_REASON, by=request.user)
    messages.success(
        request, "The person's details are removed. Their certificates still check, as 'holder removed'."
    )
    return redirect("wagtailusers_users:index")


@hooks.register("your_training_links")
def link_to_your_data(user):
    return (gettext("Your data: download it, or close your account"), reverse("accounts:your_data"))
