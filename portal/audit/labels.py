"""What each audit action means, in words the person whose data it is understands.

Apps register their own actions and describe their own objects in their
AppConfig.ready(), so audit imports no app. The person never reads an internal
string: no object ids, no status codes, no `str()` of a model.
"""

from collections.abc import Callable, Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = Promise | str
# Readable names for objects of one type, by object id, in one query for a whole page.
Describer = Callable[[list[str]], dict[str, str]]

_labels: dict[str, Label] = {
    "organisation.create": _("created the organisation"),
    "organisation.approved": _("approved the organisation"),
    "organisation.rejected": _("rejected the organisation"),
    "organisation.update": _("changed the details of the organisation"),
    "membership.create": _("made you a member of an organisation"),
    "membership.change_role": _("changed your role in an organisation"),
    "membership.end": _("ended your membership of an organisation"),
    "invitation.create": _("sent an invitation"),
    "invitation.accept": _("accepted an invitation"),
    "invitation.revoke": _("withdrew an invitation"),
    "user.update_profile": _("changed the name or language"),
    "person.name_seen:caseload": _("saw your name in the list of people of their organisation"),
    "person.name_seen:search": _("saw your name in search results"),
}
_describers: dict[str, Describer] = {}


def register_action_labels(labels: dict[str, Label]) -> None:
    """Name actions: "portfolio.view", or "portfolio.view:pdf" for one value of details["what"]."""
    _labels.update(labels)


def register_describer(object_type: str, describe: Describer) -> None:
    """Have `describe` name objects of `object_type` ("app_label.model") in the person's list."""
    _describers[object_type] = describe


def action_label(action: str, what: str = "") -> Label:
    if what and f"{action}:{what}" in _labels:
        return _labels[f"{action}:{what}"]
    return _labels.get(action, _("did something with your data"))


def describe_targets(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Readable names of (object_type, object_id) pairs; types nobody describes stay unnamed."""
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in pairs:
        if object_type in _describers and object_id:
            by_type.setdefault(object_type, []).append(object_id)
    names: dict[tuple[str, str], str] = {}
    for object_type, ids in by_type.items():
        for object_id, name in _describers[object_type](sorted(set(ids))).items():
            names[(object_type, object_id)] = name
    return names
