from django import template

from portfolios.documents import name_redactor

register = template.Library()


@register.simple_tag(takes_context=True)
def shown(context, text: str) -> str:
    """Free text of the portfolio as this viewer may see it: names blanked when anonymised.

    People write their own name in "about me" or an experience entry; an employer
    who may not know who it is must not read it there either.
    """
    if context.get("show_identity") or not text:
        return text
    redact = context.get("_name_redactor")
    if redact is None:
        redact = context["_name_redactor"] = name_redactor(context["portfolio"])
    return redact(text)
