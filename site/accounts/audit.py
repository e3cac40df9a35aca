"""The audit log of looks at people's training records: every compliance check by a manager or a
licensing officer (or a licensing authority's system) goes into Wagtail's audit log, where
administrators find it under Reports > Site history, filtered by action, user, date and name.

An entry is logged against the organisation, so its label is the organisation's name; who looked is
the entry's user; `data` holds ids, counts and options only, never a name, an e-mail address, a
licence number or what was typed in a search. (Licensing checks also keep their own CheckRecord.)
"""

from wagtail.log_actions import log

# action: (label in the action filter, message in the history)
ACTIONS = {
    "organisations.dashboard_viewed": (
        "View an organisation's training dashboard", "Viewed the training dashboard and list of people"
    ),
    "organisations.person_viewed": ("View a person's training record", "Viewed a person's training record"),
    "organisations.report_exported": ("Export a training report", "Exported the training report"),
    "licensing.driver_checked": ("Check a driver's training", "Checked a driver's training"),
    "licensing.check_record_viewed": ("View a training check record", "Viewed the record of a training check"),
    "licensing.list_checked": ("Check a list of drivers", "Started a check of a list of drivers"),
    "licensing.list_result_downloaded": (
        "Download a list check's results", "Downloaded the results of a list check"
    ),
    "licensing.expiring_viewed": (
        "View drivers whose training is expiring", "Viewed drivers whose training is expiring"
    ),
    "licensing.expiring_exported": (
        "Export drivers whose training is expiring", "Exported drivers whose training is expiring"
    ),
    "licensing.api_checked": ("Check drivers through the API", "A licensing system checked drivers through the API"),
    "licensing.share_code_checked": ("Check a driver's share code", "Checked a driver's training with a share code"),
}

DASHBOARD_VIEWED = "organisations.dashboard_viewed"
PERSON_VIEWED = "organisations.person_viewed"
REPORT_EXPORTED = "organisations.report_exported"
DRIVER_CHECKED = "licensing.driver_checked"
CHECK_RECORD_VIEWED = "licensing.check_record_viewed"
LIST_CHECKED = "licensing.list_checked"
LIST_RESULT_DOWNLOADED = "licensing.list_result_downloaded"
EXPIRING_VIEWED = "licensing.expiring_viewed"
EXPIRING_EXPORTED = "licensing.expiring_exported"
API_CHECKED = "licensing.api_checked"
SHARE_CODE_CHECKED = "licensing.share_code_checked"


def audit_look(request, organisation, action, **data):
    """Record in the audit log that the signed-in user (none for an API key: say which in `data`) looked
    at the records of `organisation`'s people. Pass ids, counts and options in `data`, never personal
    details."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to accounts/audit.py.")
    user = getattr(request, "user", None)
    return log(organisation, action, user=user if user is not None and user.is_authenticated else None, data=data)


def people_filter_data(people_filter):
    """What a dashboard or export was narrowed to, without the search text (it may be a name)."""
    return {
        "state": people_filter.state,
        "job_role_id": int(people_filter.job_role) if people_filter.job_role else None,
        "searched": bool(people_filter.query),
    }
