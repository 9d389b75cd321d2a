"""The obligation policy on Wagtail's permission-policy interface: one rule, asked three ways."""

import pytest

from socialreturn.permissions import ADD, DECIDE, REPORT, VIEW, obligation_permission_policy
from socialreturn.tests.matrix import obligation
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def test_each_question_gives_the_same_answer_for_every_role(world):
    policy = obligation_permission_policy
    contract = obligation(world)
    acting = {}
    for role in ROLES[1:]:
        user = getattr(world, role)
        for action in (VIEW, DECIDE, REPORT):
            found = contract in set(policy.instances_user_has_permission_for(user, action))
            assert policy.user_has_permission_for_instance(user, action, contract) == found
            if found:
                acting.setdefault(action, set()).add(role)
    # The municipality decides, the employer reports, network admins only look.
    assert acting[DECIDE] == {"other_coach"}
    assert acting[REPORT] == {"recruiter"}
    assert acting[VIEW] == {"other_coach", "recruiter", "network_admin"}
    assert policy.user_has_permission(world.network_admin, VIEW)
    assert not policy.user_has_permission(world.jobseeker, VIEW)
    assert policy.user_has_permission(world.other_coach, ADD)
    assert not policy.user_has_permission(world.network_admin, ADD)
