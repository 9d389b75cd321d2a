"""What each kind of notification says, registered by the app that sends that kind.

The text is built when it is shown, in the reader's language, from the kind and the
notification's params; so portal imports no app, and a notification reads right in
Dutch and in English. Apps register their kinds in their AppConfig.ready().
"""

from django.utils.functional import Promise

_texts: dict[str, Promise | str] = {}


def register_notification_kinds(texts: dict[str, Promise | str]) -> None:
    """Register `kind → text`; the text may hold %(name)s placeholders filled from params."""
    _texts.update(texts)


def notification_text(kind: str, params: dict) -> str:
    """The text of `kind` in the active language, with `params` filled in."""
    return str(_texts.get(kind, kind)) % params
