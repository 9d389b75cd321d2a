"""The network admins' group no longer adds, changes or deletes groups: editing a group
would let them grant their own group page permissions on the portfolio tree. Groups are
for superusers (operations); network admins still see them and appoint network admins on
the user screens (`portal.accounts.admin_users`)."""

from django.db import migrations

GROUP = "Netwerkbeheer"
TAKEN = ("add_group", "change_group", "delete_group")


def _change(apps, codenames, *, grant: bool) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is None:
        return
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="auth", codename__in=codenames
    )
    (group.permissions.add if grant else group.permissions.remove)(*permissions)


def take_away(apps, schema_editor):
    _change(apps, TAKEN, grant=False)


def give_back(apps, schema_editor):
    _change(apps, ("change_group",), grant=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_network_admin_group")]

    operations = [migrations.RunPython(take_away, give_back)]
