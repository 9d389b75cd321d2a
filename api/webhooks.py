"""Webhooks: organisations subscribe to events; deliveries are signed, retried and visible.

Each delivery is POSTed with `Talentbrug-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the webhook's secret>`, so a receiver checks both who sent it and that it
is fresh. A failed try is tried again after 1, 2, 4, 8 and 16 minutes (`webhooks_retry_due`,
every minute from the scheduler), then marked failed. Payloads carry ids and states, never
a person's data: the receiver asks the API for what its key may see.
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import requests.adapters
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.organisations.models import Organisation

from .models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from .tasks import deliver_webhook

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 5
SIGNATURE_HEADER = "Talentbrug-Signature"


def _local_allowed() -> bool:
    # `make run` and tests deliver to a receiver on this machine; production never does.
    return getattr(settings, "WEBHOOK_ALLOW_HTTP", settings.DEBUG)


def _private(address: str) -> bool:
    """Whether an address is anything but a public unicast one (IPv4 inside IPv6 included)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone ("%eth0") is no address
    inner = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    return any(
        not candidate.is_global
        or candidate.is_multicast
        or candidate.is_reserved
        or candidate.is_link_local
        or candidate.is_loopback
        or candidate.is_unspecified
        for candidate in (ip, inner)
        if candidate is not None
    )


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https" and not (_local_allowed() and parts.scheme == "http"):
        raise ValidationError({"url": [_("Use an https:// address.")]})
    if not parts.hostname:
        raise ValidationError({"url": [_("This is not a web address.")]})
    try:
        literal = _private(parts.hostname)
    except ValueError:
        literal = False  # a name: checked when delivering, against what it resolves to
    if literal and not _local_allowed():
        raise ValidationError({"url": [_("Use an address on the internet, not a local one.")]})


def _resolve(host: str, port: int) -> str:
    """The address to connect to: the name is resolved once, here, and every address it
    resolves to must be public (no SSRF into our own network). The connection then goes to
    this address, so a second, different answer (DNS rebinding) is never asked for."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise requests.ConnectionError(f"{host} does not resolve")
    if not _local_allowed() and any(_private(address) for address in addresses):
        raise requests.ConnectionError(f"{host} resolves to a local address")
    return addresses[0]


class _PinnedAdapter(requests.adapters.HTTPAdapter):
    """Connects to a checked address while TLS still verifies the certificate of the name
    (SNI and hostname check) and the request keeps the name in its Host header."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        pool_kwargs.update(server_hostname=self.hostname, assert_hostname=self.hostname)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)


def _post(url: str, body: bytes, headers: dict[str, str]) -> requests.Response:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve(host, port)
    literal = f"[{address}]" if ":" in address else address
    pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path, parts.query, ""))
    default_port = port == (443 if parts.scheme == "https" else 80)
    with requests.Session() as session:
        session.trust_env = False  # a proxy from the environment would resolve the name again
        session.mount(f"{parts.scheme}://", _PinnedAdapter(host))
        return session.post(
            pinned,
            data=body,
            headers={**headers, "Host": host if default_port else f"{host}:{port}"},
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )


@transaction.atomic
def webhook_create(*, organisation: Organisation, url: str, events: list[str], by: User) -> Webhook:
    """Subscribe `organisation` to `events`; the new secret is on the returned webhook."""
    _check_url(url)
    if not events or not set(events) <= set(WebhookEvent.values):
        raise ValidationError({"events": [_("Choose at least one event from the list.")]})
    webhook = Webhook.objects.create(
        organisation=organisation,
        url=url,
        events=sorted(set(events)),
        secret=secrets.token_hex(32),
        created_by=by,
    )
    audit_record(
        actor=by, action="webhook.create", target=webhook, details={"events": webhook.events}
    )
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook, by: User) -> None:
    audit_record(actor=by, action="webhook.delete", target=webhook, details={"url": webhook.url})
    webhook.delete()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def webhook_event_record(
    *, organisation_ids: set[int], event: str, data: dict[str, Any]
) -> list[WebhookDelivery]:
    """Queue `event` for every webhook of these organisations that subscribed to it."""
    payload = {"event": event, "occurred_at": timezone.now(), "data": data}
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    deliveries = [
        WebhookDelivery.objects.create(webhook=webhook, event=event, payload=payload)
        for webhook in Webhook.objects.filter(organisation_id__in=organisation_ids)
        if event in webhook.events
    ]
    if deliveries:
        ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: [deliver_webhook.enqueue(delivery_id=pk) for pk in ids])
    return deliveries


def webhook_deliver(*, delivery_id: int) -> str:
    """Try one delivery once; on failure schedule the next try with back-off. Returns its status."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"  # delivered, given up, or another worker has it now
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Talentbrug-Webhooks/1",
            "Talentbrug-Event": delivery.event,
            "Talentbrug-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(delivery.webhook.secret, timestamp, body),
        }
        delivery.attempts += 1
        try:
            response = _post(delivery.webhook.url, body, headers)
        except (requests.RequestException, OSError) as error:
            delivery.last_status_code, delivery.last_error = None, str(error)[:255]
        else:
            delivery.last_status_code, delivery.last_error = response.status_code, ""
            if 200 <= response.status_code < 300:
                delivery.status = DeliveryStatus.DELIVERED
                delivery.delivered_at = timezone.now()
                delivery.next_attempt_at = None
        if delivery.status == DeliveryStatus.PENDING:
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            else:
                delay = timedelta(minutes=2 ** (delivery.attempts - 1))
                delivery.next_attempt_at = timezone.now() + delay
        delivery.save()
        return delivery.status


def webhooks_retry_due(*, now=None) -> int:
    """Queue every pending delivery whose next try is due; returns how many."""
    due = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()
        ).values_list("pk", flat=True)
    )
    for pk in due:
        deliver_webhook.enqueue(delivery_id=pk)
    return len(due)
