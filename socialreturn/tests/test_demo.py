"""The Den Bosch demo: every screen of social return has something real to show."""

import pytest

from demo.socialreturn import AUTHORITY, LOGINS, load_demo_social_return
from socialreturn.models import (
    AnonymousPlacement,
    Contribution,
    ContributionKind,
    ContributionStatus,
    ImpactTarget,
    Obligation,
    PlacementFollowUp,
)

pytestmark = pytest.mark.django_db


def test_den_bosch_demo_has_obligations_and_contributions_in_every_state_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        made = load_demo_social_return()

    obligations = Obligation.objects.filter(authority__slug=AUTHORITY)
    assert obligations.count() == 3
    contributions = Contribution.objects.filter(obligation__in=obligations)
    assert made == contributions.count()
    decided = {
        ContributionStatus.REPORTED,
        ContributionStatus.ACCEPTED,
        ContributionStatus.REJECTED,
    }
    for kind in (ContributionKind.PLACEMENT, ContributionKind.ACTIVITY):
        states = set(contributions.filter(kind=kind).values_list("status", flat=True))
        assert states == decided, kind
    outside = set(contributions.filter(kind="outside_hire").values_list("status", flat=True))
    assert outside == {ContributionStatus.AWAITING_COACH, ContributionStatus.ACCEPTED}
    # Two years of work, valued by both versions of the corporation's table.
    assert contributions.filter(status="accepted").values("table").distinct().count() == 2
    assert PlacementFollowUp.objects.filter(working_after_12_months__isnull=False).exists()
    assert ImpactTarget.objects.filter(number=125).count() == 2
    assert not AnonymousPlacement.objects.exists()
    # The README's logins: the corporation's contract manager and the first supplier's admin.
    assert obligations.filter(authority__memberships__user__email=LOGINS["authority"]).count() == 3
    assert obligations.filter(supplier__memberships__user__email=LOGINS["supplier"]).count() == 1

    assert load_demo_social_return() == 0
    assert Contribution.objects.count() == made
