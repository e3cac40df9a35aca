"""What the service holds about a person: the one declared list that the download of "Your data", the
privacy notice and removing a person (closing an account, or the retention period running out) all
work from, so the three cannot drift apart.

Each kind of record says, in plain English, what is held, why, on which lawful basis, who sees it,
how long it is kept and what happens to it when the person is removed. `USER_LINKS` names every
database link from a record to a person, with the kind of record it belongs to and what removal does
to it; `IGNORED_LINKS` names the links that hold nothing about learners, each with the reason. A test
(tests/privacy/test_inventory.py) fails when a model gains a link to the user that is in neither list.
"""

from dataclasses import dataclass
from enum import Enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy


class _InTheActiveLanguage:
    """The texts are declared once, marked for translation (lazily); reading one gives a plain str in the
    language active at that moment (the request's), so it can be compared, searched and joined like any
    other string."""

    def __getattribute__(self, name):
        value = super().__getattribute__(name)
        return str(value) if isinstance(value, Promise) else value


@dataclass(frozen=True)
class LawfulBasis(_InTheActiveLanguage):
    name: str
    explanation: str


PUBLIC_TASK = LawfulBasis(
    pgettext_lazy("lawful basis in data protection law", "Public task"),
    _(
        "The council's work to keep children safe, which the law asks councils to do, includes making sure "
        "that people who meet children in their work know the signs of child sexual exploitation."
    ),
)
LEGAL_OBLIGATION = LawfulBasis(
    pgettext_lazy("lawful basis in data protection law", "Legal obligation"),
    _(
        "Licensing law (the Local Government (Miscellaneous Provisions) Act 1976) says the council may only "
        "license a taxi or private hire driver it is satisfied is a fit and proper person. Checking a "
        "driver's safeguarding training is part of that."
    ),
)
LEGITIMATE_INTERESTS = LawfulBasis(
    pgettext_lazy("lawful basis in data protection law", "Legitimate interests"),
    _(
        "Your employer, and the council, need to know that the people who meet children at work are trained. "
        "We only show your employer what it needs for that."
    ),
)
CONTRACT = LawfulBasis(
    pgettext_lazy("lawful basis in data protection law", "Contract"),
    _(
        "Where your job or your contract with an operator asks you to take this training, we use your "
        "information to show that you have."
    ),
)

LAWFUL_BASES = (PUBLIC_TASK, LEGAL_OBLIGATION, LEGITIMATE_INTERESTS, CONTRACT)

# The retention period is a setting (Council settings > Data protection); texts say %(period)s.
# Translators: %(period)s is a number of years, such as "6 years".
RETENTION = _("%(period)s after your last activity on this service.")


@dataclass(frozen=True)
class RecordKind(_InTheActiveLanguage):
    key: str  # the file in the download is `<key>.json`
    title: str
    held: str
    why: str
    bases: tuple
    who_sees: str
    kept: str
    on_removal: str

    def kept_for(self, years):
        return self.kept % {"period": period(years)}

    def removal_for(self, years):
        return self.on_removal % {"period": period(years)}


def period(years):
    return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}


RECORD_KINDS = (
    RecordKind(
        key="profile",
        title=_("Your account"),
        held=_(
            "Your name as it appears on your certificates, your e-mail addresses, your preferred language, "
            "when you joined and last signed in, and whether you use an authenticator app (not its secret)."
        ),
        why=_(
            "So that you can sign in, so that we can e-mail you about your training, and so that your "
            "certificates carry your name."
        ),
        bases=(PUBLIC_TASK, LEGITIMATE_INTERESTS),
        who_sees=_("You, and the council's administrators of this service."),
        kept=RETENTION,
        on_removal=_(
            "Your account is deleted: your name, e-mail addresses and password go, and you cannot sign in again."
        ),
    ),
    RecordKind(
        key="job_roles",
        title=_("Your job roles"),
        held=_("The kinds of work you told us you do, such as taxi driver or hotel staff."),
        why=_("To offer you the training written for your job."),
        bases=(PUBLIC_TASK,),
        who_sees=_("You, the council's administrators, and managers of organisations you belong to."),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="memberships",
        title=_("Organisations you belong to"),
        held=_(
            "Each organisation you belong to or were invited to, as the organisation entered you: your "
            "name, e-mail address, job role, a reference such as a badge or licence number, your role there "
            "(learner, manager or licensing officer), and the invitations sent to you."
        ),
        why=_("So that your employer or licensing authority can see whether you have the training it asks for."),
        bases=(LEGITIMATE_INTERESTS, CONTRACT, LEGAL_OBLIGATION),
        who_sees=_("You, and the managers (or licensing officers) of that organisation."),
        kept=RETENTION,
        on_removal=_("Deleted, with the invitations. The organisation no longer sees you in its list."),
    ),
    RecordKind(
        key="enrolments",
        title=_("Your training"),
        held=_("The courses you started and finished, and when you finished each lesson."),
        why=_(
            "So that you can carry on where you left off, and so that your organisation can see who is "
            "still in training."
        ),
        bases=(PUBLIC_TASK, LEGITIMATE_INTERESTS),
        who_sees=_(
            "You, the council's administrators, and managers of organisations you belong to "
            "(as 'in progress' or 'not started')."
        ),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="briefings",
        title=_("Your briefings"),
        held=_(
            "The briefings we e-mailed you and when, the briefings you read and when, and whether you want "
            "briefing e-mails."
        ),
        why=_(
            "So that each briefing reaches you once, so that your task list shows what you have not read, and "
            "so that your organisation can see who has read a required briefing."
        ),
        bases=(PUBLIC_TASK, LEGITIMATE_INTERESTS),
        who_sees=_(
            "You, the council's administrators, and managers of organisations you belong to "
            "(whether you have read a required briefing)."
        ),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="seminars",
        title=_("Your seminar bookings"),
        held=_(
            "The seminars you booked or waited for, when you booked or cancelled, the reminders we sent, "
            "and whether you attended."
        ),
        why=_(
            "To keep your place, to remind you the day before, and so that attending counts as training "
            "on your record."
        ),
        bases=(PUBLIC_TASK, LEGITIMATE_INTERESTS),
        who_sees=_(
            "You, the council's seminar organisers and administrators, and managers of organisations you "
            "belong to (the seminars you attended)."
        ),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="quiz_attempts",
        title=_("Your quiz attempts"),
        held=_(
            "Each go at a quiz: when, the questions you were shown, the answers you chose, your score and "
            "whether you passed."
        ),
        why=_(
            "To score your quiz and issue your certificate. Counts of right and wrong answers, with no "
            "names, help the council improve the questions."
        ),
        bases=(PUBLIC_TASK,),
        who_sees=_(
            "You. Licensing officers see the dates and scores of a licensed driver's attempts. The "
            "council's editors see only totals for each question, never who answered."
        ),
        kept=RETENTION,
        on_removal=_(
            "Your answers stay in the totals for each question, with no link to you. Quizzes you had "
            "started but not finished are deleted."
        ),
    ),
    RecordKind(
        key="certificates",
        title=_("Your certificates"),
        held=_(
            "Each certificate: your name as printed, the course, your job role, when it was issued and "
            "runs out, its code, whether it was withdrawn, and its PDF."
        ),
        why=_("To prove that you are trained, to you, your employer and the licensing office."),
        bases=(PUBLIC_TASK, LEGAL_OBLIGATION, LEGITIMATE_INTERESTS),
        who_sees=_(
            "You; managers of organisations you belong to; licensing officers, for licensed drivers; "
            "and anyone you give the code to, who sees your name, the course and the dates."
        ),
        kept=RETENTION,
        on_removal=_(
            "The PDF is deleted and your name and job role are removed. The code still checks, "
            "showing 'holder removed' with the course and dates, so an old certificate cannot be passed off "
            "as someone else's."
        ),
    ),
    RecordKind(
        key="licences",
        title=_("Your taxi or private hire licence"),
        held=_(
            "Your licence number and type, when it is due for renewal, whether a licensing officer "
            "confirmed it, and the renewal reminders we sent you."
        ),
        why=_("So that the licensing office can check your training when it grants or renews your licence."),
        bases=(LEGAL_OBLIGATION, PUBLIC_TASK),
        who_sees=_("You and the licensing officers of your licensing authority."),
        kept=RETENTION,
        on_removal=_(
            "Deleted. The licensing office will then not find your training here and will ask you for other evidence."
        ),
    ),
    RecordKind(
        key="checks_about_you",
        title=_("Checks of your training"),
        held=_(
            "Each time a licensing officer, a licensing system or a manager looked at your training record: "
            "when, which organisation, and how (for example 'by licence number')."
        ),
        why=_(
            "So that you can see who has looked at your training, and so that the council can show that "
            "every look had a reason."
        ),
        bases=(LEGAL_OBLIGATION, PUBLIC_TASK),
        who_sees=_("You, that organisation's officers or managers, and the council's administrators."),
        kept=RETENTION,
        on_removal=_(
            "The record that a check happened stays for the organisation's accounts, but without "
            "your name or what was typed to find you."
        ),
    ),
    RecordKind(
        key="share_codes",
        title=_("Your share codes"),
        held=_("The share codes you made, who each is for, how long it works, and when it was used."),
        why=_("So that you can choose to show your training to an employer such as a taxi operator."),
        bases=(LEGITIMATE_INTERESTS,),
        who_sees=_("You, and the organisation you gave the code to while it works."),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="external_training",
        title=_("Training from other providers"),
        held=_(
            "Safeguarding training you did elsewhere that a licensing officer recorded: the provider, the "
            "course, its dates, and what evidence the officer saw."
        ),
        why=_("So that training the licensing authority accepts from elsewhere counts for your licence."),
        bases=(LEGAL_OBLIGATION,),
        who_sees=_("You and licensing officers."),
        kept=RETENTION,
        on_removal=_("Deleted."),
    ),
    RecordKind(
        key="work_for_organisations",
        title=_("Work you did for an organisation"),
        held=_(
            "If you are a manager, licensing officer or seminar organiser: the people you invited, the lists "
            "you uploaded or checked, the licences and training you confirmed, the checks you made and the "
            "seminar registers you marked. The download lists when and for which organisation or seminar, "
            "not the other people's details."
        ),
        why=_("So that the organisation and the council can show who did what with people's records."),
        bases=(PUBLIC_TASK, LEGAL_OBLIGATION),
        who_sees=_("The council's administrators."),
        kept=RETENTION,
        on_removal=_("The records stay, because they are about other people, but no longer name you."),
    ),
    RecordKind(
        key="audit_log",
        title=_("The audit log of what you did"),
        held=_(
            "If you are a manager, licensing officer or administrator: each time you looked at people's "
            "training records or changed the service, with the date."
        ),
        why=_(
            "Accountability: so that the council can show that people's records are looked at only for a "
            "reason, and by whom."
        ),
        bases=(PUBLIC_TASK, LEGAL_OBLIGATION),
        who_sees=_("The council's administrators."),
        kept=RETENTION,
        on_removal=_("The entries stay as the council's record, without your name."),
    ),
)

KINDS_BY_KEY = {kind.key: kind for kind in RECORD_KINDS}


class OnRemoval(Enum):
    """What removing a person does to one link from a record to them."""

    DELETE = "deleted with the person (on_delete CASCADE, or a many-to-many row)"
    UNLINK = "kept, with the link to the person emptied (on_delete SET_NULL)"
    REASSIGN = "kept, and moved to the one 'removed person' account (accounts/erasure.py)"
    KEEP_ID = "kept with the bare id of a person who no longer exists (Wagtail's audit log: DO_NOTHING)"


@dataclass(frozen=True)
class UserLink:
    kind: str
    on_removal: OnRemoval


USER_LINKS = {
    "account.EmailAddress.user": UserLink("profile", OnRemoval.DELETE),
    "mfa.Authenticator.user": UserLink("profile", OnRemoval.DELETE),
    "courses.JobRole.learners": UserLink("job_roles", OnRemoval.DELETE),
    "organisations.Membership.user": UserLink("memberships", OnRemoval.DELETE),
    "courses.Enrolment.user": UserLink("enrolments", OnRemoval.DELETE),
    "briefings.BriefingRead.user": UserLink("briefings", OnRemoval.DELETE),
    "briefings.BriefingSend.user": UserLink("briefings", OnRemoval.DELETE),
    "briefings.BriefingEmailPreference.user": UserLink("briefings", OnRemoval.DELETE),
    "quizzes.Attempt.user": UserLink("quiz_attempts", OnRemoval.REASSIGN),
    "certificates.Certificate.learner": UserLink("certificates", OnRemoval.REASSIGN),
    "licensing.CheckRecord.driver": UserLink("checks_about_you", OnRemoval.UNLINK),
    "licensing.ShareCode.driver": UserLink("share_codes", OnRemoval.DELETE),
    "licensing.ExternalTraining.driver": UserLink("external_training", OnRemoval.DELETE),
    "seminars.Booking.user": UserLink("seminars", OnRemoval.DELETE),
    "seminars.Booking.attendance_marked_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "certificates.Certificate.revoked_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "organisations.Invitation.invited_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "organisations.StaffUpload.uploaded_by": UserLink("work_for_organisations", OnRemoval.DELETE),
    "licensing.ApiKey.created_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "licensing.BulkCheck.officer": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "licensing.CheckRecord.officer": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "licensing.ExternalTraining.recorded_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "licensing.Licence.confirmed_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "licensing.ShareCodeUse.used_by": UserLink("work_for_organisations", OnRemoval.UNLINK),
    "wagtailcore.ModelLogEntry.user": UserLink("audit_log", OnRemoval.KEEP_ID),
    "wagtailcore.PageLogEntry.user": UserLink("audit_log", OnRemoval.KEEP_ID),
}

_STAFF_ONLY = (
    "Only the council's editors and administrators (staff) do this, and staff accounts are never removed "
    "by closing an account or by the retention task."
)
IGNORED_LINKS = {
    "wagtailcore.Page.owner": f"Who created a page. {_STAFF_ONLY}",
    "wagtailcore.Page.locked_by": f"Who locked a page for editing. {_STAFF_ONLY}",
    "quizzes.Quiz.locked_by": f"Who locked a quiz for editing. {_STAFF_ONLY}",
    "wagtailcore.Revision.user": f"Who saved a draft of a page or quiz. {_STAFF_ONLY}",
    "wagtailcore.WorkflowState.requested_by": f"Who sent a page or quiz for review. {_STAFF_ONLY}",
    "wagtailcore.TaskState.finished_by": f"Who approved or rejected a review. {_STAFF_ONLY}",
    "wagtailcore.Comment.user": f"Comments on drafts in the editor. {_STAFF_ONLY}",
    "wagtailcore.Comment.resolved_by": f"Who resolved an editor's comment. {_STAFF_ONLY}",
    "wagtailcore.CommentReply.user": f"Replies to editors' comments. {_STAFF_ONLY}",
    "wagtailcore.PageSubscription.user": f"An editor's choice of e-mails about a page. {_STAFF_ONLY}",
    "wagtailcore.UploadedFile.uploaded_by_user": f"A file part-way through upload in the editor. {_STAFF_ONLY}",
    "wagtailcore.APIToken.user": f"The admin's API tokens. {_STAFF_ONLY}",
    "wagtailimages.Image.uploaded_by_user": f"Who uploaded an image to the content library. {_STAFF_ONLY}",
    "wagtaildocs.Document.uploaded_by_user": f"Who uploaded a document to the content library. {_STAFF_ONLY}",
    "wagtailadmin.EditingSession.user": f"Who has an edit form open right now (minutes only). {_STAFF_ONLY}",
    "wagtailadmin.FormState.user": f"The admin's unsaved form layout. {_STAFF_ONLY}",
    "courses.TranslationReview.reviewed_by": f"Who marked a translation as checked by a translator. {_STAFF_ONLY}",
    "wagtail_localize.StringTranslation.last_translated_by": f"Who last translated a string of a page or quiz. "
    f"{_STAFF_ONLY}",
    "wagtail_localize.SegmentOverride.last_translated_by": f"Who last changed a link or setting in a translation. "
    f"{_STAFF_ONLY}",
    "wagtailusers.UserProfile.user": "Settings for the Wagtail admin (theme, admin language, notification "
    "choices). Only staff use the admin; deleted with the account.",
}


def link_name(field):
    """`app_label.Model.field` for a model field, as USER_LINKS and IGNORED_LINKS name them."""
    return f"{field.model._meta.label}.{field.name}"


def links_to_the_user():
    """Every field on any installed model that points at the user model (foreign key, one-to-one or
    many-to-many), where it is declared (not where a subclass inherits it)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and not field.auto_created
                and field.related_model is user_model
                and field.model is model
            ):
                found[link_name(field)] = field
    return found
