"""The skill taxonomy in the Wagtail admin, for network admins."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Concept
from .viewsets import concept_permission_policy, concept_viewset

register_permission_policy(Concept, concept_permission_policy, exact_class=True)


@hooks.register("register_admin_viewset")
def register_concept_viewset():
    return concept_viewset
