"""The one place where django-guardian's object permissions are granted, revoked and read.

(The models only declare their direct foreign-key permission tables, in
`portal.organisations.models`.) Object permissions are asked through a policy object on
Wagtail's permission-policy interface, so views never talk to guardian, and list pages
get a queryset filtered by a join on those tables instead of a permission check per row.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.permission_policies.base import BasePermissionPolicy

from portal.accounts.models import User

AnyUser = User | AnonymousUser


class ObjectPermissionPolicy(BasePermissionPolicy):
    """Object permissions held in a model's direct foreign-key guardian tables.

    `actions` are the permission codenames declared in the model's Meta, e.g.
    "manage_members". Network admins (`User.is_network_admin`) may do everything.
    """

    def __init__(self, model, *, user_permission_model, group_permission_model=None):
        super().__init__(model)
        self.user_permission_model = user_permission_model
        self.group_permission_model = group_permission_model

    def _held_by(self, user: User, actions: Iterable[str]) -> Q:
        actions = list(actions)
        held = Q(
            Exists(
                self.user_permission_model.objects.filter(
                    content_object=OuterRef("pk"), user=user, permission__codename__in=actions
                )
            )
        )
        if self.group_permission_model is not None:
            held |= Q(
                Exists(
                    self.group_permission_model.objects.filter(
                        content_object=OuterRef("pk"),
                        group__user=user,
                        permission__codename__in=actions,
                    )
                )
            )
        return held

    def user_has_permission(self, user: AnyUser, action: str) -> bool:
        # Model-wide permission: holding the action on at least one object.
        return self.instances_user_has_permission_for(user, action).exists()

    def instances_user_has_any_permission_for(self, user: AnyUser, actions: Iterable[str]):
        if not user.is_authenticated or not user.is_active:
            return self.model._default_manager.none()
        if user.is_network_admin:
            return self.model._default_manager.all()
        return self.model._default_manager.filter(self._held_by(user, actions))

    def instances_user_has_permission_for(self, user: AnyUser, action: str):
        return self.instances_user_has_any_permission_for(user, [action])

    def user_has_any_permission_for_instance(
        self, user: AnyUser, actions: Iterable[str], instance: models.Model
    ) -> bool:
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_permission_for_instance(
        self, user: AnyUser, action: str, instance: models.Model
    ) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def actions_for_instance(self, user: AnyUser, instance: models.Model) -> set[str]:
        """Every action `user` may take on `instance`, in one query, for pages that show several buttons."""
        if not user.is_authenticated or not user.is_active:
            return set()
        if user.is_network_admin:
            return {codename for _, codename in self._all_permission_codenames()}
        held = self.user_permission_model.objects.filter(
            content_object=instance, user=user
        ).values_list("permission__codename", flat=True)
        if self.group_permission_model is not None:
            held = held.union(
                self.group_permission_model.objects.filter(
                    content_object=instance, group__user=user
                ).values_list("permission__codename", flat=True)
            )
        return set(held)

    def _all_permission_codenames(self) -> list[tuple[str, str]]:
        return [(name, codename) for codename, name in self.model._meta.permissions]

    def users_with_any_permission_for_instance(
        self, actions: Iterable[str], instance: models.Model
    ) -> models.QuerySet[User]:
        actions = list(actions)
        direct = Q(
            Exists(
                self.user_permission_model.objects.filter(
                    user=OuterRef("pk"), content_object=instance, permission__codename__in=actions
                )
            )
        )
        return User.objects.filter(
            Q(direct, is_active=True) | Q(pk__in=User.objects.network_admins().values("pk"))
        )

    def users_with_permission_for_instance(self, action: str, instance: models.Model):
        return self.users_with_any_permission_for_instance([action], instance)

    def grant(self, user: User, actions: Iterable[str], instance: models.Model) -> None:
        for action in actions:
            assign_perm(f"{self.model._meta.app_label}.{action}", user, instance)

    def revoke(self, user: User, actions: Iterable[str], instance: models.Model) -> None:
        for action in actions:
            remove_perm(f"{self.model._meta.app_label}.{action}", user, instance)

    def revoke_all(self, user: User, instance: models.Model) -> None:
        self.user_permission_model.objects.filter(user=user, content_object=instance).delete()
