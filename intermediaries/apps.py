from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntermediariesConfig(AppConfig):
    name = "intermediaries"
    verbose_name = _("Intermediaries")
