"""Webhooks: signed deliveries to subscribed organisations, retried with back-off."""

import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import DeliveryStatus, Webhook, WebhookDelivery
from api.webhooks import SIGNATURE_HEADER, webhook_create, webhooks_retry_due
from intermediaries.factories import make_proposal
from intermediaries.models import ProposalState
from intermediaries.services import proposal_employer_interested
from portfolios.factories import make_portfolio
from vacancies.factories import VacancyFactory
from vacancies.services import vacancy_close, vacancy_update


class Receiver:
    """A webhook receiver on localhost that answers the statuses it is given, in turn."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    made = []

    def _make(statuses=(200,)):
        made.append(Receiver(statuses))
        return made[-1]

    yield _make
    for item in made:
        item.close()


def _agreed_proposal(world):
    portfolio = make_portfolio(jobseeker=world.jobseeker, audiences=("coach_organisation",))
    return make_proposal(
        coach=world.coach,
        portfolio=portfolio,
        vacancy=VacancyFactory(organisation=world.employer, open=True),
        state=ProposalState.JOBSEEKER_AGREED,
    )


def test_a_proposal_step_reaches_the_employer_signed_and_fresh(
    world, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook = webhook_create(
        organisation=world.employer, url=server.url, events=["proposal.changed"], by=world.recruiter
    )
    proposal = _agreed_proposal(world)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_employer_interested(proposal=proposal, by=world.recruiter)

    headers, body = server.received[-1]
    stamp, signature = (part.split("=", 1)[1] for part in headers[SIGNATURE_HEADER].split(","))
    expected = hmac.new(webhook.secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(signature, expected.hexdigest())
    assert abs(int(stamp) - time.time()) < 60
    payload = json.loads(body)
    assert payload["event"] == "proposal.changed"
    assert payload["data"] == {
        "proposal_id": proposal.pk,
        "vacancy_id": proposal.vacancy_id,
        "from_state": "jobseeker_agreed",
        "state": "employer_interested",
        "changed_at": payload["data"]["changed_at"],
    }
    assert "Sanne" not in body.decode()
    assert WebhookDelivery.objects.get(event="proposal.changed").status == DeliveryStatus.DELIVERED


def test_a_failed_delivery_is_tried_again_after_a_back_off(
    world, receiver, django_capture_on_commit_callbacks
):
    server = receiver(statuses=(500, 200))
    webhook_create(
        organisation=world.employer, url=server.url, events=["proposal.changed"], by=world.recruiter
    )
    proposal = _agreed_proposal(world)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_employer_interested(proposal=proposal, by=world.recruiter)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert timedelta(seconds=50) < delivery.next_attempt_at - timezone.now() <= timedelta(minutes=1)

    assert webhooks_retry_due() == 0  # not due yet
    assert webhooks_retry_due(now=timezone.now() + timedelta(minutes=2)) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert len(server.received) == 2
    assert server.received[0][1] == server.received[1][1]


def test_only_subscribed_organisations_get_the_event(
    world, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    webhook_create(
        organisation=world.municipality,
        url=server.url,
        events=["proposal.changed"],
        by=world.other_coach,
    )
    webhook_create(
        organisation=world.employer, url=server.url, events=["vacancy.closed"], by=world.recruiter
    )
    proposal = _agreed_proposal(world)

    with django_capture_on_commit_callbacks(execute=True):
        proposal_employer_interested(proposal=proposal, by=world.recruiter)

    assert server.received == []


def test_a_closed_vacancy_is_announced_once(world, receiver, django_capture_on_commit_callbacks):
    server = receiver()
    webhook_create(
        organisation=world.employer, url=server.url, events=["vacancy.closed"], by=world.recruiter
    )
    vacancy = VacancyFactory(organisation=world.employer, open=True)

    with django_capture_on_commit_callbacks(execute=True):
        vacancy_close(vacancy=vacancy, by=world.recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_update(vacancy=vacancy, by=world.recruiter, title="Andere titel")

    assert [json.loads(body)["event"] for _, body in server.received] == ["vacancy.closed"]


def test_a_webhook_needs_an_https_address(world, settings):
    settings.WEBHOOK_ALLOW_HTTP = False

    with pytest.raises(ValidationError):
        webhook_create(
            organisation=world.employer,
            url="http://example.nl/hook",
            events=["vacancy.closed"],
            by=world.recruiter,
        )

    assert not Webhook.objects.exists()


def test_organisation_admin_subscribes_and_sees_the_deliveries(world, login):
    client = login(world.organisation_admin)

    response = client.post(
        reverse("webhook_create", args=[world.training_centre.slug]),
        {"url": "https://volgsysteem.example.nl/hook", "events": ["proposal.changed"]},
    )

    webhook = Webhook.objects.get()
    assert webhook.secret in response.content.decode()
    page = client.get(reverse("webhook_list", args=[world.training_centre.slug])).content.decode()
    assert "volgsysteem.example.nl" in page
    assert webhook.secret not in page


def test_no_webhook_points_into_our_own_network(world, settings):
    settings.WEBHOOK_ALLOW_HTTP = False

    for url in ("https://127.0.0.1/hook", "https://10.0.0.5/hook", "https://[::1]/hook"):
        with pytest.raises(ValidationError):
            webhook_create(
                organisation=world.employer, url=url, events=["vacancy.closed"], by=world.recruiter
            )


def test_a_name_that_resolves_locally_is_not_delivered_to(
    world, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_HTTP = False
    webhook_create(
        organisation=world.employer,
        url="https://localhost/hook",
        events=["vacancy.closed"],
        by=world.recruiter,
    )
    vacancy = VacancyFactory(organisation=world.employer, open=True)

    with django_capture_on_commit_callbacks(execute=True):
        vacancy_close(vacancy=vacancy, by=world.recruiter)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("pending", None)
    assert "local address" in delivery.last_error


class RebindingResolver:
    """A name server that answers a public address first and 127.0.0.1 after that."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.asked = 0

    def __call__(self, host, port, *args, **kwargs):
        answer = self.answers[min(self.asked, len(self.answers) - 1)]
        self.asked += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answer, port))]


def _closed_vacancy_delivery(world, url, django_capture_on_commit_callbacks):
    webhook_create(
        organisation=world.employer, url=url, events=["vacancy.closed"], by=world.recruiter
    )
    vacancy = VacancyFactory(organisation=world.employer, open=True)
    with django_capture_on_commit_callbacks(execute=True):
        vacancy_close(vacancy=vacancy, by=world.recruiter)
    return WebhookDelivery.objects.get()


def test_dns_rebinding_cannot_redirect_a_delivery_to_a_local_address(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_HTTP = False
    resolver = RebindingResolver("93.184.216.34", "127.0.0.1")
    connected = []

    def connect(address, *args, **kwargs):
        connected.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr("api.webhooks.socket.getaddrinfo", resolver)
    monkeypatch.setattr("urllib3.util.connection.create_connection", connect)

    delivery = _closed_vacancy_delivery(
        world, "https://hooks.volgsysteem.nl/hook", django_capture_on_commit_callbacks
    )

    assert resolver.asked == 1
    assert connected == [("93.184.216.34", 443)]
    assert delivery.status == DeliveryStatus.PENDING


def test_a_name_with_one_local_address_among_public_ones_is_not_delivered_to(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_HTTP = False

    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::ffff:10.0.0.1", port, 0, 0)),
        ]

    monkeypatch.setattr("api.webhooks.socket.getaddrinfo", resolve)

    delivery = _closed_vacancy_delivery(
        world, "https://hooks.volgsysteem.nl/hook", django_capture_on_commit_callbacks
    )

    assert "local address" in delivery.last_error


def test_a_delivery_goes_to_the_checked_address_with_the_name_in_its_host_header(
    world, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    server = receiver()
    monkeypatch.setattr("api.webhooks.socket.getaddrinfo", RebindingResolver("127.0.0.1"))
    url = server.url.replace("127.0.0.1", "hooks.volgsysteem.test")

    delivery = _closed_vacancy_delivery(world, url, django_capture_on_commit_callbacks)

    assert delivery.status == DeliveryStatus.DELIVERED
    headers, _body = server.received[-1]
    assert headers["Host"] == f"hooks.volgsysteem.test:{server.server.server_port}"
