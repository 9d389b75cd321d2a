"""Schemathesis against the live OpenAPI document, with a key of each role.

Every operation gets a bounded number of generated requests (and, where it takes ids,
as many again aimed at real objects), and every answer must be no server error and
match the schema: its status code, content type and body.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState
from portfolios.factories import make_portfolio

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 10


def _run(operation, key: str, **fixed) -> None:
    @given(case=operation.as_strategy(**fixed))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)

    check()


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, keeping the test's database connection (and its
    transaction) open between requests, as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("role", ["employer", "coach", "other_coach", "jobseeker"])
def test_every_operation_keeps_to_the_schema(
    role, keys, world, taxonomy, own_vacancy, settings, wsgi_app
):
    settings.API_RATE_LIMIT = "1000000/m"
    proposal = make_proposal(
        coach=world.coach,
        portfolio=make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",)),
        vacancy=own_vacancy,
        state=ProposalState.JOBSEEKER_AGREED,
    )
    real_ids = {"vacancy_id": own_vacancy.pk, "proposal_id": proposal.pk}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    key = getattr(keys, role)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    for operation in operations:
        _run(operation, key)
        wanted = {p.name for p in operation.path_parameters} & set(real_ids)
        if wanted:
            _run(operation, key, path_parameters={n: real_ids[n] for n in wanted})
