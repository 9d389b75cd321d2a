"""The event policy on Wagtail's permission-policy interface: one rule, asked three ways."""

import pytest

from events.models import Event
from events.permissions import ADD, ORGANISE, VIEW, event_policy
from events.tests.matrix import event, municipality_event_pk
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def test_each_question_gives_the_same_answer_for_every_role(world):
    events = [event(world), Event.objects.get(pk=municipality_event_pk(world))]
    organisers = set()
    for role in ROLES[1:]:
        user = getattr(world, role)
        for action in (VIEW, ORGANISE):
            found = set(event_policy.instances_user_has_permission_for(user, action))
            for one in events:
                assert event_policy.user_has_permission_for_instance(user, action, one) == (
                    one in found
                ), (role, action, one)
            assert event_policy.user_has_permission(user, action) == bool(found)
        if event_policy.instances_user_has_permission_for(user, ORGANISE).exists():
            organisers.add(role)
    # Only the organisers' coaches and admins run an event; anyone with a part sees it.
    assert organisers == {"coach", "other_coach", "organisation_admin"}
    assert event_policy.user_has_permission(world.coach, ADD)
    assert not event_policy.user_has_permission(world.recruiter, ADD)
    assert not event_policy.user_has_permission(world.network_admin, ADD)
    assert not event_policy.user_has_permission(world.jobseeker, ORGANISE)


def test_an_unknown_action_is_refused_loudly(world):
    with pytest.raises(ValueError):
        event_policy.instances_user_has_permission_for(world.coach, "delete")
