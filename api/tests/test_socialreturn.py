"""Social return through the API: both sides of an obligation read it and its contributions,
through the social-return policy; nobody else finds it."""

from decimal import Decimal

from socialreturn.tests.matrix import reported


def test_supplier_and_authority_read_an_obligation_and_what_was_reported(world, keys, call):
    contribution = reported(world)
    obligation = contribution.obligation

    for key in (keys.employer, keys.other_coach):  # supplier; the municipality's coach
        listed = call("get", "/socialreturn/obligations", key).json()["items"]
        assert [item["id"] for item in listed] == [obligation.pk]
        assert listed[0]["waiting"] == 1
        assert Decimal(listed[0]["realised"]) == 0
        rows = call("get", f"/socialreturn/obligations/{obligation.pk}/contributions", key).json()
        assert [(row["id"], row["status"]) for row in rows] == [(contribution.pk, "reported")]


def test_an_organisation_outside_the_obligation_neither_lists_nor_opens_it(world, keys, call):
    obligation = reported(world).obligation

    assert call("get", "/socialreturn/obligations", keys.coach).json()["items"] == []
    path = f"/socialreturn/obligations/{obligation.pk}/contributions"
    assert call("get", path, keys.coach).status_code == 404
    assert call("get", path, keys.jobseeker).status_code == 403
