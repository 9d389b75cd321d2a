"""The network admin becomes a role: a group with Wagtail admin access and the model
permissions of the admin's network screens (`portal.accounts.models.NETWORK_ADMIN_GROUP`).
Existing superusers keep working; nobody is put in the group here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Netwerkbeheer"
PERMISSIONS = (
    "wagtailadmin.access_admin",
    # Accounts and who is a network admin.
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "auth.change_group",
    "auth.view_group",
    # Site documents (with the root collection below).
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
    "wagtaildocs.choose_document",
    "organisations.add_organisation",
    "organisations.change_organisation",
    "organisations.view_organisation",
    "organisations.add_membership",
    "organisations.change_membership",
    "organisations.delete_membership",
    "organisations.view_membership",
    "taxonomy.add_concept",
    "taxonomy.change_concept",
    "taxonomy.view_concept",
    "vacancies.change_employerprofile",
    "vacancies.view_employerprofile",
    "events.view_event",
    "socialreturn.add_valuationtable",
    "socialreturn.change_valuationtable",
    "socialreturn.delete_valuationtable",
    "socialreturn.view_valuationtable",
    "socialreturn.add_impacttarget",
    "socialreturn.change_impacttarget",
    "socialreturn.delete_impacttarget",
    "socialreturn.view_impacttarget",
)


def create_group(apps, schema_editor):
    # Model permissions are made after all migrations; this group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(
            app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias
        )
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for permission in PERMISSIONS:
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    # Documents are permitted per collection; the site pages per page
    # (`portal.pages.services.site_pages_ensure` grants those when it makes them).
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is not None:
        for permission in group.permissions.filter(content_type__app_label="wagtaildocs"):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_email_notifications"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("organisations", "0001_initial"),
        ("taxonomy", "0002_sources"),
        ("vacancies", "0004_musts"),
        ("events", "0003_placements_of_erased_accounts"),
        ("socialreturn", "0006_impact_report_as_generated_file"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
