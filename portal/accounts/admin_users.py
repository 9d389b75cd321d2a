"""The admin's user screens, held to what a network admin may do (PRODUCT.md: organisations,
members and roles; never more power than they hold themselves).

Wagtail's own user forms offer "Administrator" (`is_superuser`) and every group to anyone
who may add or change users. Here, for everyone but a superuser:
- the superuser flag is not on the form, so a POST that sets it changes nothing;
- the only group on offer is the network admins' group (`NETWORK_ADMIN_GROUP`); groups the
  person already holds outside it are kept as they are;
- a superuser's account cannot be opened for editing (403): no taking it over by its password.
Groups themselves are edited by superusers only (`accounts/0005`).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from .models import NETWORK_ADMIN_GROUP, User


class _WithinOwnPowers:
    """Form mixin: takes `for_user` and leaves out what `for_user` may not hand out."""

    def __init__(self, *args, for_user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        self.fields["groups"].queryset = Group.objects.filter(name=NETWORK_ADMIN_GROUP)

    def clean_groups(self):
        chosen = list(self.cleaned_data["groups"])
        if self.for_user.is_superuser or self.instance.pk is None:
            return chosen
        offered = self.fields["groups"].queryset.values("pk")
        return chosen + list(self.instance.groups.exclude(pk__in=offered))


class NetworkUserCreationForm(_WithinOwnPowers, UserCreationForm):
    pass


class NetworkUserEditForm(_WithinOwnPowers, UserEditForm):
    pass


class _PassesRequestUser:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class CreateView(_PassesRequestUser, users.CreateView):
    pass


class EditView(_PassesRequestUser, users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return NetworkUserEditForm if for_update else NetworkUserCreationForm
