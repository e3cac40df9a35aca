"""Reads for managers: the people of one organisation and where they stand, scoped by the caller."""

from dataclasses import dataclass

from courses.models import JobRole

from .choices import Compliance
from .compliance import compliance_by_organisation, compliance_for_memberships, state_counts
from .models import Membership, Organisation


def memberships_of(organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("job_role", "user")
        .order_by("full_name", "pk")
    )


def people_of(organisation):
    return compliance_for_memberships(memberships_of(organisation), organisation)


@dataclass
class PeopleFilter:
    state: str = ""
    job_role: str = ""
    query: str = ""

    @classmethod
    def from_request(cls, data):
        state = data.get("state", "")
        return cls(
            state=state if state in Compliance.values else "",
            job_role=data.get("job_role", "") if str(data.get("job_role", "")).isdigit() else "",
            query=(data.get("q") or "").strip()[:100],
        )

    def matches(self, person):
        membership = person.membership
        if self.state and not any(entry.state == self.state for entry in person.courses):
            return False
        if self.job_role and str(membership.job_role_id) != self.job_role:
            return False
        if self.query:
            needle = self.query.lower()
            return needle in membership.full_name.lower() or needle in membership.reference.lower()
        return True

    @property
    def active(self):
        return bool(self.state or self.job_role or self.query)


def dashboard(organisation, people_filter):
    people = people_of(organisation)
    return {
        "counts": state_counts(people),
        "people": [person for person in people if people_filter.matches(person)],
        "total_people": len(people),
        "job_roles": JobRole.objects.filter(
            pk__in={person.membership.job_role_id for person in people if person.membership.job_role_id}
        ),
    }


def person_in(organisation, membership_id):
    from django.http import Http404

    membership = memberships_of(organisation).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    [person] = compliance_for_memberships([membership], organisation)
    return person


def council_summary():
    """Every organisation's counts by state, for the council's safeguarding lead."""
    organisations = list(Organisation.objects.order_by("name"))
    memberships = Membership.objects.select_related("job_role").order_by("organisation_id", "pk")
    people = compliance_by_organisation(organisations, memberships)  # fixed queries for any number of them
    return [
        (organisation, len(people[organisation.pk]), state_counts(people[organisation.pk]))
        for organisation in organisations
    ]
