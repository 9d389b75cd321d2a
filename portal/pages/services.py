from django.db import transaction
from wagtail.models import Page, Site

from .models import ContentPage, HomePage
from .site_content import HOME, PAGES


@transaction.atomic
def site_pages_ensure(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Create the home page and the standard content pages if they are missing.

    Existing pages are left as editors made them, so running it again is safe.
    """
    home = HomePage.objects.first()
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
    return home
