"""At most once: an e-mail task marks what it sends before sending, per run and address.

Tasks that e-mail take the task context (`@task(takes_context=True)`) and pass its
result id: a run the sweep starts again after its worker died keeps that id, an
explicit new request (an invitation sent again) gets a new one.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SentEmail

# Long after the sweep's last attempt at a task (3 leases of 5 minutes): a mark older
# than this can no longer stop a second send, so it is cleaned away.
KEEP_MARKS = timedelta(days=2)


def _key(run_id: object, address: str) -> str:
    return hashlib.sha256(f"{run_id}\0{address.strip().lower()}".encode()).hexdigest()


def email_claim(*, run_id: object, address: str) -> bool:
    """True when this run may send to `address`; False when a run with this id already did.

    Call it just before sending: a run that dies between the claim and the send
    loses that e-mail rather than sending it twice.
    """
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=_key(run_id, address))
    except IntegrityError:
        return False
    return True


def email_claims_purge(*, now: datetime | None = None) -> int:
    """Delete marks old enough that no task can run again; the number deleted."""
    cutoff = (now or timezone.now()) - KEEP_MARKS
    deleted, _ = SentEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
