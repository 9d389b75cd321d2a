"""The network admins' group no longer adds, changes or deletes groups: editing a group
would let them grant their own group page permissions on the portfolio tree. Groups are
for superusers (operations); network admins still see them and appoint network admins on
the user screens (`portal.accounts.admin_users`)."""

from django.db import migrations

GROUP = "Netwerkbeheer"
TAKEN = ("add_group", "change_group", "delete_group")


def take_away(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="auth", codename__in=TAKEN)
        )


def give_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="auth", codename="change_group")
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_network_admin_group")]

    operations = [migrations.RunPython(take_away, give_back)]
