"""Turn what lower apps announce (after commit) into webhook deliveries."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from intermediaries.models import Proposal, ProposalEvent, ProposalState
from vacancies.models import Vacancy, VacancyStatus

from .models import WebhookDelivery, WebhookEvent
from .webhooks import webhook_event_record


def on_proposal_changed(sender, *, proposal_id: int, event_id: int, **kwargs) -> None:
    proposal = Proposal.objects.select_related("vacancy").filter(pk=proposal_id).first()
    step = ProposalEvent.objects.filter(pk=event_id).first()
    if proposal is None or step is None:
        return
    # Both organisations on the proposal hear of it: the intermediary and the employer.
    organisations = {proposal.organisation_id, proposal.vacancy.organisation_id}
    data = {
        "proposal_id": proposal.pk,
        "vacancy_id": proposal.vacancy_id,
        "from_state": step.from_state,
        "state": step.to_state,
        "changed_at": step.created_at,
    }
    webhook_event_record(
        organisation_ids=organisations, event=WebhookEvent.PROPOSAL_CHANGED, data=data
    )
    if step.to_state == ProposalState.PLACED:
        webhook_event_record(
            organisation_ids=organisations, event=WebhookEvent.PLACEMENT_RECORDED, data=data
        )


def on_vacancy_changed(sender, *, vacancy_id: int, **kwargs) -> None:
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None or vacancy.status not in (VacancyStatus.CLOSED, VacancyStatus.FILLED):
        return
    # vacancy_changed also follows edits of a closed vacancy: announce each closing once.
    closed_at = DjangoJSONEncoder().default(vacancy.closed_at) if vacancy.closed_at else None
    already = WebhookDelivery.objects.filter(
        Q(payload__data__vacancy_id=vacancy.pk) & Q(payload__data__closed_at=closed_at),
        event=WebhookEvent.VACANCY_CLOSED,
    )
    if already.exists():
        return
    webhook_event_record(
        organisation_ids={vacancy.organisation_id},
        event=WebhookEvent.VACANCY_CLOSED,
        data={"vacancy_id": vacancy.pk, "status": vacancy.status, "closed_at": vacancy.closed_at},
    )


def on_vacancies_changed(sender, *, vacancy_ids: list[int], **kwargs) -> None:
    # Only a closing is announced, so only the closed ones of a batch need a look.
    closed = Vacancy.objects.filter(
        pk__in=vacancy_ids, status__in=(VacancyStatus.CLOSED, VacancyStatus.FILLED)
    ).values_list("pk", flat=True)
    for vacancy_id in closed:
        on_vacancy_changed(sender, vacancy_id=vacancy_id)
