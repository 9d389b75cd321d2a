from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page, Site

from portal.accounts.models import NETWORK_ADMIN_GROUP

from .models import ContentPage, HomePage
from .site_content import ENGLISH, HOME, PAGES


@transaction.atomic
def site_pages_ensure(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Create the home page and the standard content pages, and their English
    translations, if they are missing.

    Existing pages are left as editors made them, so running it again is safe.
    """
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a "Welcome" page; ours replaces it.
        for page in root.get_children().exact_type(Page):
            page.delete()
        home = root.add_child(
            instance=HomePage(
                title=HOME["title"], slug="home", intro=HOME["intro"], body=HOME["body"]
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    existing = set(home.get_children().values_list("slug", flat=True))
    for content in PAGES:
        if content["slug"] in existing:
            continue
        page = home.add_child(instance=ContentPage(**content))
        page.save_revision().publish()
    _translate_into_english(home)
    _network_admins_edit(home)
    return home


def _network_admins_edit(home: HomePage) -> None:
    """The network admins' group edits and publishes the site pages (both languages' trees),
    nothing else in the page tree: portfolios are pages too, outside the site."""
    group = Group.objects.filter(name=NETWORK_ADMIN_GROUP).first()
    if group is None:
        return
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=("add_page", "change_page", "publish_page"),
    )
    for page in HomePage.objects.filter(depth=home.depth):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _translate_into_english(home: HomePage) -> None:
    english, _ = Locale.objects.get_or_create(language_code="en")
    pages = [home, *ContentPage.objects.child_of(home)]
    for page in pages:
        content = ENGLISH.get("" if page.pk == home.pk else page.slug)
        if content is None or page.get_translation_or_none(english) is not None:
            continue
        translation = page.copy_for_translation(english, copy_parents=True)
        for field, value in content.items():
            setattr(translation, field, value)
        translation.save_revision().publish()
