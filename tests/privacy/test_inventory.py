"""The inventory of what the service holds about a person (accounts/inventory.py) covers every database
link to the user: a model that gains a link to the user fails here until someone declares what the
download, the privacy notice and removing a person do with it."""

import pytest
from django.db import models

from eyesandears.accounts import data_export, erasure
from eyesandears.accounts.inventory import (
    IGNORED_LINKS,
    KINDS_BY_KEY,
    RECORD_KINDS,
    USER_LINKS,
    OnRemoval,
    links_to_the_user,
)

ON_DELETE_FOR = {
    OnRemoval.DELETE: models.CASCADE, OnRemoval.UNLINK: models.SET_NULL, OnRemoval.KEEP_ID: models.DO_NOTHING
}


def test_every_link_to_the_user_is_covered_or_ignored_with_a_reason():
    found = links_to_the_user()
    undeclared = sorted(set(found) - set(USER_LINKS) - set(IGNORED_LINKS))
    assert not undeclared, (
        f"{undeclared} point at the user but are not in accounts/inventory.py: add each to USER_LINKS (with the "
        "kind of record it belongs to, so that 'Your data' exports it and removing a person handles it) or "
        "to IGNORED_LINKS with the reason."
    )
    assert not sorted((set(USER_LINKS) | set(IGNORED_LINKS)) - set(found)), "declared links that no longer exist"
    assert not set(USER_LINKS) & set(IGNORED_LINKS)
    assert all(len(reason) > 20 for reason in IGNORED_LINKS.values())


def test_what_removal_does_to_each_link_is_what_the_model_does():
    found = links_to_the_user()
    for name, link in USER_LINKS.items():
        field = found[name]
        if link.on_removal is OnRemoval.REASSIGN:
            assert name in erasure.REASSIGNED_LINKS, name
        elif field.many_to_many:
            assert link.on_removal is OnRemoval.DELETE, name
        else:
            assert field.remote_field.on_delete is ON_DELETE_FOR[link.on_removal], name
    assert {
        name for name, link in USER_LINKS.items() if link.on_removal is OnRemoval.REASSIGN
    } == erasure.REASSIGNED_LINKS


def test_no_ignored_link_can_block_removing_a_person():
    found = links_to_the_user()
    for name in IGNORED_LINKS:
        field = found[name]
        if not field.many_to_many:
            assert field.remote_field.on_delete not in (models.PROTECT, models.RESTRICT), name


def test_every_link_belongs_to_a_kind_of_record_that_is_exported_and_explained():
    assert {link.kind for link in USER_LINKS.values()} <= set(KINDS_BY_KEY)
    assert set(data_export.EXPORTERS) == set(KINDS_BY_KEY)
    assert len(KINDS_BY_KEY) == len(RECORD_KINDS)
    for kind in RECORD_KINDS:
        assert kind.title and kind.held and kind.why and kind.bases and kind.who_sees, kind.key
        assert "{period}" in kind.kept or kind.kept, kind.key
        assert kind.on_removal, kind.key


@pytest.mark.parametrize("years, text", [(1, "1 year after"), (6, "6 years after")])
def test_the_period_is_written_out(years, text):
    assert KINDS_BY_KEY["profile"].kept_for(years).startswith(text)
