"""What each audit action means, in words the person whose data it is understands.

Apps register their own actions in their AppConfig.ready(), so audit imports no app.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_labels: dict[str, Promise | str] = {
    "organisation.create": _("created the organisation"),
    "organisation.approved": _("approved the organisation"),
    "organisation.rejected": _("rejected the organisation"),
    "membership.create": _("made you a member of an organisation"),
    "membership.change_role": _("changed your role in an organisation"),
    "membership.end": _("ended your membership of an organisation"),
    "invitation.create": _("sent an invitation"),
    "invitation.accept": _("accepted an invitation"),
    "invitation.revoke": _("withdrew an invitation"),
    "user.update_profile": _("changed the name or language"),
}


def register_action_labels(labels: dict[str, Promise | str]) -> None:
    _labels.update(labels)


def action_label(action: str) -> Promise | str:
    return _labels.get(action, action)
