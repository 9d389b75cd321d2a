"""Every model's values in the Wagtail admin's inspect views read in the admin's language:
"Ja"/"Nee" for yes/no fields, "—" for an empty date (Wagtail writes "True" and "None")."""

from django.db import models
from wagtail.admin.ui.fields import register_display_class

from .admin_ui import DateDisplay, YesNoDisplay

register_display_class(models.BooleanField, display_class=YesNoDisplay)
register_display_class(models.DateField, display_class=DateDisplay)
